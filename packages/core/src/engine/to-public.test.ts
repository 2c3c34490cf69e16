// The fast ISO formatter must agree with Date#toISOString everywhere (its memo and minute prefix
// are easy to get subtly wrong at boundaries).
import { describe, expect, it } from 'vitest';
import { timeOfId } from '../util/ulid.js';
import { iso } from './to-public.js';

describe('iso', () => {
  it('matches toISOString at boundaries, in bursts and out of range', () => {
    const samples = [
      0,
      1,
      9,
      10,
      99,
      100,
      999,
      1000,
      59_999,
      60_000,
      60_001,
      3_599_999,
      86_399_999,
      86_400_000,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10_000, 0, 1),
      -1,
      -86_400_001,
      8.64e15,
      1_700_000_000_123.5,
    ];
    let x = 1_700_000_000_000;
    for (let i = 0; i < 20_000; i++) {
      x += (i * 7919) % 97 === 0 ? 61_234 : (i * 31) % 5; // repeats, small steps, minute jumps
      samples.push(x, x, x + 1);
    }
    for (const ms of samples) expect(iso(ms)).toBe(new Date(ms).toISOString());
    expect(() => iso(Number.NaN)).toThrow(RangeError);
  });

  it('timeOfId decodes the ULID time and treats characters outside the alphabet as 0', () => {
    expect(timeOfId('authz_resource_01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(1_469_922_850_259);
    expect(timeOfId('x_0000000001ZZZZZZZZZZZZZZZZ')).toBe(1);
    expect(timeOfId('x_000000000aZZZZZZZZZZZZZZZZ')).toBe(0);
    expect(timeOfId('short')).toBe(0);
  });
});
