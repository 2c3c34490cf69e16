// Renders FgaException with its own headers and content type. Nest's default filter would write
// `application/json` on Express (it rewrites non-JSON content types of error bodies), so the body
// goes out pre-serialized, which both platforms send verbatim.
import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FgaException } from './fga.exception.js';
import { setResponseHeaders } from './response-headers.js';

/**
 * Writes an {@link FgaException} as fgakit's problem response: status, every header
 * (`content-type: application/problem+json`, `retry-after` on 503, `www-authenticate` on 401) and
 * the JSON body, identically on Express and Fastify. `FgaModule` registers it globally.
 *
 * @example Register it yourself (e.g. in a hybrid app that builds its own filters)
 * ```ts
 * app.useGlobalFilters(new FgaExceptionFilter(app.get(HttpAdapterHost)));
 * ```
 */
@Catch(FgaException)
export class FgaExceptionFilter implements ExceptionFilter<FgaException> {
  constructor(@Optional() @Inject(HttpAdapterHost) private readonly adapterHost?: HttpAdapterHost) {}

  catch(exception: FgaException, host: ArgumentsHost): FgaException | undefined {
    const adapter = this.adapterHost?.httpAdapter;
    // other transports (e.g. GraphQL) render the returned exception themselves
    if (host.getType() !== 'http' || adapter === undefined) return exception;
    const response = host.switchToHttp().getResponse<unknown>();
    if (adapter.isHeadersSent(response)) return undefined;
    setResponseHeaders(this.adapterHost, response, exception.headers);
    adapter.reply(response, JSON.stringify(exception.problem), exception.getStatus());
    return undefined;
  }
}
