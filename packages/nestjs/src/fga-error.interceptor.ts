// Opt-in: turns fgakit errors thrown inside handlers (e.g. by `fga.assert(...)` on @Membership())
// into FgaExceptions before any exception filter sees them. Not registered by FgaModule: its global
// FgaExceptionFilter already answers those errors, without an interceptor on every request.
import { isFgaError } from '@fgakit/core';
import type { FgaRuntime } from '@fgakit/core/http';
import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { FGA_RUNTIME } from './fga.constants.js';
import { FgaException } from './fga.exception.js';

/**
 * Maps an fgakit error thrown by a handler to an {@link FgaException} with the runtime's problem
 * response (`fga.responseFor(err)`); other errors pass through untouched.
 *
 * You do not need it for the response: `FgaModule`'s global `FgaExceptionFilter` already answers
 * fgakit errors thrown by handlers with their problem response (401/403/404/503, ...). Apply it
 * where your own exception filters (or other interceptors) should see those errors as an
 * `FgaException` (an `HttpException`). `FgaModule` does not register it globally: a global
 * interceptor puts every request of the app, `@Public()` or not, through Nest's interceptor
 * pipeline. It is a provider of `FgaModule`, so it injects wherever the module is visible.
 *
 * @example Per controller, so the controller's filters see `FgaException`s
 * ```ts
 * @UseInterceptors(FgaErrorInterceptor)
 * @UseFilters(AuditedHttpExceptionFilter)
 * @Controller('projects')
 * export class ProjectsController {
 *   @Patch(':projectId')
 *   @RequirePermission('project', 'project:view')
 *   async update(@Membership() fga: FgaContext, @Param('projectId') id: string) {
 *     await fga.assert('project:edit', { type: 'project', externalId: id }); // → FgaException (403)
 *   }
 * }
 * ```
 */
@Injectable()
export class FgaErrorInterceptor implements NestInterceptor {
  constructor(@Inject(FGA_RUNTIME) private readonly fga: FgaRuntime) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    return next.handle().pipe(
      catchError((err: unknown) => {
        if (err instanceof HttpException) return throwError(() => err);
        const response = this.fga.responseFor(err);
        if (response === undefined) return throwError(() => err);
        return throwError(
          () => new FgaException(response, { error: isFgaError(err) ? err : undefined, cause: err }),
        );
      }),
    );
  }
}
