// CommonJS smoke test: an app written with require() guards a route with the built package.
// Run by src/cjs-smoke.test.ts with plain `node`; prints one JSON line with the statuses it saw.
'use strict';

const express = require('express');
const { createFga } = require('@fgakit/express');
const { createLocalAuthorizer, parseModel } = require('@fgakit/core');
const { instrumentAuthorizer } = require('@fgakit/core/testing');

const MODEL = parseModel(`
resourceTypes: [{ slug: project }]
permissions: [{ slug: project:view, resourceType: project }]
roles: [{ slug: viewer, resourceType: project, permissions: [project:view] }]
organizations:
  - { externalId: org_1, name: Org 1, resources: [{ type: project, externalId: web }, { type: project, externalId: api }] }
users: [{ email: bob@org1.test }]
memberships:
  - { user: bob@org1.test, organization: org_1, assignments: [{ role: viewer, resource: "project:web" }] }
`);

async function main() {
  const { authorizer: engine, seed } = await createLocalAuthorizer({ model: MODEL });
  const bob = { userId: seed.user('bob@org1.test').id, organizationId: seed.organization('org_1').id };
  const authorizer = instrumentAuthorizer(engine);

  const fga = createFga({
    authorizer,
    identity: (request) => (request.header('x-user') === 'bob' ? bob : null),
  });

  const app = express();
  app.use(fga.middleware());
  app.get(
    '/projects/:projectId',
    fga.requirePermission('project', 'project:view', { conceal: true }),
    (req, res) => {
      res.json({ project: req.params.projectId });
    },
  );
  app.use(fga.errorHandler());

  const server = app.listen(0, '127.0.0.1', async () => {
    const base = `http://127.0.0.1:${server.address().port}`;
    const statuses = {};
    try {
      for (const [name, path, user] of [
        ['allowed', '/projects/web', 'bob'],
        ['anonymous', '/projects/web', undefined],
        ['concealed', '/projects/api', 'bob'],
      ]) {
        const response = await fetch(base + path, { headers: user ? { 'x-user': user } : {} });
        statuses[name] = response.status;
      }
      console.log(JSON.stringify(statuses));
    } finally {
      server.close();
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
