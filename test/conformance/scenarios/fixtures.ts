// The shared model most lifecycle and decision scenarios start from:
// organization → workspace → project → app (apps may also sit directly under a workspace).
import { org, perms, person, resource, role, type } from '../dsl.js';
import type { Step } from '../types.js';

/** Permission slugs of the base model, in creation order (effective permissions follow it, SPEC D4). */
export const BASE_PERMISSIONS = [
  'org:billing',
  'workspace:view',
  'workspace:edit',
  'project:view',
  'project:edit',
  'project:create',
  'app:view',
  'app:deploy',
] as const;

/** Resource types, permissions and roles (no organizations). */
export function baseModel(): Step[] {
  return [
    type('workspace'),
    type('project', ['workspace']),
    type('app', ['workspace', 'project']),
    ...perms('organization', 'org:billing'),
    ...perms('workspace', 'workspace:view', 'workspace:edit'),
    ...perms('project', 'project:view', 'project:edit', 'project:create'),
    ...perms('app', 'app:view', 'app:deploy'),
    // organization-scoped roles (membership roles)
    ...role('guest', 'organization', []),
    ...role('org-viewer', 'organization', ['workspace:view', 'project:view', 'app:view']),
    ...role('org-biller', 'organization', ['org:billing']),
    // resource-scoped roles
    ...role('workspace-admin', 'workspace', [
      'workspace:view',
      'workspace:edit',
      'project:view',
      'project:edit',
      'project:create',
      'app:view',
      'app:deploy',
    ]),
    ...role('project-editor', 'project', ['project:view', 'project:edit', 'app:view']),
    ...role('app-deployer', 'app', ['app:view', 'app:deploy']),
  ];
}

/**
 * The base model plus organization `acme`:
 * engineering(workspace) → web(project) → frontend(app); engineering → api(project);
 * engineering → ops(app); marketing(workspace) → site(project).
 * Members alice and bob, both `guest` (no organization-wide permission).
 */
export function acmeBase(): Step[] {
  return [
    ...baseModel(),
    org('acme'),
    resource('engineering', '@acme', 'workspace'),
    resource('web', '@acme', 'project', '@engineering'),
    resource('frontend', '@acme', 'app', '@web'),
    resource('api', '@acme', 'project', '@engineering'),
    resource('ops', '@acme', 'app', '@engineering'),
    resource('marketing', '@acme', 'workspace'),
    resource('site', '@acme', 'project', '@marketing'),
    ...person('alice', '@acme', 'guest'),
    ...person('bob', '@acme', 'guest'),
  ];
}
