// Apps written in CommonJS can use the package: test/cjs-smoke.cjs requires the built dist
// (`pnpm -C packages/express build`) and guards a route; it runs under plain `node`.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../test/cjs-smoke.cjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));

describe('CommonJS', () => {
  it('require("@fgakit/express") guards a route', async () => {
    expect(existsSync(dist), 'build first: pnpm -C packages/express build').toBe(true);
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 20_000 });
    expect(JSON.parse(stdout.trim())).toEqual({ allowed: 200, anonymous: 401, concealed: 404 });
  });
});
