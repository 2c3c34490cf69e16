// The fgakit quickstart: loads examples/acme.fga.yaml into the embedded engine and prints the
// worked-example checks of SPEC §2.3 with the engine's own explanation of each decision.
import { fileURLToPath } from 'node:url';
import {
  type CheckQuery,
  createLocalAuthorizer,
  isFgaError,
  type Resource,
  type ResourceRef,
} from '@fgakit/core';

/** Resolved from this file, so `npm start` works from any directory. */
const MODEL_PATH = fileURLToPath(new URL('../../acme.fga.yaml', import.meta.url));

const { authorizer: fga, seed } = await createLocalAuthorizer({ model: MODEL_PATH });

/** `"app:frontend"` → `{ type: 'app', externalId: 'frontend' }`. */
function ref(typeAndExternalId: string): ResourceRef {
  const colon = typeAndExternalId.indexOf(':');
  return { type: typeAndExternalId.slice(0, colon), externalId: typeAndExternalId.slice(colon + 1) };
}

/** The membership id of a seeded user (`alice` → alice@acme.test in acme). */
function member(name: string): string {
  const [email, org] = name === 'eve' ? ['eve@globex.test', 'globex'] : [`${name}@acme.test`, 'acme'];
  return seed.membership(email, org).id;
}

interface Example {
  readonly who: string;
  readonly permission: string;
  readonly resource: string;
  /** What the example demonstrates, in a few words. */
  readonly shows: string;
}

const examples: readonly Example[] = [
  {
    who: 'alice',
    permission: 'app:deploy',
    resource: 'app:frontend',
    shows: 'inherited from a workspace role',
  },
  { who: 'alice', permission: 'project:edit', resource: 'project:campaign', shows: 'other workspace' },
  { who: 'bob', permission: 'project:edit', resource: 'project:web', shows: 'direct project role' },
  { who: 'bob', permission: 'project:edit', resource: 'project:api', shows: 'sibling project' },
  { who: 'bob', permission: 'app:deploy', resource: 'app:frontend', shows: 'role lacks the permission' },
  { who: 'carol', permission: 'app:deploy', resource: 'app:frontend', shows: 'app-scoped role' },
  { who: 'carol', permission: 'app:deploy', resource: 'app:backend', shows: 'a different app' },
  {
    who: 'dave',
    permission: 'workspace:view',
    resource: 'workspace:marketing',
    shows: 'inactive membership',
  },
  { who: 'frank', permission: 'project:delete', resource: 'project:campaign', shows: 'organization role' },
  {
    who: 'eve',
    permission: 'workspace:view',
    resource: 'workspace:engineering',
    shows: 'another organization',
  },
  {
    who: 'alice',
    permission: 'project:create',
    resource: 'workspace:engineering',
    shows: 'create-gate on the parent',
  },
  {
    who: 'bob',
    permission: 'project:create',
    resource: 'workspace:engineering',
    shows: 'create-gate on the parent',
  },
  { who: 'bob', permission: 'document:edit', resource: 'project:web', shows: 'documents live outside FGA' },
];

