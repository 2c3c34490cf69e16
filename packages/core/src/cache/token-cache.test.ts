import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenCache } from './token-cache.js';

// Tokens whose last four characters differ get keys of their own; `twin` shares `a`'s key.
const a = 'header.payload.sigA';
const b = 'header.payload.sigB';
const c = 'header.payload.sigC';
const twin = 'header.other.sigA';
const EXP = Date.parse('2030-01-01T01:00:00Z') / 1000;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

function cacheOf(max: number) {
  const cache = createTokenCache<{ readonly token: string }>({ max });
  const put = (token: string) => cache.set(token, { token }, EXP, undefined, 0);
  const has = (token: string) => cache.get(token, Date.now())?.value.token === token;
  return { cache, put, has };
}

describe('token cache', () => {
  it('answers hits from its index and forgets what lru-cache evicts', () => {
    const { cache, put, has } = cacheOf(2);
    put(a);
    put(b);
    put(c); // evicts a, the least recently used
    expect([has(a), has(b), has(c)]).toEqual([false, true, true]);
    expect(cache.getFramed(`Bearer ${a}`, 7, Date.now())).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('reports a hit to lru-cache at most once a second, so a token in use is not evicted', () => {
    const { put, has } = cacheOf(2);
    put(a);
    put(b);
    vi.advanceTimersByTime(1_000);
    expect(has(a)).toBe(true); // a second after it was stored: a is now the most recent
    put(c); // so b goes
    expect([has(a), has(b), has(c)]).toEqual([true, false, true]);
  });

  it('does not reorder on hits within the second (eviction order is exact to a second)', () => {
    const { put, has } = cacheOf(2);
    put(a);
    put(b);
    vi.advanceTimersByTime(999);
    expect(has(a)).toBe(true);
    put(c); // a was stored first and its use was not reported yet
    expect([has(a), has(b), has(c)]).toEqual([false, true, true]);
  });

  it('keeps one entry per key: a token sharing the key replaces the other, and deleting one spares the other', () => {
    const { cache, put, has } = cacheOf(10);
    put(a);
    put(twin);
    expect([has(a), has(twin)]).toEqual([false, true]);
    cache.delete(a); // not the entry under that key: nothing happens
    expect(has(twin)).toBe(true);
    cache.delete(twin);
    expect([has(twin), cache.size]).toEqual([false, 0]);
  });

  it('matches a framed value only when its tail is the whole token, and then compares the frame whole', () => {
    const { cache, put } = cacheOf(10);
    put(a);
    const now = Date.now();
    expect(cache.getFramed(`Bearer ${a}`, 7, now)?.token).toBe(a);
    expect(cache.getFramed(`Bearer ${a}`, 7, now)?.framed).toBe(`Bearer ${a}`);
    expect(cache.getFramed(`Bearer x${a}`, 7, now)).toBeUndefined(); // same key, longer token
    expect(cache.getFramed(`Bearer  ${a}`, 7, now)).toBeUndefined(); // the frame is not what the caller checked
  });
});
