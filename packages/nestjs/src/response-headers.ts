// Writing fgakit's response headers through Nest's HTTP adapter, so the same code serves the
// Express response and the Fastify reply.
import type { HttpAdapterHost } from '@nestjs/core';

interface HeaderWritable {
  header?(name: string, value: string): unknown;
  setHeader?(name: string, value: string): unknown;
}

/** @internal Set `headers` on the platform response (Express `res` or Fastify `reply`). */
export function setResponseHeaders(
  adapterHost: HttpAdapterHost | undefined,
  response: unknown,
  headers: Readonly<Record<string, string>>,
  options: { readonly skip?: readonly string[] } = {},
): void {
  const adapter = adapterHost?.httpAdapter;
  for (const [name, value] of Object.entries(headers)) {
    if (options.skip?.includes(name)) continue;
    if (adapter !== undefined) {
      adapter.setHeader(response, name, value);
      continue;
    }
    // no adapter host (a bare testing module): both platforms' responses have one of these
    const target = response as HeaderWritable;
    if (typeof target.header === 'function') target.header(name, value);
    else if (typeof target.setHeader === 'function') target.setHeader(name, value);
  }
}
