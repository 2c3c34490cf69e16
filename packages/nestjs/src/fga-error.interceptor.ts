// Turns fgakit errors thrown inside handlers (e.g. by `fga.assert(...)` on @Membership()) into
// FgaExceptions, so they answer 401/403/404/503 like the guard instead of a 500.
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
 * response (`fga.responseFor(err)`); other errors pass through untouched. `FgaModule` registers
 * it globally.
 *
 * @example A handler-level check that throws
 * ```ts
 * @Patch(':projectId')
 * @RequirePermission('project', 'project:view')
 * async update(@Membership() fga: FgaContext, @Param('projectId') id: string) {
 *   await fga.assert('project:edit', { type: 'project', externalId: id }); // → 403 problem response
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
