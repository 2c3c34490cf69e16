// Renders fgakit's problem responses: the FgaException a guard rejection throws, and the fgakit
// errors a handler throws (e.g. `fga.assert(...)` on @Membership()). Living in the exception-filter
// path, it costs nothing on requests that succeed. Nest's default filter would write
// `application/json` on Express (it rewrites non-JSON content types of error bodies), so the body
// goes out pre-serialized, which both platforms send verbatim.
import { type FgaError, isFgaError } from '@fgakit/core';
import { type FgaResponse, type FgaRuntime, problemResponse } from '@fgakit/core/http';
import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FGA_RUNTIME } from './fga.constants.js';
import { FgaException } from './fga.exception.js';
import { runtimeOf } from './request-runtime.js';
import { setResponseHeaders } from './response-headers.js';
import { type NestHttpRequest, toAuthzRequest } from './to-authz-request.js';

/**
 * `@Catch()` target matching every fgakit error, also one from another copy of `@fgakit/core`:
 * Nest selects filters with `instanceof`, which this class answers with `isFgaError`.
 */
abstract class AnyFgaError {
  static [Symbol.hasInstance](value: unknown): boolean {
    return isFgaError(value);
  }
}

/**
 * Writes fgakit's problem response: for an {@link FgaException} (a guard rejection) and for an
 * fgakit error thrown by a handler (e.g. `fga.assert(...)` via `@Membership()`, mapped with the
 * runtime's `responseFor(err)`). Status, every header (`content-type: application/problem+json`,
 * `retry-after` on 503, `www-authenticate` on 401) and the JSON body go out identically on Express
 * and Fastify. It catches only those two kinds, so every other exception keeps Nest's own handling
 * (your filters, then Nest's default filter). `FgaModule` registers it globally.
 *
 * Outside HTTP (GraphQL, microservices, websockets) it returns the exception unchanged, for that
 * transport to report.
 *
 * @example Register it yourself (e.g. in a hybrid app that builds its own filters)
 * ```ts
 * app.useGlobalFilters(new FgaExceptionFilter(app.get(HttpAdapterHost), app.get(FGA_RUNTIME)));
 * ```
 */
@Catch(FgaException, AnyFgaError)
export class FgaExceptionFilter implements ExceptionFilter<FgaException | FgaError> {
  /**
   * @param adapterHost Nest's HTTP adapter host, through which the response is written.
   * @param fga The runtime whose `responseFor` maps handler errors; when absent, the runtime the
   * guard recorded for the request, else fgakit's default problem mapping.
   */
  constructor(
    @Optional() @Inject(HttpAdapterHost) private readonly adapterHost?: HttpAdapterHost,
    @Optional() @Inject(FGA_RUNTIME) private readonly fga?: FgaRuntime,
  ) {}

  catch(exception: FgaException | FgaError, host: ArgumentsHost): FgaException | FgaError | undefined {
    const adapter = this.adapterHost?.httpAdapter;
    // other transports (e.g. GraphQL) render the returned exception themselves
    if (host.getType() !== 'http' || adapter === undefined) return exception;
    const http = host.switchToHttp();
    const response = http.getResponse<unknown>();
    if (adapter.isHeadersSent(response)) {
      // as Nest's default filter does: the status line is gone, so only finish the response
      adapter.end(response);
      return undefined;
    }
    const answer =
      exception instanceof FgaException
        ? exception.toResponse()
        : this.responseFor(exception, http.getRequest<NestHttpRequest>());
    setResponseHeaders(this.adapterHost, response, answer.headers);
    adapter.reply(response, JSON.stringify(answer.body), answer.status);
    return undefined;
  }

  private responseFor(error: FgaError, request: NestHttpRequest): FgaResponse {
    // the guard's runtime first: it is the one whose options (problem type base, ...) apply here
    const runtime = runtimeOf(request) ?? this.fga;
    return runtime?.responseFor(error, toAuthzRequest(request)) ?? problemResponse(error);
  }
}
