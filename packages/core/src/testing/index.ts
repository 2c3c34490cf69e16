// @fgakit/core/testing: helpers for users' tests (an instrumenting authorizer wrapper, token minting).
// Explicit named exports only. Authorization decisions always come from a real authorizer
// (`createLocalAuthorizer({ model })`), never from a second evaluator here.

export type {
  AuthorizerCall,
  AuthorizerMethod,
  InstrumentAuthorizerOptions,
  InstrumentedAuthorizer,
  InstrumentedMode,
} from './instrument-authorizer.js';
export { instrumentAuthorizer } from './instrument-authorizer.js';
export type { SignOptions, TestIssuer, TestIssuerOptions, TestTokenClaims } from './test-issuer.js';
export { createTestIssuer } from './test-issuer.js';
