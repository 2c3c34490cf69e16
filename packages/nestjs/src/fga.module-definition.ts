// The ConfigurableModuleBuilder behind FgaModule: forRoot/forRootAsync with the runtime options as
// the module options and `global` / `guard` as extras that shape the module definition.
import type { FgaRuntimeOptions } from '@fgakit/core/http';
import { ConfigurableModuleBuilder, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { FGA_GUARD_MODE, FGA_MODULE_OPTIONS } from './fga.constants.js';
import { FgaExceptionFilter } from './fga-exception.filter.js';
import { PermissionGuard } from './permission.guard.js';

/**
 * How the module installs {@link PermissionGuard}: `'global'` (default) registers it as `APP_GUARD`
 * so every route is guarded and fails closed without `@Public()` or a requirement; `'none'` leaves
 * it to you (`@UseGuards(PermissionGuard)` or your own `APP_GUARD` subclass).
 *
 * @example
 * ```ts
 * FgaModule.forRoot({ authorizer, identity, guard: 'none' });
 * ```
 */
export type FgaGuardMode = 'global' | 'none';

/**
 * Extras of {@link FgaModule.forRoot} / `forRootAsync`: how the module itself is registered.
 *
 * @example
 * ```ts
 * FgaModule.forRootAsync({ global: false, guard: 'global', useFactory: () => options });
 * ```
 */
export interface FgaModuleExtras {
  /** Register the module globally so `FGA_RUNTIME` and `PermissionGuard` inject anywhere (default `true`). */
  readonly global?: boolean | undefined;
  /** Install the guard app-wide (`'global'`, default) or not (`'none'`). */
  readonly guard?: FgaGuardMode | undefined;
}

/**
 * Options of {@link FgaModule.forRoot}: the runtime options of `@fgakit/core/http` plus the
 * module extras.
 *
 * @example
 * ```ts
 * const options: FgaModuleOptions = { authorizer, identity: bearerToken(verifier), conceal: true };
 * ```
 */
export type FgaModuleOptions = FgaRuntimeOptions & FgaModuleExtras;

/** @internal The builder's output; FgaModule extends `ConfigurableModuleClass`. */
export const { ConfigurableModuleClass, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<FgaRuntimeOptions>({
    moduleName: 'Fga',
    optionsInjectionToken: FGA_MODULE_OPTIONS,
  })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createFgaOptions')
    .setExtras<FgaModuleExtras>({ global: true, guard: 'global' }, applyExtras)
    .build();

function applyExtras(definition: DynamicModule, extras: FgaModuleExtras): DynamicModule {
  const guard = extras.guard ?? 'global';
  if (guard !== 'global' && guard !== 'none') {
    throw new TypeError(
      `FgaModule.forRoot: \`guard\` must be 'global' or 'none', got ${JSON.stringify(guard)}.`,
    );
  }
  const providers: Provider[] = [
    ...(definition.providers ?? []),
    { provide: FGA_GUARD_MODE, useValue: guard },
    // renders guard rejections and fgakit errors thrown by handlers, whatever the guard mode; a
    // filter (not a global interceptor) so requests that succeed never pay for it
    { provide: APP_FILTER, useClass: FgaExceptionFilter },
  ];
  // useExisting: one guard instance, the same one `@UseGuards(PermissionGuard)` would get
  if (guard === 'global') providers.push({ provide: APP_GUARD, useExisting: PermissionGuard });
  return { ...definition, global: extras.global ?? true, providers };
}

/**
 * Options of {@link FgaModule.forRootAsync}: `useFactory` + `inject` + `imports` (or `useClass` /
 * `useExisting` of a `{ createFgaOptions() }` factory) plus the module extras.
 *
 * @example
 * ```ts
 * FgaModule.forRootAsync({
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ authorizer, identity: bearerToken(verifierFrom(config)) }),
 * });
 * ```
 */
export type FgaModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
