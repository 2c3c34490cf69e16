// Guards the scenario list: a scenario cannot disappear (or be renamed) without editing scenario-ids.txt.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarios } from './scenarios/index.js';

const committed = readFileSync(new URL('./scenario-ids.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.length > 0 && !line.startsWith('#'));

describe('conformance scenario ids', () => {
  it('match the committed list exactly, in order', () => {
    expect(scenarios.map((s) => s.id)).toEqual(committed);
  });

  it('are unique', () => {
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
  });

  it('each name a spec reference and expect something', () => {
    for (const s of scenarios) {
      expect(s.spec, s.id).toMatch(/§/);
      expect(s.expect.length, s.id).toBeGreaterThan(0);
    }
  });
});
