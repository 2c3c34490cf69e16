// @Public(): the explicit opt-out from the global PermissionGuard; without it (or a requirement)
// a route fails closed.
import { type CustomDecorator, SetMetadata } from '@nestjs/common';
import { FGA_PUBLIC_METADATA } from './fga.constants.js';

/**
 * Mark a route (or every route of a controller) as public: the global `PermissionGuard` lets it
 * through without identity. A handler-level requirement overrides a class-level `@Public()` and
 * vice versa; both on the same handler is a start-up error.
 *
 * @example
 * ```ts
 * @Public()
 * @Get('health')
 * health() { return { ok: true }; }
 * ```
 */
export function Public(): CustomDecorator<string> {
  return SetMetadata(FGA_PUBLIC_METADATA, true);
}
