import { describe, expect, it } from 'vitest';
import { isIdWithPrefix, timeOfId, UlidGenerator } from './ulid.js';

describe('UlidGenerator', () => {
  it('makes prefixed 26-char Crockford ids that increase within one millisecond and when the clock steps back', () => {
    let now = 1_700_000_000_000;
    const ids = new UlidGenerator(() => now);
    const made: string[] = [];
    for (let i = 0; i < 1000; i++) made.push(ids.next('om_'));
    now -= 5_000;
    made.push(ids.next('om_'));
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
    expect(made.every((id) => isIdWithPrefix(id, 'om_'))).toBe(true);
    expect(timeOfId(made[0] as string)).toBe(1_700_000_000_000);
  });

  it('continues above observed ids (ids loaded from a store)', () => {
    const later = new UlidGenerator(() => 2_000_000_000_000).next('user_');
    const ids = new UlidGenerator(() => 1_000);
    ids.observe(later);
    expect(ids.next('user_') > later).toBe(true);
  });

  it('tells id prefixes apart by length', () => {
    const id = new UlidGenerator().next('authz_resource_type_');
    expect(isIdWithPrefix(id, 'authz_resource_type_')).toBe(true);
    expect(isIdWithPrefix(id, 'authz_resource_')).toBe(false);
    expect(isIdWithPrefix('org_01HXYZ123456789ABCDEFGHIJ', 'org_')).toBe(false); // I is not Crockford
  });
});
