// Where the guard records its runtime for @Membership() and the exception filter: on the request's
// carrier when it can take a property (a symbol key, as the request's view), in a WeakMap when it
// cannot; never shared between requests.
import type { FgaRuntime } from '@fgakit/core/http';
import { describe, expect, it } from 'vitest';
import { bindRuntime, runtimeOf } from './request-runtime.js';
import type { NestHttpRequest } from './to-authz-request.js';

const runtimeA = { name: 'a' } as unknown as FgaRuntime;
const runtimeB = { name: 'b' } as unknown as FgaRuntime;

function fastifyRequest(): NestHttpRequest {
  return { method: 'GET', url: '/projects/web', headers: {}, params: { projectId: 'web' } };
}

function expressRequest(): NestHttpRequest & { res: { locals: Record<string, unknown> } } {
  return { ...fastifyRequest(), res: { locals: {} } };
}

describe('bindRuntime / runtimeOf', () => {
  it.each([
    ['a Fastify request (the request carries it)', fastifyRequest],
    ['an Express request (res.locals carries it)', expressRequest],
    ['a frozen request (the WeakMap keeps it)', () => Object.freeze(fastifyRequest())],
  ])('finds the runtime recorded for %s, and only for that request', (_name, make) => {
    const first = make();
    const second = make();
    expect(runtimeOf(first)).toBeUndefined();
    bindRuntime(first, runtimeA);
    bindRuntime(second, runtimeB);
    expect(runtimeOf(first)).toBe(runtimeA);
    expect(runtimeOf(second)).toBe(runtimeB);
    expect(runtimeOf(make())).toBeUndefined();
  });

  it('is not listed where apps list their locals: Object.keys, for...in, JSON', () => {
    const request = expressRequest();
    bindRuntime(request, runtimeA);
    expect(Object.keys(request.res.locals)).toEqual([]);
    const listed: string[] = [];
    for (const key in request.res.locals) listed.push(key);
    expect(listed).toEqual([]);
    expect(JSON.stringify(request.res.locals)).toBe('{}');
    const fastify = fastifyRequest();
    bindRuntime(fastify, runtimeA);
    expect(Object.keys(fastify)).toEqual(['method', 'url', 'headers', 'params']);
  });
});
