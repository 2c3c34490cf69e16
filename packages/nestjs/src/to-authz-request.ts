// Nest's HTTP request (Express `req` or Fastify `request`) as core's AuthzRequest; both platforms
// expose method, url, headers, params, query and body under the same names.
import type { IncomingHttpHeaders } from 'node:http';
import { type AuthzRequest, RequestView, readHeader, requestView } from '@fgakit/core/http';

/**
 * The members of an Express or Fastify request that the guard reads. Both platforms' request
 * objects satisfy it, so no platform package is imported.
 *
 * @example
 * ```ts
 * const request = context.switchToHttp().getRequest<NestHttpRequest>();
 * ```
 */
export interface NestHttpRequest {
  readonly method: string;
  readonly url: string;
  /** Express and Fastify (≥ 4.x) keep the URL before any rewrite here. */
  readonly originalUrl?: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly params?: unknown;
  readonly query?: unknown;
  readonly body?: unknown;
}

/**
 * Build core's {@link AuthzRequest} from an Express or Fastify request; `native` is the request
 * itself, so the guard, `@Membership()` and `fga.context()` share one per-request context.
 *
 * @example In a custom guard
 * ```ts
 * const outcome = await fga.authorize(toAuthzRequest(context.switchToHttp().getRequest()), requirement);
 * ```
 */
export function toAuthzRequest<R extends NestHttpRequest>(request: R): AuthzRequest<R> {
  // the view reads only NestHttpRequest members; `native` is the caller's own request type
  return requestView<NestHttpRequest, NestRequestView>(
    request,
    createView,
    carrierOf(request),
  ) as unknown as AuthzRequest<R>;
}

/**
 * @internal Where the view (and the guard's runtime, see request-runtime.ts) rides: on the Express
 * platform `res.locals` (see @fgakit/express: a property added to an Express request costs a copy
 * of its own hidden class), else the request itself (a Fastify request's shape is shared, so the
 * property is cheap there).
 */
export function carrierOf(request: NestHttpRequest): object {
  const locals = (request as { readonly res?: { readonly locals?: unknown } }).res?.locals;
  return typeof locals === 'object' && locals !== null ? locals : request;
}

function createView(request: NestHttpRequest): NestRequestView {
  return new NestRequestView(request);
}

/** The request as core sees it; every member reads the request when asked, never up front. */
class NestRequestView extends RequestView<NestHttpRequest> {
  get method(): string {
    return this.native.method.toUpperCase();
  }

  get path(): string {
    const url = this.native.originalUrl ?? this.native.url;
    const queryAt = url.indexOf('?');
    return queryAt === -1 ? url : url.slice(0, queryAt);
  }

  header(name: string): string | undefined {
    return readHeader(this.native.headers, name);
  }

  param(name: string): string | undefined {
    return firstString(readMember(this.native.params, name));
  }

  query(name: string): string | undefined {
    return firstString(readMember(this.native.query, name));
  }

  body(): unknown {
    return this.native.body;
  }
}

function readMember(container: unknown, name: string): unknown {
  if (typeof container !== 'object' || container === null) return undefined;
  // own properties only: a param named "constructor" must not read Object.prototype
  return Object.hasOwn(container, name) ? (container as Record<string, unknown>)[name] : undefined;
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return undefined;
}
