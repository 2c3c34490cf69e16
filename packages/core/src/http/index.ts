// @fgakit/core/http: the framework-neutral request contract every adapter calls.
export {};
