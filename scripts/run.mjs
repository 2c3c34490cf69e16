#!/usr/bin/env node
// Entry point behind `npm start`, `npm test` and `npm run build`: on a machine that has only
// Node.js and npm it fetches the pinned pnpm from the npm registry, installs, builds, then runs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, '');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  fail(`fgakit needs Node.js >= 20.19 (this is ${process.version}). Install a newer Node.js and retry.`);
}

const command = process.argv[2] ?? 'test';
const extra = process.argv.slice(3);

function fail(message) {
  console.error(`\n[fgakit] ${message}`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: false, ...options });
  if (result.error) fail(`could not run ${cmd}: ${result.error.message}`);
  return result.status ?? 1;
}

/** The pnpm to use: a matching one on PATH, else the pinned version through npx (cached after the first run). */
function resolvePnpm() {
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim() === pnpmVersion) return { cmd: 'pnpm', pre: [] };
  return { cmd: 'npx', pre: ['--yes', `pnpm@${pnpmVersion}`] };
}

const pnpm = resolvePnpm();
function runPnpm(args, options) {
  return run(pnpm.cmd, [...pnpm.pre, ...args], options);
}
function mustPnpm(args, what) {
  if (runPnpm(args) !== 0) fail(`${what} failed (pnpm ${args.join(' ')}).`);
}

function installAndBuild() {
  const frozen = existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
  mustPnpm(['install', ...frozen, '--reporter=append-only'], 'installing dependencies');
  mustPnpm(['-r', '--filter', './packages/**', 'run', 'build'], 'building the packages');
}

/** Vitest's JSON report → one plain closing line ("N passed, N failed, N skipped"). */
function printTotals(reportPath, remove) {
  if (!existsSync(reportPath)) return;
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  if (remove) rmSync(reportPath, { force: true });
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(`\n[fgakit] ${report.numTotalTestSuites ?? 0} test files, ${report.numTotalTests ?? 0} tests`);
  console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
}

switch (command) {
  case 'build':
    installAndBuild();
    break;
  case 'test': {
    installAndBuild();
    mustPnpm(['exec', 'biome', 'ci', '.'], 'lint and format check (fix with `pnpm format`)');
    mustPnpm(['-r', '--if-present', 'run', 'typecheck'], 'type checking');
    // CI asks for the JSON report to be kept (FGAKIT_TEST_REPORT) so it can total several runs.
    const keepReport = process.env.FGAKIT_TEST_REPORT;
    const reportPath = keepReport ?? join(root, '.vitest-results.json');
    const status = runPnpm([
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reportPath}`,
      ...extra,
    ]);
    printTotals(reportPath, keepReport === undefined);
    process.exit(status);
    break;
  }
  case 'start': {
    installAndBuild();
    // The Express demo once it exists; until then the quickstart that prints the worked examples.
    const demo = existsSync(join(root, 'examples/express/src/main.ts'))
      ? 'examples/express'
      : 'examples/quickstart';
    process.exit(runPnpm(['-C', demo, 'start', ...extra]));
    break;
  }
  default:
    fail(`unknown command "${command}" (expected build, test or start)`);
}
