// Apps written in CommonJS can use @fgakit/nestjs: a .cjs app require()s the built package (dist)
// and runs under plain node.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const fixture = fileURLToPath(new URL('../test/fixtures/commonjs-app.cjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));

describe('CommonJS', () => {
  it('require("@fgakit/nestjs") works in a .cjs Nest app', async () => {
    expect(existsSync(dist), 'build first: pnpm -C packages/nestjs build').toBe(true);
    const { stdout } = await run(process.execPath, [fixture], { timeout: 20_000 });
    const { observed, bobMembershipId } = JSON.parse(stdout.trim()) as {
      observed: Record<string, { status: number; type: string; body: unknown }>;
      bobMembershipId: string;
    };
    expect(observed.allowed).toMatchObject({
      status: 200,
      body: { id: 'web', membershipId: bobMembershipId },
    });
    expect(observed.anonymous).toMatchObject({ status: 401, body: { code: 'authentication_required' } });
    expect(observed.anonymous?.type).toMatch(/^application\/problem\+json/);
    expect(observed.public).toMatchObject({ status: 200, body: { ok: true } });
  });
});
