// Which runtime guarded a request: the guard records it so `@Membership()` (a param decorator,
// outside DI) reaches the same runtime, and so the same per-request context.
import type { FgaRuntime } from '@fgakit/core/http';

const runtimes = new WeakMap<object, FgaRuntime>();

/** @internal Record the runtime that guards `request` (the platform request object). */
export function bindRuntime(request: object, runtime: FgaRuntime): void {
  runtimes.set(request, runtime);
}

/** @internal The runtime recorded for `request`, if a `PermissionGuard` ran on it. */
export function runtimeOf(request: object): FgaRuntime | undefined {
  return runtimes.get(request);
}
