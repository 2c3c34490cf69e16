// The exception a denied request becomes at the Nest edge: an HttpException carrying the problem
// body, so Nest's own exception filter renders it on Express and Fastify alike.
import type { FgaError } from '@fgakit/core';
import type { FgaResponse } from '@fgakit/core/http';
import { HttpException } from '@nestjs/common';

/**
 * An `HttpException` whose response is fgakit's `application/problem+json` body and whose status is
 * the outcome's (401, 403, 404, 503, ...). The guard sets {@link FgaException.headers} on the
 * response before throwing it, because Nest's filter writes only status and body.
 *
 * @example Map a denial yourself
 * ```ts
 * const outcome = await fga.authorize(request, requirement);
 * if (!outcome.ok) throw new FgaException(outcome.response, { error: outcome.error });
 * ```
 *
 * @example In a custom exception filter
 * ```ts
 * if (exception instanceof FgaException) console.log(exception.getStatus(), exception.problem.code);
 * ```
 */
export class FgaException extends HttpException {
  /** Headers of the rejection (lower-case names): content-type, retry-after on 503, www-authenticate on 401. */
  readonly headers: Readonly<Record<string, string>>;
  /** The problem body that Nest's filter renders. */
  readonly problem: FgaResponse['body'];
  /** The classified fgakit error, when the exception came from one. */
  readonly error: FgaError | undefined;

  constructor(
    response: FgaResponse,
    options: { readonly error?: FgaError | undefined; readonly cause?: unknown } = {},
  ) {
    super(response.body, response.status, { cause: options.cause ?? options.error });
    this.name = 'FgaException';
    this.headers = response.headers;
    this.problem = response.body;
    this.error = options.error;
  }

  /** The response fgakit wants written: status, headers and body. */
  toResponse(): FgaResponse {
    return { status: this.getStatus(), headers: this.headers, body: this.problem };
  }
}
