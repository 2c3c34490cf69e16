// One real start of a demo app, as `pnpm -C examples/<name> start` runs it: `tsx src/main.ts` on a
// free PORT. The test waits for the `listening on http://…` line, then runs the curl commands the
// app printed, in bash, exactly as a newcomer pastes them, and checks each answers the status its
// comment promises.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** A port nobody listens on right now. */
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

/** The URL of the `listening on http://…` line and the output so far; rejects with the output. */
function waitForListening(
  child: ChildProcess,
  timeoutMs: number,
): Promise<{ url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string) => reject(new Error(`${why}\n--- output ---\n${output}`));
    const timer = setTimeout(() => fail(`no "listening on" line within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ url: match[1], output: () => output });
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

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * The printed commands as one bash script: the token assignments as they are, and each
 * `curl -i … # 403: why` turned into a line printing `403 <status>`, expected then actual.
 */
function scriptOf(banner: string): { script: string; expected: number } {
  const lines: string[] = ['set -u'];
  let expected = 0;
  for (const raw of banner.split('\n')) {
    const line = raw.trim();
    if (/^[A-Z]+=\$\(curl /.test(line)) lines.push(line);
    const check = /^(curl -i .*?)\s+#\s*(\d{3})\b/.exec(line);
    if (check?.[1] !== undefined && check[2] !== undefined) {
      expected += 1;
      const command = check[1].replace(/^curl -i /, `curl -s -o /dev/null -w '${check[2]} %{http_code}\\n' `);
      lines.push(command);
    }
  }
  return { script: lines.join('\n'), expected };
}

/** Start `examples/<name>` for real and run the commands its banner prints. */
export function defineExampleStartTest(name: string): void {
  const exampleDir = fileURLToPath(new URL(`../../examples/${name}/`, import.meta.url));
  const tsx = fileURLToPath(new URL(`../../examples/${name}/node_modules/.bin/tsx`, import.meta.url));

  describe(`examples/${name} start`, () => {
    it('listens on PORT, prints curl commands, and each answers the status it promises', async () => {
      const port = await freePort();
      const child = spawn(tsx, ['src/main.ts'], {
        cwd: exampleDir,
        env: { ...process.env, PORT: String(port), NODE_ENV: 'development' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const { url, output } = await waitForListening(child, 30_000);
        expect(url).toBe(`http://localhost:${port}`);
        await new Promise((resolve) => setTimeout(resolve, 200)); // the rest of the banner
        const { script, expected } = scriptOf(output());
        expect(expected, output()).toBeGreaterThanOrEqual(8);
        const answers = execFileSync('bash', ['-c', script], { encoding: 'utf8', timeout: 30_000 })
          .trim()
          .split('\n');
        expect(answers).toHaveLength(expected);
        for (const answer of answers) {
          const [promised, actual] = answer.split(' ');
          expect(actual, `${answer}\n${script}`).toBe(promised);
        }
      } finally {
        await stop(child);
      }
    });
  });
}
