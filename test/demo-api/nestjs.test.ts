// The demo API contract against examples/nestjs, plus one real start: `tsx src/main.ts` on a free port.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Server as HttpServer } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApp } from '@fgakit/example-nestjs/app';
import { describe, expect, it } from 'vitest';
import { defineDemoApiContract } from './contract.js';

defineDemoApiContract({
  name: 'nestjs',
  createApp: async (demo) => {
    const app = await createApp(demo, { logger: false });
    return { server: app.getHttpServer() as HttpServer, close: () => app.close() };
  },
});

const exampleDir = fileURLToPath(new URL('../../examples/nestjs/', import.meta.url));
const tsx = fileURLToPath(new URL('../../examples/nestjs/node_modules/.bin/tsx', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolve with the URL of the `listening on http://…` line, or reject with the output so far. */
function waitForListening(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string) => reject(new Error(`${why}\n--- output ---\n${output}`));
    const timer = setTimeout(() => fail(`no "listening on" line within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(`exited with ${code} before listening`);
    });
  });
}

describe('examples/nestjs start', () => {
  it('starts with `tsx src/main.ts` on PORT, prints the listening line and serves the demo API', async () => {
    const port = await freePort();
    const child = spawn(tsx, ['src/main.ts'], {
      cwd: exampleDir,
      env: { ...process.env, PORT: String(port), NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await waitForListening(child, 30_000);
      expect(url).toBe(`http://localhost:${port}`);
      const response = await fetch(`${url}/projects/web`);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
  });
});
