// RFC 9457 problem responses with fgakit's stable codes: the one place that decides what a
// rejected request looks like, so three adapters write byte-identical answers.
import type { ServerResponse } from 'node:http';
import {
  AuthorizationUnavailableError,
  type FgaError,
  type FgaErrorCode,
  isFgaError,
  NotFoundError,
} from '../errors.js';
import type { FgaResponse, ProblemDetails } from './types.js';

/** Default prefix of problem `type` URIs; the error code is appended. */
export const DEFAULT_PROBLEM_TYPE_BASE = 'urn:fgakit:problem:';

/** The detail of every concealed denial and every missing resource: identical, so existence never leaks. */
export const NOT_FOUND_DETAIL = 'The requested resource was not found.';

const TITLES = new Map<number, string>([
  [400, 'Bad Request'],
  [401, 'Unauthorized'],
  [403, 'Forbidden'],
  [404, 'Not Found'],
  [409, 'Conflict'],
  [422, 'Unprocessable Content'],
  [500, 'Internal Server Error'],
  [503, 'Service Unavailable'],
]);

const DETAILS = new Map<string, string>([
  ['authentication_required', 'Authentication is required.'],
  ['invalid_token', 'The access token is invalid.'],
  ['token_expired', 'The access token has expired.'],
  ['token_not_yet_valid', 'The access token is not valid yet.'],
  ['membership_unresolved', 'No organization membership was found for this identity.'],
  ['permission_denied', 'You do not have permission to perform this action.'],
  ['entity_not_found', NOT_FOUND_DETAIL],
  ['authorization_unavailable', 'Authorization is temporarily unavailable; retry later.'],
  ['authorization_timeout', 'Authorization timed out; retry later.'],
]);

/** Options of {@link problemResponse}. */
export interface ProblemResponseOptions {
  /** Prefix of the `type` URI (default {@link DEFAULT_PROBLEM_TYPE_BASE}). */
  readonly problemTypeBase?: string | undefined;
  /** `Retry-After` seconds for 503 when the error names none (default 1). */
  readonly retryAfterSeconds?: number | undefined;
}

/**
 * The response for an fgakit error: status, headers and an `application/problem+json` body.
 * Details are fixed per code (never the internal message of a 5xx), so bodies are stable.
 *
 * @example
 * ```ts
 * const r = problemResponse(new PermissionDeniedError('permission_denied', 'no'));
 * // { status: 403, headers: { 'content-type': 'application/problem+json', ... }, body: { code: 'permission_denied', ... } }
 * ```
 */
export function problemResponse(error: FgaError, options: ProblemResponseOptions = {}): FgaResponse {
  const status = error.status;
  const code: FgaErrorCode = error.code;
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
  };
  if (status === 401) {
    headers['www-authenticate'] =
      code === 'authentication_required' ? 'Bearer' : 'Bearer error="invalid_token"';
  }
  const body: Record<string, unknown> = {
    type: (options.problemTypeBase ?? DEFAULT_PROBLEM_TYPE_BASE) + code,
    title: TITLES.get(status) ?? (status >= 500 ? 'Internal Server Error' : 'Error'),
    status,
    detail: DETAILS.get(code) ?? (error.expose ? error.message : 'The request could not be authorized.'),
    code,
  };
  if (status === 503) {
    const retryAfter =
      error instanceof AuthorizationUnavailableError ? error.retryAfter : (options.retryAfterSeconds ?? 1);
    headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfter)));
  }
  return { status, headers, body: body as ProblemDetails };
}

/**
 * The concealed answer: a 404 identical for a missing resource and a forbidden one.
 *
 * @example
 * ```ts
 * writeFgaResponse(res, concealedResponse());
 * ```
 */
export function concealedResponse(options: ProblemResponseOptions = {}): FgaResponse {
  return problemResponse(new NotFoundError('resource', 'concealed'), options);
}

/**
 * The response for any thrown value, or `undefined` when it is not an fgakit error.
 *
 * @example In an error handler
 * ```ts
 * const response = responseForError(err);
 * if (response) return writeFgaResponse(res, response);
 * ```
 */
export function responseForError(
  error: unknown,
  options: ProblemResponseOptions = {},
): FgaResponse | undefined {
  return isFgaError(error) ? problemResponse(error, options) : undefined;
}

/**
 * The body as the bytes to send (`JSON.stringify`), for writers that take a string.
 *
 * @example
 * ```ts
 * ctx.status = r.status; ctx.set(r.headers); ctx.body = serializeFgaResponse(r);
 * ```
 */
export function serializeFgaResponse(response: FgaResponse): string {
  return JSON.stringify(response.body);
}

/**
 * Write a response to a Node `ServerResponse` (Express's `res`, Koa's `ctx.res`, Fastify's `reply.raw`).
 *
 * @example
 * ```ts
 * if (!outcome.ok) return writeFgaResponse(res, outcome.response);
 * ```
 */
export function writeFgaResponse(res: ServerResponse, response: FgaResponse): void {
  const text = serializeFgaResponse(response);
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}
