import { describe, expect, it } from 'vitest';
import { paginate } from './paginate.js';

// Ten ids in creation order: i00 (oldest) … i09 (newest).
const items = Array.from({ length: 10 }, (_, i) => `i${String(i).padStart(2, '0')}`);
const page = (options: Parameters<typeof paginate>[2]) =>
  paginate(
    items,
    (id) => id,
    options,
    (id) => id.startsWith('i'),
  );

describe('paginate (SPEC §3.0, D14)', () => {
  it.each([
    ['desc default, first page', undefined, [...items].reverse(), { before: null, after: null }],
    ['desc, limit 3: newest first', { limit: 3 }, ['i09', 'i08', 'i07'], { before: null, after: 'i07' }],
    [
      'desc after → older',
      { limit: 3, after: 'i07' },
      ['i06', 'i05', 'i04'],
      { before: 'i06', after: 'i04' },
    ],
    [
      'desc after reaching the end',
      { limit: 3, after: 'i03' },
      ['i02', 'i01', 'i00'],
      { before: 'i02', after: null },
    ],
    [
      'desc before → newer',
      { limit: 3, before: 'i04' },
      ['i07', 'i06', 'i05'],
      { before: 'i07', after: 'i05' },
    ],
    [
      'desc before reaching the start',
      { limit: 3, before: 'i07' },
      ['i09', 'i08'],
      { before: null, after: 'i08' },
    ],
    [
      'asc, limit 4',
      { order: 'asc', limit: 4 },
      ['i00', 'i01', 'i02', 'i03'],
      { before: null, after: 'i03' },
    ],
    ['asc after', { order: 'asc', limit: 4, after: 'i07' }, ['i08', 'i09'], { before: 'i08', after: null }],
    ['asc before', { order: 'asc', limit: 4, before: 'i02' }, ['i00', 'i01'], { before: null, after: 'i01' }],
    [
      'normal: descending, before → older',
      { order: 'normal', limit: 3, before: 'i07' },
      ['i06', 'i05', 'i04'],
      { before: 'i04', after: 'i06' },
    ],
    [
      'normal: after → newer',
      { order: 'normal', limit: 3, after: 'i05' },
      ['i08', 'i07', 'i06'],
      { before: 'i06', after: 'i08' },
    ],
    ['past the end is empty', { after: 'i00' }, [], { before: null, after: null }],
    [
      'cursor not in the filtered list still positions by id',
      { order: 'asc', limit: 2, after: 'i045' },
      ['i05', 'i06'],
      { before: 'i05', after: 'i06' },
    ],
  ] as const)('%s', (_name, options, data, listMetadata) => {
    expect(page(options)).toEqual({ data, listMetadata });
  });

  it('follows `after` from start to end without gaps or repeats, in every order', () => {
    for (const order of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const result = page({ order, limit: 3, ...(after === undefined ? {} : { after }) });
        seen.push(...result.data);
        after = result.listMetadata.after ?? undefined;
      } while (after !== undefined);
      expect(seen).toEqual(order === 'asc' ? items : [...items].reverse());
    }
  });

  it.each([
    [{ limit: 0 }, 'invalid_request_parameters', 'limit'],
    [{ limit: 101 }, 'invalid_request_parameters', 'limit'],
    [{ limit: 2.5 }, 'invalid_request_parameters', 'limit'],
    [{ order: 'sideways' as never }, 'invalid_request_parameters', 'order'],
    [{ before: 'i01', after: 'i02' }, 'invalid_request_parameters', 'before'],
    [{ after: 'x-unknown' }, 'invalid_cursor', 'after'],
    [{ before: '' }, 'invalid_cursor', 'before'],
  ])('rejects %j with %s', (options, code, field) => {
    expect(() => page(options)).toThrow(expect.objectContaining({ code, details: { field } }));
  });

  it('accepts limits 1 and 100 and defaults to 10', () => {
    const many = Array.from({ length: 150 }, (_, i) => `i${String(i).padStart(3, '0')}`);
    const list = (limit?: number) =>
      paginate(
        many,
        (id) => id,
        limit === undefined ? {} : { limit },
        () => true,
      ).data.length;
    expect([list(1), list(100), list()]).toEqual([1, 100, 10]);
  });
});
