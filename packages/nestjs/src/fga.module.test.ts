// FgaModule wiring, the fail-closed default, @Public(), start-up validation and the guard's hooks,
// on Nest's Express platform (the conformance suite covers Express and Fastify end to end).
import 'reflect-metadata';
import { createLocalAuthorizer, type LocalAuthorizer, parseModel } from '@fgakit/core';
import type { AuthzRequest, FgaContext, FgaRuntime, FgaRuntimeOptions } from '@fgakit/core/http';
import { type InstrumentedAuthorizer, instrumentAuthorizer } from '@fgakit/core/testing';
import {
  type ArgumentsHost,
  Catch,
  Controller,
  type ExceptionFilter,
  type ExecutionContext,
  Get,
  HttpException,
  type INestApplication,
  Inject,
  Injectable,
  type LoggerService,
  Module,
  Param,
  Post,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { APP_GUARD, ApplicationConfig, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { FGA_RUNTIME } from './fga.constants.js';
import { FgaException } from './fga.exception.js';
import { FgaModule } from './fga.module.js';
import type { FgaModuleOptions } from './fga.module-definition.js';
import { FgaErrorInterceptor } from './fga-error.interceptor.js';
import { Membership } from './membership.decorator.js';
import { type DeniedOutcome, PermissionGuard } from './permission.guard.js';
import { Public } from './public.decorator.js';
import {
  type FgaResourceLoader,
  organizationPermission,
  permission,
  RequireAllOf,
  RequireAnyOf,
  RequireOrganizationPermission,
  RequirePermission,
} from './require-permission.decorator.js';

/**
 * org_1 with projects web and api. alice: organization role member (workspace:view everywhere) and
 * editor on web; bob: organization role guest (nothing) and viewer on web.
 */
const MODEL = parseModel(`
resourceTypes: [{ slug: workspace }, { slug: project }]
permissions:
  - { slug: project:view, resourceType: project }
  - { slug: project:edit, resourceType: project }
  - { slug: workspace:view, resourceType: workspace }
roles:
  - { slug: member, permissions: [workspace:view] }
  - { slug: guest, permissions: [] }
  - { slug: viewer, resourceType: project, permissions: [project:view] }
  - { slug: editor, resourceType: project, permissions: [project:view, project:edit] }
organizations:
  - externalId: org_1
    name: Org 1
    resources: [{ type: project, externalId: web }, { type: project, externalId: api }]
users: [{ email: alice@org1.test }, { email: bob@org1.test }]
memberships:
  - user: alice@org1.test
    organization: org_1
    roles: [member]
    assignments: [{ role: editor, resource: "project:web" }]
  - user: bob@org1.test
    organization: org_1
    roles: [guest]
    assignments: [{ role: viewer, resource: "project:web" }]
`);

// One engine for the file: tests only read it; each runtime gets its own instrumented wrapper.
const { authorizer: engine, seed } = await createLocalAuthorizer({ model: MODEL });
const ORGANIZATION_ID = seed.organization('org_1').id;
const userId = (name: string): string => seed.user(`${name}@org1.test`).id;
const membershipId = (name: string): string => seed.membership(`${name}@org1.test`, 'org_1').id;

function createAuthorizer(): InstrumentedAuthorizer<LocalAuthorizer> {
  return instrumentAuthorizer(engine);
}

/** `x-user: alice` identifies alice in org_1; no header → anonymous. */
function runtimeOptions(authorizer: InstrumentedAuthorizer = createAuthorizer()): FgaRuntimeOptions {
  return {
    authorizer,
    identity: (req) => {
      const user = req.header('x-user');
      return user === undefined ? null : { userId: userId(user), organizationId: ORGANIZATION_ID };
    },
  };
}

@Controller('projects')
class ProjectsController {
  @Get(':projectId')
  @RequirePermission('project', 'project:view', { conceal: true })
  find(@Param('projectId') id: string, @Membership() fga: FgaContext) {
    return { id, membershipId: fga.membershipId ?? null, resource: fga.resource ?? null };
  }

  @Post(':projectId')
  @RequirePermission('project', 'project:view')
  async edit(@Param('projectId') id: string, @Membership() fga: FgaContext) {
    // thrown inside the handler: FgaExceptionFilter answers it with its 403 problem response
    await fga.assert('project:edit', { type: 'project', externalId: id });
    return { edited: id };
  }

  @Get(':projectId/any')
  @RequireAnyOf(organizationPermission('workspace:view'), permission('project', 'project:edit'))
  any() {
    return { ok: true };
  }

  @Get(':projectId/both')
  @RequireAllOf(permission('project', 'project:view'), permission('project', 'project:edit'))
  both() {
    return { ok: true };
  }

  @Get(':projectId/undeclared')
  undeclared() {
    return { leaked: true };
  }
}

@Public()
@Controller('public')
class PublicController {
  @Get()
  hello() {
    return { hello: 'world' };
  }

  @Get('me')
  async me(@Membership() fga: FgaContext) {
    return { userId: (await fga.identify()).userId };
  }

  @Get('org')
  @RequireOrganizationPermission('workspace:view')
  org() {
    return { org: true };
  }
}

/** Errors thrown by handlers that are not fgakit's: Nest's own handling must stay as it is. */
@Public()
@Controller('errors')
class ErrorsController {
  @Get('plain')
  plain() {
    throw new Error('boom');
  }

  @Get('http')
  http() {
    throw new HttpException({ message: 'teapot', statusCode: 418 }, 418);
  }

  @Get('http-error')
  httpError() {
    // the shape of an "http-errors" error (e.g. from body-parser), which Nest's filter answers
    throw Object.assign(new Error('payload too large'), { statusCode: 413 });
  }

  @Get('assert/:projectId')
  async assert(@Param('projectId') id: string, @Membership() fga: FgaContext) {
    await fga.assert('project:view', { type: 'project', externalId: id });
    return { ok: true };
  }
}

class CapturingLogger implements LoggerService {
  readonly warnings: string[] = [];
  log(): void {}
  error(): void {}
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
}

const apps: INestApplication[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function createApp(
  options: {
    controllers?: (new (...args: never[]) => unknown)[];
    fga?: FgaModuleOptions;
    providers?: unknown[];
    platform?: 'express' | 'fastify';
  } = {},
  logger: LoggerService | false = false,
): Promise<INestApplication> {
  @Module({
    imports: [FgaModule.forRoot(options.fga ?? runtimeOptions())],
    controllers: options.controllers ?? [ProjectsController, PublicController],
    providers: (options.providers ?? []) as never[],
  })
  class TestModule {}
  const adapter = options.platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(TestModule, adapter, { logger, abortOnError: false });
  apps.push(app);
  await app.init();
  if (options.platform === 'fastify')
    await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  return app;
}

describe('FgaModule', () => {
  it('provides the runtime and guards routes with the global PermissionGuard', async () => {
    const app = await createApp();
    const fga = app.get<FgaRuntime>(FGA_RUNTIME);
    expect(typeof fga.authorize).toBe('function');
    const ok = await request(app.getHttpServer()).get('/projects/web').set('x-user', 'bob');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      id: 'web',
      membershipId: membershipId('bob'),
      resource: { type: 'project', externalId: 'web' },
    });
  });

  it('answers rejections as problem+json with the runtime status', async () => {
    const server = (await createApp()).getHttpServer();
    const anonymous = await request(server).get('/projects/web');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    expect(anonymous.body).toMatchObject({ status: 401, code: 'authentication_required' });
    const concealed = await request(server).get('/projects/api').set('x-user', 'bob');
    expect(concealed.status).toBe(404);
    expect(concealed.body).toMatchObject({ code: 'entity_not_found' });
  });

  it('maps fgakit errors thrown in handlers (fga.assert) to their problem response', async () => {
    const server = (await createApp()).getHttpServer();
    const denied = await request(server).post('/projects/web').set('x-user', 'bob');
    expect(denied.status).toBe(403);
    expect(denied.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(denied.body).toMatchObject({ code: 'permission_denied' });
    const allowed = await request(server).post('/projects/web').set('x-user', 'alice');
    expect(allowed.status).toBe(201);
    expect(allowed.body).toEqual({ edited: 'web' });
  });

  it('supports anyOf / allOf specs and organization-level requirements', async () => {
    const server = (await createApp()).getHttpServer();
    expect((await request(server).get('/projects/web/any').set('x-user', 'alice')).status).toBe(200);
    expect((await request(server).get('/projects/web/any').set('x-user', 'bob')).status).toBe(403);
    expect((await request(server).get('/projects/web/both').set('x-user', 'alice')).status).toBe(200);
    expect((await request(server).get('/projects/web/both').set('x-user', 'bob')).status).toBe(403);
    // handler-level requirement overrides the class-level @Public()
    expect((await request(server).get('/public/org')).status).toBe(401);
    expect((await request(server).get('/public/org').set('x-user', 'alice')).status).toBe(200);
  });

  it('fails closed on a route with neither @Public() nor a requirement, warning once', async () => {
    const logger = new CapturingLogger();
    const server = (await createApp({}, logger)).getHttpServer();
    const warnings = () => logger.warnings.filter((w) => w.includes('neither @Public()'));
    expect(warnings()).toEqual([
      expect.stringContaining('GET /projects/:projectId/undeclared (ProjectsController.undeclared)'),
    ]);
    for (const user of ['alice', 'bob']) {
      const res = await request(server).get('/projects/web/undeclared').set('x-user', user);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 403, code: 'permission_denied' });
    }
    expect((await request(server).get('/projects/web/undeclared')).status).toBe(403);
    expect(warnings()).toHaveLength(1);
  });

  it('lets @Public() routes through without identity, with @Membership() still available', async () => {
    const server = (await createApp()).getHttpServer();
    expect((await request(server).get('/public')).body).toEqual({ hello: 'world' });
    expect((await request(server).get('/public/me').set('x-user', 'alice')).body).toEqual({
      userId: userId('alice'),
    });
    const anonymous = await request(server).get('/public/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: 'authentication_required' });
  });

  it('fails start-up on an unknown permission slug, naming the handler', async () => {
    @Controller('typo')
    class TypoController {
      @Get(':projectId')
      @RequirePermission('project', 'projct:edit')
      find() {
        return {};
      }
    }
    await expect(createApp({ controllers: [TypoController] })).rejects.toThrow(
      /GET \/typo\/:projectId \(TypoController\.find\).*projct:edit/,
    );
  });

  it('fails start-up when a handler is both @Public() and guarded', async () => {
    @Controller('both')
    class ConflictController {
      @Public()
      @Get()
      @RequirePermission('project', 'project:view')
      find() {
        return {};
      }
    }
    await expect(createApp({ controllers: [ConflictController] })).rejects.toThrow(
      /both @Public\(\) and a permission/,
    );
  });

  it('registers with forRootAsync (useFactory + inject + imports)', async () => {
    const OPTIONS = Symbol('options');
    @Module({ providers: [{ provide: OPTIONS, useValue: runtimeOptions() }], exports: [OPTIONS] })
    class ConfigModule {}
    @Module({
      imports: [
        FgaModule.forRootAsync({
          imports: [ConfigModule],
          inject: [OPTIONS],
          useFactory: (options: FgaRuntimeOptions) => options,
        }),
      ],
      controllers: [ProjectsController],
    })
    class AsyncModule {}
    const app = await NestFactory.create(AsyncModule, new ExpressAdapter(), { logger: false });
    apps.push(app);
    await app.init();
    expect((await request(app.getHttpServer()).get('/projects/web').set('x-user', 'bob')).status).toBe(200);
    expect(
      (await request(app.getHttpServer()).get('/projects/web/undeclared').set('x-user', 'bob')).status,
    ).toBe(403);
  });

  it("with guard: 'none' guards only where @UseGuards(PermissionGuard) is applied", async () => {
    @Controller('open')
    class OpenController {
      @Get()
      open() {
        return { open: true };
      }
    }
    @UseGuards(PermissionGuard)
    @Controller('guarded')
    class GuardedController {
      @Get(':projectId')
      @RequirePermission('project', 'project:view')
      find() {
        return { guarded: true };
      }
    }
    const server = (
      await createApp({
        controllers: [OpenController, GuardedController],
        fga: { ...runtimeOptions(), guard: 'none' },
      })
    ).getHttpServer();
    expect((await request(server).get('/open')).body).toEqual({ open: true });
    expect((await request(server).get('/guarded/web')).status).toBe(401);
    expect((await request(server).get('/guarded/web').set('x-user', 'bob')).status).toBe(200);
  });

  it('lets a subclass override handleDenied and getRequest', async () => {
    const seen: string[] = [];
    @Injectable()
    class AuditedGuard extends PermissionGuard {
      protected override handleDenied(outcome: DeniedOutcome, context: ExecutionContext): boolean {
        seen.push(`${outcome.error.code}:${this.getRequest(context).url}`);
        return super.handleDenied(outcome, context);
      }
    }
    const server = (
      await createApp({
        controllers: [ProjectsController],
        fga: { ...runtimeOptions(), guard: 'none' },
        providers: [{ provide: APP_GUARD, useClass: AuditedGuard }],
      })
    ).getHttpServer();
    expect((await request(server).get('/projects/api').set('x-user', 'bob')).status).toBe(404);
    expect((await request(server).get('/projects/web').set('x-user', 'bob')).status).toBe(200);
    expect(seen).toEqual(['entity_not_found:/projects/api']);
  });

  it('lets microservice and websocket handlers through only when @Public()', async () => {
    const app = await createApp();
    const guard = app.get(PermissionGuard);
    const rpc = (cls: object, handler: object) =>
      ({
        getType: () => 'rpc',
        getClass: () => cls,
        getHandler: () => handler,
      }) as unknown as ExecutionContext;
    expect(await guard.canActivate(rpc(PublicController, PublicController.prototype.hello))).toBe(true);
    expect(await guard.canActivate(rpc(ProjectsController, ProjectsController.prototype.find))).toBe(false);
  });

  it("keeps Nest's default handling for errors that are not fgakit's, on Express and Fastify", async () => {
    for (const platform of ['express', 'fastify'] as const) {
      const server = (await createApp({ controllers: [ErrorsController], platform })).getHttpServer();
      const plain = await request(server).get('/errors/plain');
      expect(plain.status, platform).toBe(500);
      expect(plain.headers['content-type'], platform).toMatch(/^application\/json/);
      expect(plain.body, platform).toEqual({ statusCode: 500, message: 'Internal server error' });
      const http = await request(server).get('/errors/http');
      expect(http.status, platform).toBe(418);
      expect(http.body, platform).toEqual({ message: 'teapot', statusCode: 418 });
      const httpError = await request(server).get('/errors/http-error');
      expect(httpError.status, platform).toBe(413);
      expect(httpError.body, platform).toEqual({ statusCode: 413, message: 'payload too large' });
    }
  });

  it('answers fgakit errors thrown in handlers with their headers on Fastify', async () => {
    const authorizer = createAuthorizer();
    const app = await createApp({
      controllers: [ProjectsController, PublicController, ErrorsController],
      fga: { ...runtimeOptions(authorizer), retryAfterSeconds: 5 },
      platform: 'fastify',
    });
    const server = app.getHttpServer();
    const anonymous = await request(server).get('/public/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    expect(anonymous.body).toMatchObject({ status: 401, code: 'authentication_required' });
    const denied = await request(server).post('/projects/web').set('x-user', 'bob');
    expect(denied.status).toBe(403);
    expect(denied.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(denied.body).toMatchObject({ status: 403, code: 'permission_denied' });
    // a @Public() route whose handler checks itself, so the outage reaches the handler, not the guard
    authorizer.fail();
    const unavailable = await request(server).get('/errors/assert/web').set('x-user', 'alice');
    authorizer.restore();
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unavailable.headers['retry-after']).toBe('5');
    expect(unavailable.body).toMatchObject({ status: 503, code: 'authorization_unavailable' });
    expect((await request(server).get('/errors/assert/web').set('x-user', 'alice')).body).toEqual({
      ok: true,
    });
  });

  it('registers no global interceptor', async () => {
    const app = await createApp();
    const config = app.get(ApplicationConfig);
    expect(config.getGlobalInterceptors()).toEqual([]);
    expect(config.getGlobalRequestInterceptors()).toEqual([]);
  });

  it('FgaErrorInterceptor, applied per controller, hands your filters an FgaException', async () => {
    const seen: unknown[] = [];
    @Catch(HttpException)
    class RecordingFilter implements ExceptionFilter<HttpException> {
      catch(exception: HttpException, host: ArgumentsHost): void {
        seen.push(exception);
        host
          .switchToHttp()
          .getResponse<{ status(code: number): { json(body: unknown): void } }>()
          .status(exception.getStatus())
          .json({ recorded: true });
      }
    }
    @UseInterceptors(FgaErrorInterceptor)
    @UseFilters(RecordingFilter)
    @Controller('intercepted')
    class InterceptedController {
      @Post(':projectId')
      @RequirePermission('project', 'project:view')
      async edit(@Param('projectId') id: string, @Membership() fga: FgaContext) {
        await fga.assert('project:edit', { type: 'project', externalId: id });
        return { edited: id };
      }
    }
    const server = (await createApp({ controllers: [InterceptedController] })).getHttpServer();
    const res = await request(server).post('/intercepted/web').set('x-user', 'bob');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ recorded: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(FgaException);
    expect((seen[0] as FgaException).problem).toMatchObject({ code: 'permission_denied' });
  });

  it('keeps problem+json and retry-after on Fastify', async () => {
    const authorizer = createAuthorizer();
    @Module({
      imports: [FgaModule.forRoot({ ...runtimeOptions(authorizer), retryAfterSeconds: 7 })],
      controllers: [ProjectsController],
    })
    class FastifyModule {}
    const app = await NestFactory.create<NestFastifyApplication>(FastifyModule, new FastifyAdapter(), {
      logger: false,
    });
    apps.push(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    authorizer.fail();
    const res = await request(app.getHttpServer()).get('/projects/web').set('x-user', 'bob');
    authorizer.restore();
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.body).toMatchObject({ status: 503, code: 'authorization_unavailable' });
    const ok = await request(app.getHttpServer()).get('/projects/web').set('x-user', 'bob');
    expect(ok.body).toMatchObject({ id: 'web', membershipId: membershipId('bob') });
  });
});

describe('injectable resource loaders', () => {
  const NOTES = Symbol('notes');
  @Injectable()
  class NoteLoader implements FgaResourceLoader<{ id: string; project: string }> {
    constructor(@Inject(NOTES) private readonly notes: Map<string, string>) {}
    load(req: AuthzRequest) {
      const id = req.param('noteId') ?? '';
      const project = this.notes.get(id);
      return project === undefined ? null : { externalId: project, row: { id, project } };
    }
  }
  @Controller('notes')
  class NotesController {
    @Get(':noteId')
    @RequirePermission('project', 'project:view', { load: NoteLoader, conceal: true })
    find(@Membership() fga: FgaContext) {
      return { loaded: fga.loaded ?? null };
    }
  }

  it('resolves a loader class from the container and exposes its row', async () => {
    const server = (
      await createApp({
        controllers: [NotesController],
        providers: [
          NoteLoader,
          {
            provide: NOTES,
            useValue: new Map([
              ['n1', 'web'],
              ['n2', 'api'],
            ]),
          },
        ],
      })
    ).getHttpServer();
    const found = await request(server).get('/notes/n1').set('x-user', 'bob');
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ loaded: { id: 'n1', project: 'web' } });
    expect((await request(server).get('/notes/n2').set('x-user', 'bob')).status).toBe(404);
    expect((await request(server).get('/notes/n3').set('x-user', 'bob')).status).toBe(404);
  });

  it('fails start-up when the loader class is not a provider', async () => {
    await expect(createApp({ controllers: [NotesController] })).rejects.toThrow(
      /NoteLoader is not a provider/,
    );
  });
});

describe('FgaException', () => {
  it('is an HttpException carrying the problem body and headers', () => {
    const exception = new FgaException({
      status: 503,
      headers: { 'content-type': 'application/problem+json', 'retry-after': '2' },
      body: {
        type: 'urn:fgakit:problem:authorization_unavailable',
        title: 'Service Unavailable',
        status: 503,
        detail: 'x',
        code: 'authorization_unavailable',
      },
    });
    expect(exception.getStatus()).toBe(503);
    expect(exception.getResponse()).toMatchObject({ code: 'authorization_unavailable' });
    expect(exception.toResponse().headers['retry-after']).toBe('2');
  });
});
