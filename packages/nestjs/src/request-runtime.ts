// Which runtime guarded a request: the guard records it so `@Membership()` (a param decorator,
// outside DI) reaches the same runtime, and so the same per-request context.
//
// The guard records it on every request, `@Public()` routes included, so the record is a property
// under a symbol of this module on the object that also carries the request's view (`res.locals` on
// Express, the request itself on Fastify): a `WeakMap` set per request is a hash insert into a table
// the garbage collector has to process, where a property on those objects is a store. A request
// belongs to one app, so the record stays per app. Frozen or sealed carriers fall back to the map.
import type { FgaRuntime } from '@fgakit/core/http';
import { carrierOf, type NestHttpRequest } from './to-authz-request.js';

const RUNTIME = Symbol('fgakit.nestRuntime');
const sealed = new WeakMap<object, FgaRuntime>();

type Carrier = { [RUNTIME]?: FgaRuntime };

/** @internal Record the runtime that guards `request` (the platform request object). */
export function bindRuntime(request: NestHttpRequest, runtime: FgaRuntime): void {
  const carrier = carrierOf(request) as Carrier;
  if (Object.isExtensible(carrier)) carrier[RUNTIME] = runtime;
  else sealed.set(request, runtime);
}

/** @internal The runtime recorded for `request`, if a `PermissionGuard` ran on it. */
export function runtimeOf(request: NestHttpRequest): FgaRuntime | undefined {
  return (carrierOf(request) as Carrier)[RUNTIME] ?? sealed.get(request);
}
