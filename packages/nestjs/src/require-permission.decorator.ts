// Route decorators that declare what a handler (or every handler of a controller) requires. They
// store plain RequirementSpec data; FgaModule compiles it at start-up so unknown slugs fail early.
import type {
  AuthzRequest,
  FgaContext,
  LoadedResource,
  PermissionRequirementOptions,
  RequirementSpec,
  ResourceLoader,
} from '@fgakit/core/http';
import type { Type } from '@nestjs/common';
import { FGA_REQUIREMENTS_METADATA } from './fga.constants.js';

/**
 * A resource loader as a Nest provider, so it can inject services (a repository, a client). Pass
 * the class as `load`; FgaModule resolves the instance from the container at start-up (register
 * it in `providers` of any module).
 *
 * @example
 * ```ts
 * @Injectable()
 * export class DocumentLoader implements FgaResourceLoader<Document> {
 *   constructor(@Inject(DocumentsService) private readonly documents: DocumentsService) {}
 *   async load(req: AuthzRequest) {
 *     const doc = await this.documents.find(req.param('documentId'));
 *     return doc ? { externalId: doc.projectId, row: doc } : null;
 *   }
 * }
 * // @RequirePermission('project', 'document:view', { load: DocumentLoader, conceal: true })
 * ```
 */
export interface FgaResourceLoader<Row = unknown> {
  load(
    request: AuthzRequest,
    context: FgaContext,
  ): Promise<LoadedResource<Row> | null> | LoadedResource<Row> | null;
}

/**
 * Options of {@link RequirePermission}: core's `PermissionRequirementOptions`, where `load` may
 * also be an injectable {@link FgaResourceLoader} class.
 *
 * @example
 * ```ts
 * const options: NestPermissionOptions = { load: DocumentLoader, conceal: true };
 * ```
 */
export type NestPermissionOptions<Row = unknown> = Omit<PermissionRequirementOptions<Row>, 'load'> & {
  readonly load?: ResourceLoader<Row> | Type<FgaResourceLoader<Row>> | undefined;
};

/**
 * A decorator usable on a controller class or on one of its route handlers.
 *
 * @example
 * ```ts
 * const canViewProject: FgaRouteDecorator = RequirePermission('project', 'project:view');
 * ```
 */
export type FgaRouteDecorator = ClassDecorator & MethodDecorator;

/**
 * A permission requirement as data, for {@link RequireAnyOf} / {@link RequireAllOf}.
 *
 * @example
 * ```ts
 * @RequireAnyOf(permission('project', 'project:edit'), permission('workspace', 'workspace:edit', { resource: { param: 'workspaceId' } }))
 * ```
 */
export function permission(
  resourceType: string,
  permissionSlug: string,
  options?: NestPermissionOptions,
): RequirementSpec {
  // a loader class stays in the spec until FgaExplorer swaps in the container's instance
  return options === undefined
    ? { kind: 'permission', resourceType, permission: permissionSlug }
    : {
        kind: 'permission',
        resourceType,
        permission: permissionSlug,
        options: options as PermissionRequirementOptions,
      };
}

/**
 * An organization-level requirement as data (checked on the caller's organization resource).
 *
 * @example
 * ```ts
 * @RequireAnyOf(organizationPermission('project:delete'), permission('project', 'project:delete'))
 * ```
 */
export function organizationPermission(
  permissionSlug: string,
  options?: Pick<PermissionRequirementOptions, 'conceal' | 'tokenFastPath' | 'consistency'>,
): RequirementSpec {
  return permission('organization', permissionSlug, options);
}

/**
 * Require `permission` on a resource of `resourceType`. The id comes from the route param
 * `:<resourceType>Id` (else `:id`) unless `options.resource` or `options.load` says otherwise.
 * On a controller class it applies to every handler without its own requirement; several on one
 * handler must all pass. Unknown slugs make the application fail at start-up.
 *
 * @example
 * ```ts
 * @Get(':projectId')
 * @RequirePermission('project', 'project:view', { conceal: true })
 * find(@Param('projectId') id: string) { ... }
 * ```
 *
 * @example High-cardinality rows: check on the nearest FGA parent (or pass an injectable
 * {@link FgaResourceLoader} class as `load`)
 * ```ts
 * @Get('documents/:documentId')
 * @RequirePermission('project', 'document:view', {
 *   load: async (req) => {
 *     const doc = await documents.find(req.param('documentId'));
 *     return doc ? { externalId: doc.projectId, row: doc } : null;
 *   },
 *   conceal: true,
 * })
 * ```
 */
export function RequirePermission(
  resourceType: string,
  permissionSlug: string,
  options?: NestPermissionOptions,
): FgaRouteDecorator {
  return requirementDecorator(permission(resourceType, permissionSlug, options));
}

/**
 * Require an organization-level permission, checked on the caller's organization resource (and
 * answered from a verified token's `permissions` claim when present, without a lookup).
 *
 * @example
 * ```ts
 * @Post('billing')
 * @RequireOrganizationPermission('billing:manage')
 * updateBilling() { ... }
 * ```
 */
export function RequireOrganizationPermission(
  permissionSlug: string,
  options?: Pick<PermissionRequirementOptions, 'conceal' | 'tokenFastPath' | 'consistency'>,
): FgaRouteDecorator {
  return requirementDecorator(organizationPermission(permissionSlug, options));
}

/**
 * Require any one of several requirements (evaluated in order; the first allow wins).
 *
 * @example
 * ```ts
 * @RequireAnyOf(organizationPermission('project:edit'), permission('project', 'project:edit'))
 * ```
 */
export function RequireAnyOf(...requirements: readonly RequirementSpec[]): FgaRouteDecorator {
  return requirementDecorator(
    ...(requirements.length === 1 ? requirements : [{ kind: 'anyOf', requirements } as const]),
  );
}

/**
 * Require every one of several requirements (stops at the first denial). Equivalent to stacking
 * one decorator per requirement; with a single spec it is the generic "require this spec" form.
 *
 * @example
 * ```ts
 * @RequireAllOf(permission('project', 'project:edit'), permission('app', 'app:deploy', { resource: { param: 'appId' } }))
 * ```
 */
export function RequireAllOf(...requirements: readonly RequirementSpec[]): FgaRouteDecorator {
  return requirementDecorator(...requirements);
}

/**
 * The `RequirementSpec`s declared on a handler or a controller class, in source order.
 *
 * @example
 * ```ts
 * getRequirementSpecs(ProjectsController.prototype.find); // [{ kind: 'permission', ... }]
 * ```
 */
export function getRequirementSpecs(target: object): readonly RequirementSpec[] | undefined {
  const specs: unknown = Reflect.getOwnMetadata(FGA_REQUIREMENTS_METADATA, target);
  return Array.isArray(specs) ? (specs as RequirementSpec[]) : undefined;
}

function requirementDecorator(...specs: readonly RequirementSpec[]): FgaRouteDecorator {
  if (specs.length === 0) {
    throw new TypeError(
      '@RequireAnyOf() / @RequireAllOf(): pass at least one requirement, e.g. permission("project", "project:view").',
    );
  }
  function fgaRequirement(target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void {
    const holder: object = descriptor === undefined ? target : (descriptor.value as object);
    // decorators apply bottom-up: prepend so the stored order is the source order
    Reflect.defineMetadata(
      FGA_REQUIREMENTS_METADATA,
      [...specs, ...(getRequirementSpecs(holder) ?? [])],
      holder,
    );
  }
  return fgaRequirement as FgaRouteDecorator;
}
