// `authorizeNow` and the request views: the synchronous outcome path and where contexts live.
import { describe, expect, it } from 'vitest';
import { createLocalAuthorizer } from '../config/create-local-authorizer.js';
import { instrumentAuthorizer } from '../testing/instrument-authorizer.js';
import { RequestView, requestView } from './request-view.js';
import { createFgaRuntime } from './runtime.js';
import { PROJECT_MODEL } from './test-model.js';
import type { AuthzRequest, GuardOutcome } from './types.js';

const MODEL = PROJECT_MODEL;

interface FakeNative {
  readonly headers: Record<string, string>;
  readonly params: Record<string, string>;
}

class FakeView extends RequestView<FakeNative> {
  readonly method = 'GET';
  readonly path = '/projects/web';
  header(name: string): string | undefined {
    return this.native.headers[name];
  }
  param(name: string): string | undefined {
    return this.native.params[name];
  }
  query(): undefined {
    return undefined;
  }
  body(): undefined {
    return undefined;
  }
}

const viewOf = (native: FakeNative): FakeView => requestView(native, (n) => new FakeView(n));

async function world() {
  const { authorizer: engine, seed } = await createLocalAuthorizer({ model: MODEL });
  const authorizer = instrumentAuthorizer(engine);
  const membershipId = seed.membership('u1@org.test', 'org_1').id;
  const identity = (request: AuthzRequest) =>
    request.header('x-member') === undefined ? null : { membershipId: request.header('x-member') as string };
  const native = (member: string | null = membershipId, projectId = 'web'): FakeNative => ({
    headers: member === null ? {} : { 'x-member': member },
    params: { projectId },
  });
  return { authorizer, identity, membershipId, native };
}

const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;

describe('authorizeNow', () => {
  it('answers without a promise when identity, membership and decision are known at once', async () => {
    const { authorizer, identity, native } = await world();
    const fga = createFgaRuntime({ authorizer, identity });
    const canView = fga.requirePermission('project', 'project:view');
    const canEdit = fga.requirePermission('project', 'project:edit');

    const allowed = fga.authorizeNow(viewOf(native()), canView);
    expect(isPromise(allowed)).toBe(false);
    expect((allowed as GuardOutcome).ok).toBe(true);

    const denied = fga.authorizeNow(viewOf(native()), canEdit);
    expect(isPromise(denied)).toBe(false);
    expect(
      (denied as GuardOutcome).ok === false && (denied as { response: { status: number } }).response.status,
    ).toBe(403);

    const anonymous = fga.authorizeNow(viewOf(native(null)), canView);
    expect(isPromise(anonymous)).toBe(false);
    expect(anonymous).toMatchObject({ ok: false, response: { status: 401 } });
  });

  it('serializes the context as the ids known so far, never the request or the claims', async () => {
    const { authorizer, membershipId, native } = await world();
    const fga = createFgaRuntime({
      authorizer,
      identity: () => ({ membershipId, claims: { secret: 'token-claim' } }),
    });
    const view = viewOf(native());
    expect(JSON.parse(JSON.stringify(fga.context(view)))).toEqual({});
    const outcome = fga.authorizeNow(view, fga.requirePermission('project', 'project:view'));
    expect((outcome as GuardOutcome).ok).toBe(true);
    const text = JSON.stringify({ fga: fga.context(view) });
    expect(JSON.parse(text)).toEqual({
      fga: { membershipId, resource: { type: 'project', externalId: 'web' } },
    });
    expect(text).not.toContain('token-claim');
  });

  it('gives the same outcomes as authorize() on every path', async () => {
    const { authorizer, identity, native } = await world();
    const fga = createFgaRuntime({ authorizer, identity, conceal: { unless: 'project:view' } });
    const requirements = [
      fga.requirePermission('project', 'project:view'),
      fga.requirePermission('project', 'project:edit'),
      fga.anyOf(
        fga.requirePermission('project', 'project:edit'),
        fga.requirePermission('project', 'project:view'),
      ),
      fga.requirePermission('project', 'project:view', { load: async () => ({ externalId: 'web' }) }),
    ];
    // allowed, anonymous, a project of nobody's (concealed), an unknown membership
    const natives = [native(), native(null), native(null, 'nope'), native('om_unknown')];
    const member = native().headers;
    natives[2] = { headers: member, params: { projectId: 'nope' } };
    for (const requirement of requirements) {
      for (const n of natives) {
        const now = await fga.authorizeNow(viewOf({ ...n }), requirement);
        const later = await fga.authorize(viewOf({ ...n }), requirement);
        expect(now.ok).toBe(later.ok);
        if (!now.ok && !later.ok) expect(now.response).toEqual(later.response);
      }
    }
  });

  it('fails closed without a promise when a synchronous backend throws (503, never an allow)', async () => {
    const { authorizer, identity, native } = await world();
    const fga = createFgaRuntime({ authorizer, identity });
    authorizer.fail();
    const outcome = fga.authorizeNow(viewOf(native()), fga.requirePermission('project', 'project:view'));
    expect(isPromise(outcome)).toBe(false);
    expect(outcome).toMatchObject({ ok: false, response: { status: 503 } });
    expect(
      (outcome as { response: { headers: Record<string, string> } }).response.headers['retry-after'],
    ).toBe('1');
  });

  it('forgets a failed decision, so the next ask in the same request tries again', async () => {
    const { authorizer, identity, native } = await world();
    const fga = createFgaRuntime({ authorizer, identity });
    const view = viewOf(native());
    const canView = fga.requirePermission('project', 'project:view');
    authorizer.fail();
    expect(await fga.authorizeNow(view, canView)).toMatchObject({ ok: false, response: { status: 503 } });
    authorizer.restore();
    expect(await fga.authorizeNow(view, canView)).toMatchObject({ ok: true });
    // and an allowed decision is memoized: no third call
    authorizer.clearCalls();
    expect(await fga.authorizeNow(view, canView)).toMatchObject({ ok: true });
    expect(authorizer.callsTo('check')).toHaveLength(0);
  });

  it('returns a promise when something must be waited for (an async identity, a hook, a hung backend)', async () => {
    const { authorizer, membershipId, native } = await world();
    const canView = (fga: ReturnType<typeof createFgaRuntime>) =>
      fga.requirePermission('project', 'project:view');
    const asyncIdentity = createFgaRuntime({ authorizer, identity: async () => ({ membershipId }) });
    const pending = asyncIdentity.authorizeNow(viewOf(native()), canView(asyncIdentity));
    expect(isPromise(pending)).toBe(true);
    expect(await pending).toMatchObject({ ok: true });

    const hooked = createFgaRuntime({
      authorizer,
      identity: () => ({ membershipId }),
      onDenied: () => ({ status: 418, headers: {}, body: {} }),
    });
    const denied = hooked.authorizeNow(viewOf(native()), hooked.requirePermission('project', 'project:edit'));
    expect(isPromise(denied)).toBe(true);
    expect(await denied).toMatchObject({ ok: false, response: { status: 418 } });

    const hung = createFgaRuntime({ authorizer, identity: () => ({ membershipId }), timeoutMs: 20 });
    authorizer.hang();
    const waiting = hung.authorizeNow(viewOf(native()), canView(hung));
    expect(isPromise(waiting)).toBe(true);
    expect(await waiting).toMatchObject({ ok: false, response: { status: 503 } });
  });
});