/** Runs `explain`; a resource of another organization is "not found", shown as a denial (SPEC D9). */
async function decide(example: Example): Promise<{ allowed: boolean; outcome: string; why: string }> {
  const query: CheckQuery = {
    membershipId: member(example.who),
    permission: example.permission,
    resource: ref(example.resource),
  };
  try {
    const explanation = await fga.explain(query);
    return {
      allowed: explanation.decision.allowed,
      outcome: explanation.decision.allowed ? 'allowed' : 'denied',
      why: explanation.summary,
    };
  } catch (error) {
    if (isFgaError(error) && error.code === 'entity_not_found') {
      return {
        allowed: false,
        outcome: 'not found',
        why: `${example.resource} does not exist for this membership: other organizations' resources are invisible (a guard answers 404, as for any denial)`,
      };
    }
    throw error;
  }
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

const out: string[] = [];
const line = (text = ''): void => {
  out.push(text);
};

const types = seed.model.resourceTypes.map((t) => t.slug).join(' → ');
line('fgakit quickstart: the embedded engine, seeded from examples/acme.fga.yaml');
line();
line(
  `  model   organization → ${types}; ${seed.model.permissions.length} permissions, ${seed.model.roles.length} roles`,
);
// Who holds what, straight from the model file, so this never drifts from it.
const orgNames = new Map(seed.model.organizations.map((o) => [o.externalId, o.name]));
seed.model.memberships.forEach((m, i) => {
  const name = m.user.slice(0, m.user.indexOf('@'));
  const grants = [
    ...m.roles.map((r) => `${r} (organization role)`),
    ...m.assignments.map((a) => `${a.role} on ${a.resource.type}:${a.resource.externalId}`),
  ].join(', ');
  const notes = [
    ...(m.organization === 'acme' ? [] : [`in ${orgNames.get(m.organization) ?? m.organization}`]),
    ...(m.status === 'active' ? [] : [m.status.toUpperCase()]),
  ];
  line(
    `  ${i === 0 ? 'people' : '      '}  ${pad(name, 6)} ${grants}${notes.length > 0 ? `  [${notes.join(', ')}]` : ''}`,
  );
});
line();
line("Checks: ✔ allowed, ✘ denied; under each, the engine's own explanation (fga.explain(query).summary)");
line();
const rows = await Promise.all(examples.map(async (example) => ({ example, result: await decide(example) })));
const widths = {
  who: Math.max(...examples.map((e) => e.who.length)),
  permission: Math.max(...examples.map((e) => e.permission.length)),
  resource: Math.max(...examples.map((e) => e.resource.length)),
  outcome: Math.max(...rows.map((r) => r.result.outcome.length)),
};
line(
  `    ${pad('who', widths.who)}  ${pad('permission', widths.permission)}  ${pad('on', widths.resource)}  ${pad('result', widths.outcome)}  shows`,
);
for (const { example, result } of rows) {
  const mark = result.allowed ? '✔' : '✘';
  line(
    `  ${mark} ${pad(example.who, widths.who)}  ${pad(example.permission, widths.permission)}  ${pad(example.resource, widths.resource)}  ${pad(result.outcome, widths.outcome)}  ${example.shows}`,
  );
  line(`      ${result.why}`);
}

line();
line('Discovery: one call instead of many checks');
line();
const list = (resources: { data: readonly Resource[] }): string =>
  resources.data.map((r) => `${r.resourceTypeSlug}:${r.externalId}`).join(', ') || '(none)';
const acmeRoot: ResourceRef = { type: 'organization', externalId: seed.organization('acme').id };
const discovery: [label: string, answer: string][] = [
  [
    'listResources(alice, app:deploy, under Acme)',
    list(
      await fga.listResources({ membershipId: member('alice'), permission: 'app:deploy', parent: acmeRoot }),
    ),
  ],
  [
    'listResources(bob, project:edit, under workspace:engineering)',
    list(
      await fga.listResources({
        membershipId: member('bob'),
        permission: 'project:edit',
        parent: ref('workspace:engineering'),
      }),
    ),
  ],
];
for (const [who, resource] of [
  ['bob', 'app:frontend'],
  ['carol', 'app:frontend'],
] as const) {
  const permissions = await fga.effectivePermissions({ membershipId: member(who), resource: ref(resource) });
  discovery.push([`effectivePermissions(${who}, ${resource})`, permissions.join(', ')]);
}
const labelWidth = Math.max(...discovery.map(([label]) => label.length));
for (const [label, answer] of discovery) line(`  ${pad(label, labelWidth)}  → ${answer}`);
line();
line(
  `Store revision ${seed.revision}. Edit examples/acme.fga.yaml, then run: pnpm -C examples/quickstart start`,
);

console.log(out.join('\n'));
