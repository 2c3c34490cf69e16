// requestView(): one view per native request, carried by the native or by the carrier an adapter
// names, and never handed to another request.
import { describe, expect, it } from 'vitest';
import { RequestView, readHeader, requestView } from './request-view.js';

interface FakeRequest {
  readonly id: string;
}

class FakeView extends RequestView<FakeRequest> {
  readonly method = 'GET';
  readonly path = '/';
  header(): undefined {
    return undefined;
  }
  param(): undefined {
    return undefined;
  }
  query(): undefined {
    return undefined;
  }
  body(): undefined {
    return undefined;
  }
}

const create = (native: FakeRequest): FakeView => new FakeView(native);

describe('requestView', () => {
  it('makes one view per native, kept on the native by default', () => {
    const native = { id: 'a' };
    const view = requestView(native, create);
    expect(requestView(native, create)).toBe(view);
    expect(view.native).toBe(native);
    expect(Object.getOwnPropertySymbols(native)).toHaveLength(1);
  });

  it('keeps the view on the carrier an adapter names, adding nothing to the native', () => {
    const native = { id: 'a' };
    const carrier = Object.create(null) as object;
    const view = requestView(native, create, carrier);
    expect(requestView(native, create, carrier)).toBe(view);
    expect(Object.getOwnPropertySymbols(native)).toEqual([]);
    expect(Object.getOwnPropertySymbols(carrier)).toHaveLength(1);
  });

  it('never hands a request the view of another that shared its carrier', () => {
    const shared = {};
    const first = { id: 'first' };
    const second = { id: 'second' };
    const firstView = requestView(first, create, shared);
    const secondView = requestView(second, create, shared);
    expect(secondView).not.toBe(firstView);
    expect(secondView.native).toBe(second);
    expect(requestView(first, create, shared).native).toBe(first);
  });

  it('still gives one view per native when the carrier cannot take a property', () => {
    const native: FakeRequest = Object.freeze({ id: 'frozen' });
    const view = requestView(native, create, Object.freeze({}));
    expect(requestView(native, create, Object.freeze({}))).toBe(view);
    expect(requestView(native, create)).toBe(view);
  });
});

describe('readHeader', () => {
  const headers = { 'x-membership-id': 'om_1', 'set-cookie': ['a=1', 'b=2'], empty: [] };

  it('finds a header by any case of its name', () => {
    expect(readHeader(headers, 'x-membership-id')).toBe('om_1');
    expect(readHeader(headers, 'X-Membership-Id')).toBe('om_1');
  });

  it('gives the first value of a repeated header, and undefined when there is none', () => {
    expect(readHeader(headers, 'Set-Cookie')).toBe('a=1');
    expect(readHeader(headers, 'empty')).toBeUndefined();
    expect(readHeader(headers, 'authorization')).toBeUndefined();
  });

  it('never hands out what the object inherits', () => {
    expect(readHeader(headers, 'constructor')).toBeUndefined();
    expect(readHeader(headers, 'toString')).toBeUndefined();
  });
});
