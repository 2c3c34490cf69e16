// @fgakit/core/testing: seeds and token minting for users' tests.
export {};