describe('request views', () => {
  it('are one per native request, carrying one context per runtime', async () => {
    const { authorizer, identity, native } = await world();
    const a = createFgaRuntime({ authorizer, identity });
    const b = createFgaRuntime({ authorizer, identity });
    const n = native();
    const view = viewOf(n);
    expect(viewOf(n)).toBe(view);
    expect(a.context(view)).toBe(a.context(viewOf(n)));
    expect(b.context(view)).not.toBe(a.context(view));
    expect(b.context(view)).toBe(b.context(view));
    // the view rides on the request without showing up in its keys or a serialization
    expect(Object.keys(n)).toEqual(['headers', 'params']);
    expect(JSON.stringify(n)).not.toContain('FakeView');
  });

  it('share the context with a hand-built request for the same native', async () => {
    const { authorizer, identity, native } = await world();
    const fga = createFgaRuntime({ authorizer, identity });
    const n = native();
    const handBuilt: AuthzRequest = {
      method: 'GET',
      path: '/',
      header: (name) => n.headers[name],
      param: (name) => n.params[name],
      query: () => undefined,
      body: () => undefined,
      native: n,
    };
    const context = fga.context(viewOf(n));
    expect(fga.context(handBuilt)).toBe(context);
  });

  it('work for frozen natives too', async () => {
    const { authorizer, identity, native } = await world();
    const fga = createFgaRuntime({ authorizer, identity });
    const frozen = Object.freeze(native());
    expect(viewOf(frozen)).toBe(viewOf(frozen));
    expect(fga.context(viewOf(frozen))).toBe(fga.context(viewOf(frozen)));
    expect(
      await fga.authorize(viewOf(frozen), fga.requirePermission('project', 'project:view')),
    ).toMatchObject({
      ok: true,
    });
  });
});
