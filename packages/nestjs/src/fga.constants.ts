// Injection tokens and metadata keys of @fgakit/nestjs: one place, so subclasses and tests can
// reach the runtime and the decorators' metadata without importing internals.

/**
 * Injection token of the module's {@link FgaRuntime} (created once from the module options).
 *
 * @example Use the runtime in a service
 * ```ts
 * @Injectable()
 * export class ReportsService {
 *   constructor(@Inject(FGA_RUNTIME) private readonly fga: FgaRuntime) {}
 * }
 * ```
 */
export const FGA_RUNTIME: unique symbol = Symbol.for('fgakit:nestjs:runtime');

/**
 * Injection token of the resolved {@link FgaModuleOptions} (after `forRootAsync`'s factory ran).
 *
 * @example
 * ```ts
 * constructor(@Inject(FGA_MODULE_OPTIONS) options: FgaRuntimeOptions) {}
 * ```
 */
export const FGA_MODULE_OPTIONS: unique symbol = Symbol.for('fgakit:nestjs:options');

/**
 * Injection token of the guard mode (`'global'` or `'none'`) the module was registered with.
 *
 * @example
 * ```ts
 * constructor(@Inject(FGA_GUARD_MODE) mode: 'global' | 'none') {}
 * ```
 */
export const FGA_GUARD_MODE: unique symbol = Symbol.for('fgakit:nestjs:guard-mode');

/**
 * Metadata key under which `@RequirePermission()` and friends store their `RequirementSpec[]`
 * (on the handler function or the controller class).
 *
 * @example
 * ```ts
 * const specs = reflector.get<RequirementSpec[]>(FGA_REQUIREMENTS_METADATA, handler);
 * ```
 */
export const FGA_REQUIREMENTS_METADATA = 'fgakit:requirements';

/**
 * Metadata key set to `true` by `@Public()`.
 *
 * @example
 * ```ts
 * const isPublic = reflector.getAllAndOverride<boolean>(FGA_PUBLIC_METADATA, [handler, cls]);
 * ```
 */
export const FGA_PUBLIC_METADATA = 'fgakit:public';
