// CommonJS smoke test: a CJS app requires the built @fgakit/koa (self-reference through its
// "exports"), guards a route and prints what three requests answered. Run by cjs.test.ts.
const http = require('node:http');
const Koa = require('koa');
const Router = require('@koa/router');
const { createLocalAuthorizer, parseModel } = require('@fgakit/core');
const { createFga } = require('@fgakit/koa');

// alice may view project web; bob is a member of the organization without that permission
const MODEL = parseModel(`
resourceTypes: [{ slug: project }]
permissions: [{ slug: project:view, resourceType: project }]
roles: [{ slug: viewer, resourceType: project, permissions: [project:view] }]
organizations: [{ externalId: org_1, name: Org 1, resources: [{ type: project, externalId: web }] }]
users: [{ email: alice@org1.test }, { email: bob@org1.test }]
memberships:
  - { user: alice@org1.test, organization: org_1, assignments: [{ role: viewer, resource: "project:web" }] }
  - { user: bob@org1.test, organization: org_1 }
`);

function get(port, user) {
  return new Promise((resolve, reject) => {
    const headers = user ? { 'x-user': user } : {};
    http
      .get({ port, path: '/projects/web', headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      })
      .on('error', reject);
  });
}

async function main() {
  const { authorizer, seed } = await createLocalAuthorizer({ model: MODEL });
  const organizationId = seed.organization('org_1').id;
  const fga = createFga({
    authorizer,
    identity: (req) => {
      const user = req.header('x-user');
      return user ? { userId: seed.user(`${user}@org1.test`).id, organizationId } : null;
    },
  });

  const app = new Koa();
  const router = new Router();
  app.use(fga.middleware());
  router.get('/projects/:projectId', fga.requirePermission('project', 'project:view'), (ctx) => {
    ctx.body = { project: ctx.params.projectId };
  });
  app.use(router.routes());

  const server = app.listen(0, async () => {
    const { port } = server.address();
    const statuses = [await get(port, 'alice'), await get(port, undefined), await get(port, 'bob')];
    server.close();
    console.log(
      JSON.stringify({
        type: typeof createFga,
        guard: fga.requirePermission('project', 'project:view').name,
        statuses,
      }),
    );
  });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
