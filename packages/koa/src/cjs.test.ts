import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const built = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));
const script = fileURLToPath(new URL('./cjs-smoke.cjs', import.meta.url));

describe('CommonJS', () => {
  it('require("@fgakit/koa") works in a CommonJS Koa app (needs `pnpm -C packages/koa build`)', async () => {
    // `npm test` builds every package first; rebuilding here would race suites importing dist
    expect(existsSync(built), 'dist/index.cjs is missing: run `pnpm -C packages/koa build`').toBe(true);
    const { stdout } = await run(process.execPath, [script], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({
      type: 'function',
      guard: 'fgaRequirePermission',
      statuses: [200, 401, 403],
    });
  });
});
