// The conformance suite through a bare node:http "adapter" (the reference for the real adapters):
// toAuthzRequest() + one runtime call + the shared writer.
import { createServer, type IncomingMessage } from 'node:http';
import {
  type AuthzRequest,
  createFgaRuntime,
  type FgaRuntimeOptions,
  type Requirement,
  writeFgaResponse,
} from '@fgakit/core/http';
import { describe, expect, it } from 'vitest';
import type { ConformanceAppSpec, ConformanceRoute } from './app-spec.js';
import { committedScenarioIds, defineAdapterConformance } from './runner.js';
import { scenarios } from './scenarios.js';

interface NodeRequest extends IncomingMessage {
  params: Record<string, string>;
  query: URLSearchParams;
  parsedBody: unknown;
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const actual = got[i] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return undefined;
  }
  return params;
}

function toAuthzRequest(req: NodeRequest): AuthzRequest<NodeRequest> {
  return {
    method: req.method ?? 'GET',
    path: (req.url ?? '/').split('?')[0] ?? '/',
    header: (name) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    },
    param: (name) => req.params[name],
    query: (name) => req.query.get(name) ?? undefined,
    body: () => req.parsedBody,
    native: req,
  };
}

function createNodeApp(spec: ConformanceAppSpec, options: FgaRuntimeOptions) {
  const fga = createFgaRuntime(options);
  const mounted: [ConformanceRoute, Requirement | null][] = spec.routes.map((route) => [
    route,
    route.requirement === null ? null : fga.compile(route.requirement),
  ]);
  return createServer(async (incoming, res) => {
    const req = incoming as NodeRequest;
    const url = new URL(req.url ?? '/', 'http://localhost');
    req.query = url.searchParams;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    req.parsedBody = chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'));
    for (const [route, requirement] of mounted) {
      const params = route.method === req.method ? match(route.path, url.pathname) : undefined;
      if (params === undefined) continue;
      req.params = params;
      const request = toAuthzRequest(req);
      try {
        if (requirement !== null) {
          const outcome = await fga.authorize(request, requirement);
          if (!outcome.ok) return writeFgaResponse(res, outcome.response);
        }
        const result = await spec.handle(route, fga.context(request), params);
        res.statusCode = result.status;
        res.setHeader('content-type', 'application/json');
        return res.end(JSON.stringify(result.body));
      } catch (err) {
        const response = fga.responseFor(err);
        if (response !== undefined) return writeFgaResponse(res, response);
        res.statusCode = 500;
        return res.end();
      }
    }
    res.statusCode = 404;
    res.end();
  });
}

defineAdapterConformance({ name: 'node:http reference', createApp: createNodeApp });

describe('conformance scenarios', () => {
  it('have unique ids, all committed in scenario-ids.txt', () => {
    const ids = scenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(committedScenarioIds());
  });
});
