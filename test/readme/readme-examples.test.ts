// Every ```ts block in the READMEs runs, as a newcomer would paste it: written to a file, run with
// tsx from the repository root, and expected to exit 0. Blocks marked ```ts fragment are excerpts
// (a decorator, a provider) and are skipped. A block that starts a server (`.listen(`) listens on
// a free port and is stopped after it has started.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const generated = join(here, '__generated__');
const tsx = join(here, '..', 'node_modules', '.bin', 'tsx');

const READMES = [
  'README.md',
  'packages/core/README.md',
  'packages/express/README.md',
  'packages/koa/README.md',
  'packages/nestjs/README.md',
];

interface Block {
  readonly readme: string;
  readonly index: number;
  readonly line: number;
  readonly code: string;
}

function blocksOf(readme: string): Block[] {
  const lines = readFileSync(join(root, readme), 'utf8').split('\n');
  const blocks: Block[] = [];
  let start = -1;
  let count = 0;
  for (const [i, line] of lines.entries()) {
    if (start < 0 && line.trim() === '```ts') start = i;
    else if (start >= 0 && line.trim() === '```') {
      count += 1;
      blocks.push({ readme, index: count, line: start + 1, code: lines.slice(start + 1, i).join('\n') });
      start = -1;
    }
  }
  return blocks;
}

/** A server example listens on a free port and exits once it is up, instead of running forever. */
function runnable(code: string): string {
  if (!code.includes('.listen(')) return code;
  return `${code.replace(/\.listen\(\s*\d+/g, '.listen(0')}\nsetTimeout(() => process.exit(0), 1000);\n`;
}

const blocks = READMES.flatMap(blocksOf);
mkdirSync(generated, { recursive: true });
afterAll(() => rmSync(generated, { recursive: true, force: true }));

describe('README examples run', () => {
  it('finds examples to run', () => {
    expect(blocks.length).toBeGreaterThan(4);
  });

  it.each(blocks.map((block) => [`${block.readme}:${block.line} (example ${block.index})`, block] as const))(
    '%s',
    (_name, block) => {
      const file = join(generated, `${block.readme.replace(/[/.]/g, '-')}-${block.index}.ts`);
      writeFileSync(file, runnable(block.code));
      // test/tsconfig.json turns on experimentalDecorators, as a Nest app's own tsconfig does.
      const env = { ...process.env, TSX_TSCONFIG_PATH: join(here, '..', 'tsconfig.json') };
      const result = spawnSync(tsx, [file], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
      const where = `${relative(root, file)} (from ${block.readme} line ${block.line})`;
      expect(result.error, where).toBeUndefined();
      expect(result.status, `${where}\n${result.stderr}`).toBe(0);
    },
    90_000,
  );
});
