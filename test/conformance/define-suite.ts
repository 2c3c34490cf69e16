// Registers one vitest test per scenario for a backend; a backend file is just this call plus a factory.
import { describe, it } from 'vitest';
import { runScenario } from './interpreter.js';
import { scenarios } from './scenarios/index.js';
import type { BackendFactory } from './types.js';

/** Runs the whole authorizer conformance suite against `factory` (skipped when `available` is false). */
export function defineConformanceSuite(factory: BackendFactory, available = true): void {
  describe.skipIf(!available)(`authorizer conformance: ${factory.name}`, () => {
    it.each(scenarios.map((s) => [`${s.id} — ${s.title}`, s] as const))('%s', async (_name, scenario) => {
      const backend = await factory.create(scenario.settings);
      try {
        await runScenario(backend, scenario);
      } finally {
        await backend.close();
      }
    });
  });
}
