// Guard for the Nest 10 suites: the test code, the shared ../adapter-conformance/ files and
// @fgakit/nestjs must all run on one copy of NestJS 10 (fails if vitest.config.ts stops deduping).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FgaException, FgaModule } from '@fgakit/nestjs';
import { HttpException } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { conformanceApp } from '../adapter-conformance/app-spec.js';
import { nestConformanceAdapter } from '../adapter-conformance/nest-app.js';
import { createConformanceWorld } from '../adapter-conformance/runner.js';

const NEST_PACKAGE = /^(.*\/node_modules\/@nestjs\/(common|core|platform-express|platform-fastify))\//;

/**
 * Every copy of a `@nestjs/*` package Node has loaded in this process (Nest is CommonJS, so every
 * copy appears in `require.cache`, whichever ESM or CJS importer loaded it), by package name, each
 * as the versions of its distinct package directories.
 */
function loadedNestPackages(): ReadonlyMap<string, readonly string[]> {
  const directories = new Map<string, Set<string>>();
  for (const file of Object.keys(createRequire(import.meta.url).cache)) {
    const match = NEST_PACKAGE.exec(file);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const name = `@nestjs/${match[2]}`;
    directories.set(name, (directories.get(name) ?? new Set()).add(match[1]));
  }
  return new Map([...directories].map(([name, dirs]) => [name, [...dirs].map(packageVersion)]));
}

function packageVersion(directory: string): string {
  return (JSON.parse(readFileSync(`${directory}/package.json`, 'utf8')) as { version: string }).version;
}

describe('the nest10 project runs on one copy of NestJS 10', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('loads exactly one copy of each @nestjs package, version 10', () => {
    const loaded = loadedNestPackages();
    // this file imported the shared nest-app.ts, @fgakit/nestjs and both platforms above
    expect([...loaded.keys()].sort()).toEqual([
      '@nestjs/common',
      '@nestjs/core',
      '@nestjs/platform-express',
      '@nestjs/platform-fastify',
    ]);
    for (const [name, versions] of loaded) {
      expect({ name, versions }).toEqual({ name, versions: [expect.stringMatching(/^10\./)] });
    }
  });

  it('@fgakit/nestjs is built on that copy', () => {
    expect(Object.getPrototypeOf(FgaException)).toBe(HttpException);
    // FgaModule's @Module({ imports: [DiscoveryModule] }), read with the key Nest itself uses
    expect(Reflect.getMetadata('imports', FgaModule)).toContain(DiscoveryModule);
  });

  it('the shared nest-app.ts creates its app with that NestFactory', async () => {
    const create = vi.spyOn(NestFactory, 'create');
    const world = await createConformanceWorld();
    for (const createHttpAdapter of [() => new ExpressAdapter(), () => new FastifyAdapter()]) {
      const adapter = nestConformanceAdapter('nest 10 guard', createHttpAdapter);
      try {
        await adapter.createApp(conformanceApp, world.runtimeOptions);
      } finally {
        await adapter.close?.();
      }
    }
    expect(create).toHaveBeenCalledTimes(2);
  });
});
