// Finds every controller route at start-up and compiles its requirement metadata with the
// module's runtime, so an unknown slug or a conflicting declaration stops the app before it listens.
import { ConfigurationError } from '@fgakit/core';
import type { FgaRuntime, Requirement, RequirementSpec } from '@fgakit/core/http';
import { Inject, Injectable, Logger, type OnModuleInit, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, ModuleRef } from '@nestjs/core';
import {
  FGA_GUARD_MODE,
  FGA_PUBLIC_METADATA,
  FGA_REQUIREMENTS_METADATA,
  FGA_RUNTIME,
} from './fga.constants.js';
import type { FgaGuardMode } from './fga.module-definition.js';
import type { FgaResourceLoader } from './require-permission.decorator.js';

/**
 * What a route declared: `public` (`@Public()`), a compiled `requirement`, or `undeclared`
 * (neither: the guard fails closed with 403 `permission_denied`).
 *
 * @example
 * ```ts
 * const access = explorer.accessFor(context.getClass(), context.getHandler());
 * if (access.kind === 'requirement') await fga.authorize(request, access.requirement);
 * ```
 */
export type RouteAccess =
  | { readonly kind: 'public' }
  | { readonly kind: 'requirement'; readonly requirement: Requirement }
  | { readonly kind: 'undeclared' };

/**
 * Compiles and caches the requirement of every route handler: eagerly for every controller at
 * module init (failing start-up on a bad declaration), lazily for anything registered later.
 *
 * @example
 * ```ts
 * const explorer = app.get(FgaExplorer);
 * explorer.accessFor(ProjectsController, ProjectsController.prototype.find); // { kind: 'requirement', ... }
 * ```
 */
@Injectable()
export class FgaExplorer implements OnModuleInit {
  private readonly logger = new Logger('FgaModule');
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAccess>>();
  private readonly warned = new WeakSet<object>();

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(FGA_RUNTIME) private readonly fga: FgaRuntime,
    @Inject(FGA_GUARD_MODE) private readonly guardMode: FgaGuardMode,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
  ) {}

  /** Compile every controller's declarations now; throws `ConfigurationError` naming the handler. */
  onModuleInit(): void {
    for (const wrapper of this.discovery.getControllers()) {
      const controller: unknown = wrapper.metatype;
      if (typeof controller !== 'function') continue;
      const prototype = (controller as { prototype: object }).prototype;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler: unknown = (prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined)
          continue;
        const access = this.accessFor(controller, handler);
        if (access.kind === 'undeclared' && this.guardMode === 'global')
          this.warnUndeclared(controller, handler);
      }
    }
  }

  /**
   * The access rule of `handler` on `controller` (handler-level declarations override the class's).
   * Throws `ConfigurationError` when the declaration cannot compile.
   */
  accessFor(controller: object, handler: object): RouteAccess {
    let byHandler = this.routes.get(controller);
    if (byHandler === undefined) {
      byHandler = new WeakMap();
      this.routes.set(controller, byHandler);
    }
    let access = byHandler.get(handler);
    if (access === undefined) {
      access = this.resolve(controller, handler);
      byHandler.set(handler, access);
    }
    return access;
  }

  /** Log, once per handler, that a route has neither `@Public()` nor a requirement. */
  warnUndeclared(controller: object, handler: object): void {
    if (this.warned.has(handler)) return;
    this.warned.add(handler);
    this.logger.warn(
      `${describeRoute(controller, handler)} has neither @Public() nor a permission requirement: ` +
        'it answers 403 permission_denied (fail closed). Add @RequirePermission(...) or @Public().',
    );
  }

  private resolve(controller: object, handler: object): RouteAccess {
    const own = this.declared(controller, handler, handler, 'handler');
    if (own !== undefined) return own;
    return this.declared(controller, handler, controller, 'controller') ?? { kind: 'undeclared' };
  }

  private declared(
    controller: object,
    handler: object,
    target: object,
    level: 'handler' | 'controller',
  ): RouteAccess | undefined {
    // getMetadata (not own): a subclass controller inherits its parent's class-level declarations
    const specs: unknown = Reflect.getMetadata(FGA_REQUIREMENTS_METADATA, target);
    const isPublic = Reflect.getMetadata(FGA_PUBLIC_METADATA, target) === true;
    const hasSpecs = Array.isArray(specs) && specs.length > 0;
    if (isPublic && hasSpecs) {
      throw new ConfigurationError(
        'invalid_configuration',
        `${describeRoute(controller, handler)}: the ${level} has both @Public() and a permission requirement; keep one.`,
      );
    }
    if (isPublic) return { kind: 'public' };
    if (!hasSpecs) return undefined;
    try {
      const list = (specs as RequirementSpec[]).map((spec) => this.withLoaderInstances(spec));
      const requirement = list.length === 1 ? this.fga.compile(list[0]!) : this.fga.allOf(...list);
      return { kind: 'requirement', requirement };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new ConfigurationError(
        err instanceof ConfigurationError ? err.code : 'invalid_configuration',
        `${describeRoute(controller, handler)}: ${message}`,
        { cause: err },
      );
    }
  }

  /** Replace `load: SomeLoaderClass` by a function calling the container's instance. */
  private withLoaderInstances(spec: RequirementSpec): RequirementSpec {
    if (spec.kind !== 'permission') {
      const requirements = spec.requirements.map((child) =>
        'description' in child ? child : this.withLoaderInstances(child),
      );
      return { kind: spec.kind, requirements };
    }
    const load: unknown = spec.options?.load;
    if (!isLoaderClass(load)) return spec;
    let instance: FgaResourceLoader;
    try {
      instance = this.moduleRef.get<FgaResourceLoader>(load, { strict: false });
    } catch (err) {
      throw new ConfigurationError(
        'invalid_configuration',
        `loader ${load.name} is not a provider: add it to the \`providers\` of a module (it is resolved from the container at start-up).`,
        { cause: err },
      );
    }
    return {
      ...spec,
      options: { ...spec.options, load: (request, context) => instance.load(request, context) },
    };
  }
}

function isLoaderClass(
  value: unknown,
): value is (abstract new (...args: never[]) => FgaResourceLoader) & { name: string } {
  if (typeof value !== 'function') return false;
  const prototype: unknown = (value as { prototype?: unknown }).prototype;
  return (
    typeof prototype === 'object' &&
    prototype !== null &&
    typeof (prototype as { load?: unknown }).load === 'function'
  );
}

/** `GET /projects/:projectId (ProjectsController.find)`, from Nest's routing metadata. */
function describeRoute(controller: object, handler: object): string {
  const name = `${(controller as { name?: string }).name ?? 'AnonymousController'}.${(handler as { name?: string }).name ?? 'handler'}`;
  const method: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
  const verb = typeof method === 'number' ? (RequestMethod[method] ?? 'ALL') : 'ALL';
  const path = joinPaths(
    Reflect.getMetadata(PATH_METADATA, controller),
    Reflect.getMetadata(PATH_METADATA, handler),
  );
  return `${verb} ${path} (${name})`;
}

function joinPaths(base: unknown, own: unknown): string {
  const first = (value: unknown): string => {
    const v = Array.isArray(value) ? value[0] : value;
    return typeof v === 'string' ? v : '';
  };
  const joined = [first(base), first(own)]
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part !== '')
    .join('/');
  return `/${joined}`;
}
