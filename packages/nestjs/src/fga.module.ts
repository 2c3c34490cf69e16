// FgaModule: one FgaRuntime per application, the global PermissionGuard (fail closed), and the
// start-up compilation of every route's declared requirement.
import { createFgaRuntime, type FgaRuntime, type FgaRuntimeOptions } from '@fgakit/core/http';
import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { FGA_MODULE_OPTIONS, FGA_RUNTIME } from './fga.constants.js';
import { FgaExplorer } from './fga.explorer.js';
import {
  ConfigurableModuleClass,
  type FgaModuleAsyncOptions,
  type FgaModuleOptions,
} from './fga.module-definition.js';
import { FgaErrorInterceptor } from './fga-error.interceptor.js';
import { PermissionGuard } from './permission.guard.js';

/**
 * fgakit for NestJS (10 and 11, Express and Fastify platforms). Creates the `FgaRuntime`
 * (`FGA_RUNTIME`), compiles every `@RequirePermission()` at start-up (an unknown slug makes
 * `app.init()` reject), installs `PermissionGuard` globally unless `guard: 'none'`, and registers
 * `FgaExceptionFilter` globally (it renders guard rejections and fgakit errors thrown by handlers
 * as problem+json; no global interceptor). The module is global unless `global: false`.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     FgaModule.forRoot({
 *       authorizer,
 *       identity: bearerToken(createTokenVerifier({ jwksUrl: authKitJwksUrl(clientId), algorithms: ['RS256'] })),
 *       conceal: true,
 *     }),
 *   ],
 *   controllers: [ProjectsController],
 * })
 * export class AppModule {}
 * ```
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: FGA_RUNTIME,
      useFactory: (options: FgaRuntimeOptions): FgaRuntime => createFgaRuntime(options),
      inject: [FGA_MODULE_OPTIONS],
    },
    FgaExplorer,
    PermissionGuard,
    FgaErrorInterceptor,
  ],
  exports: [FGA_RUNTIME, FGA_MODULE_OPTIONS, FgaExplorer, PermissionGuard, FgaErrorInterceptor],
})
export class FgaModule extends ConfigurableModuleClass {
  /**
   * Register with static options: the runtime options of `@fgakit/core/http`
   * (`authorizer`, `identity`, `conceal`, `timeoutMs`, hooks, ...) plus `global` and `guard`.
   *
   * @example
   * ```ts
   * FgaModule.forRoot({ authorizer: demo.authorizer, identity: bearerToken(verifier), guard: 'global' })
   * ```
   */
  static override forRoot(options: FgaModuleOptions): DynamicModule {
    // biome-ignore lint/complexity/noThisInStatic: super keeps `this` = FgaModule, the module the definition names
    return super.forRoot(options);
  }

  /**
   * Register with options from a factory (`useFactory` + `inject` + `imports`, or `useClass` /
   * `useExisting` of a class with `createFgaOptions()`); `global` and `guard` sit beside them.
   *
   * @example
   * ```ts
   * FgaModule.forRootAsync({
   *   imports: [AuthModule],
   *   inject: [AUTHORIZER, TOKEN_VERIFIER],
   *   useFactory: (authorizer: Authorizer, verifier: TokenVerifier) => ({ authorizer, identity: bearerToken(verifier) }),
   * })
   * ```
   */
  static override forRootAsync(options: FgaModuleAsyncOptions): DynamicModule {
    // biome-ignore lint/complexity/noThisInStatic: super keeps `this` = FgaModule, the module the definition names
    return super.forRootAsync(options);
  }
}
