// One view per framework request, shared by every guard, `req.fga` and the error path, with each
// runtime's per-request context kept on the view itself.
//
// Where the view lives matters on a busy server. It is one property on the native request, under a
// symbol of this module: a WeakMap keyed by the request, whose value (the view)
// refers back to the request, keeps every request alive through young-generation collections and
// cost ~10 µs of GC per request in the Express benchmark. The property is the only one fgakit adds:
// on an Express request (whose prototype Express sets, giving each request a hidden class of its
// own) each added property costs a few microseconds, so the contexts go on the view instead.
import type { AuthzRequest } from './types.js';

/** What core keeps on a view for one runtime: opaque to adapters. */
type Slot = object;

const VIEW = Symbol('fgakit.requestView');
/** Views of frozen or sealed natives, which cannot carry the property. */
const sealedViews = new WeakMap<object, RequestView<object>>();

// Set by RequestView's static block, the one place its private fields can be reached from.
/** @internal The context `owner` (a runtime) attached to `view`, if any. */
export let contextOf: (view: RequestView<object>, owner: Slot) => unknown;
/** @internal Attach `owner`'s context to `view`. */
export let attachContext: (view: RequestView<object>, owner: Slot, context: unknown) => void;

/**
 * The base class of an adapter's request view: the framework-neutral `AuthzRequest` over one native
 * request. Get it with {@link requestView}, never `new`, so a request has exactly one view and every
 * runtime finds its context on it.
 *
 * @example An adapter's view
 * ```ts
 * class MyView extends RequestView<MyRequest> {
 *   get method() { return this.native.method; }
 *   get path() { return this.native.path; }
 *   header(name: string) { return readHeader(this.native.headers, name); }
 *   param(name: string) { return this.native.params[name]; }
 *   query(name: string) { return this.native.query[name]; }
 *   body() { return this.native.body; }
 * }
 * const view = requestView(req, (native) => new MyView(native));
 * ```
 */
export abstract class RequestView<Native extends object = object> implements AuthzRequest<Native> {
  /** The framework's request object this view reads. */
  readonly native: Native;
  // The first runtime's context in two fields; more runtimes on one request (rare) in a Map.
  #owner: Slot | undefined = undefined;
  #context: unknown = undefined;
  #others: Map<Slot, unknown> | undefined = undefined;

  constructor(native: Native) {
    this.native = native;
  }

  abstract readonly method: string;
  abstract readonly path: string;
  abstract header(name: string): string | undefined;
  abstract param(name: string): string | undefined;
  abstract query(name: string): string | undefined;
  abstract body(): unknown;

  static {
    contextOf = (view, owner) => (view.#owner === owner ? view.#context : view.#others?.get(owner));
    attachContext = (view, owner, context) => {
      if (view.#owner === undefined) {
        view.#owner = owner;
        view.#context = context;
      } else {
        view.#others ??= new Map();
        view.#others.set(owner, context);
      }
    };
  }
}

/**
 * The one view of `native`: created by `create` on first use, the same object for the rest of the
 * request. Adapters call this from their `toAuthzRequest(req)`.
 *
 * `carrier` is the object the view rides on, `native` itself by default. An adapter passes another
 * per-request object when adding a property to the native is costly: on Express, whose requests
 * each have a hidden class of their own, the dictionary-mode `res.locals` takes the property in a
 * fraction of the time `req` does. A view found on the carrier is used only if it views this very
 * `native`, so a carrier shared by mistake never hands one request another's view.
 *
 * @example
 * ```ts
 * export const toAuthzRequest = (req: MyRequest) => requestView(req, (native) => new MyView(native));
 * ```
 */
export function requestView<Native extends object, View extends RequestView<Native>>(
  native: Native,
  create: (native: Native) => View,
  carrier: object = native,
): View {
  const carried = (carrier as { [VIEW]?: View })[VIEW];
  if (carried !== undefined && carried.native === native) return carried;
  const view = create(native);
  try {
    // A plain assignment: a symbol key is never listed by `Object.keys`, `for...in` or JSON, and
    // on a request whose shape is shared (Koa, Fastify) it costs nanoseconds where
    // `Object.defineProperty` (or even `Object.isExtensible`) costs a runtime call. Module code is
    // strict, so a frozen or sealed carrier throws here instead of ignoring the write.
    (carrier as { [VIEW]?: View })[VIEW] = view;
    return view;
  } catch {
    return sealedView(native, view);
  }
}

/** The view of a native whose carrier cannot take the property: kept in a WeakMap instead. */
function sealedView<View extends RequestView<object>>(native: object, created: View): View {
  const known = sealedViews.get(native) as View | undefined;
  if (known !== undefined) return known;
  sealedViews.set(native, created);
  return created;
}

/** @internal The adapter view registered for `native`, if an adapter made one. */
export function registeredView(native: object): RequestView<object> | undefined {
  return (native as { [VIEW]?: RequestView<object> })[VIEW] ?? sealedViews.get(native);
}

/** Node's `IncomingMessage.headers`, or any object shaped like it (lower-case names). */
export type NodeHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * A header of a Node request by case-insensitive name: the first value when repeated, `undefined`
 * when absent. Node stores header names lower-cased and the names core asks for are lower-case, so
 * the name is tried as given first and lower-cased only when that misses: `toLowerCase` on every
 * guarded request is a runtime call that costs a Koa request about 0.2 % (bench: instructions).
 *
 * @example
 * ```ts
 * class MyView extends RequestView<IncomingMessage> {
 *   header(name: string) { return readHeader(this.native.headers, name); }
 *   // …
 * }
 * readHeader({ 'x-membership-id': 'om_1' }, 'X-Membership-Id'); // 'om_1'
 * ```
 */
export function readHeader(headers: NodeHeaders, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}
