// Writing a shared handler's DemoResult with the platform response (`@Res()`), verbatim: status,
// headers (e.g. application/problem+json) and the JSON body.
import type { DemoResult } from '@fgakit/example-shared';

/** The members of Express's `res` the demo writes with. */
export interface DemoResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/** Write `result` on `res`. */
export function sendResult(res: DemoResponse, result: DemoResult): void {
  res.status(result.status);
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
  if (result.body === undefined) {
    res.end();
    return;
  }
  if (result.headers?.['content-type'] === undefined)
    res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(result.body));
}
