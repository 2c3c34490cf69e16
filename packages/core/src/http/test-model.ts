// The small model the runtime tests share (test-only; not exported by the package): one organization
// with project `web`, and u1 holding `viewer` (project:view) on it.
import { parseModel } from '../config/parse-model.js';

export const PROJECT_MODEL = parseModel(`
resourceTypes: [{ slug: project }]
permissions:
  - { slug: project:view, resourceType: project }
  - { slug: project:edit, resourceType: project }
roles:
  - { slug: viewer, resourceType: project, permissions: [project:view] }
organizations: [{ externalId: org_1, name: Org 1, resources: [{ type: project, externalId: web }] }]
users: [{ email: u1@org.test }]
memberships:
  - { user: u1@org.test, organization: org_1, assignments: [{ role: viewer, resource: "project:web" }] }
`);
