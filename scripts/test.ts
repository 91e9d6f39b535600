// `npm test`: every check of the repo in order, failing fast, ending with one line that adds
// up all test runners: `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const root = path.resolve(import.meta.dirname, '..');
const countsDir = mkdtempSync(path.join(tmpdir(), 'patchbay-test-'));
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function nodeTests(name: string, globs: string[]) {
  const countsFile = path.join(countsDir, `${name}.json`);
  return {
    countsFile,
    command: process.execPath,
    args: [
      '--no-node-snapshot',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${path.join(root, 'scripts/node-test-counts.ts')}`,
      `--test-reporter-destination=${countsFile}`,
      ...globs,
    ],
  };
}

const widgetCounts = path.join(countsDir, 'widget.json');
const steps: { name: string; command: string; args: string[]; countsFile?: string; env?: Record<string, string> }[] = [
  { name: 'typecheck', command: bin('tsc'), args: ['-b'] },
  { name: 'lint', command: bin('biome'), args: ['check', '--error-on-warnings', '.'] },
  // The BFF's imports run one way (docs/development.md, "Layers"): no back-edge, no circle.
  { name: 'layers', command: process.execPath, args: ['scripts/check-layers.ts'] },
  { name: 'build', command: 'npm', args: ['run', '--silent', 'build'], env: { PATCHBAY_BUILD_QUIET: '1' } },
  { name: 'fakes tests', ...nodeTests('fakes', ['packages/fakes/test/**/*.test.ts']) },
  { name: 'bff tests', ...nodeTests('bff', ['packages/bff/test/**/*.test.ts']) },
  // The widget's wire types against the OpenAPI document a real BFF serves.
  { name: 'widget wire types', ...nodeTests('widget-wire-types', ['packages/widget/test/server/*.test.ts']) },
  {
    name: 'widget tests',
    command: bin('web-test-runner'),
    args: ['--config', 'packages/widget/web-test-runner.config.mjs'],
    countsFile: widgetCounts,
    env: { PATCHBAY_WTR_COUNTS: widgetCounts },
  },
  { name: 'end-to-end tests', ...nodeTests('e2e', ['test/e2e/**/*.test.ts']) },
];

let failedStep: string | undefined;
for (const step of steps) {
  process.stdout.write(`\n▶ ${step.name}\n`);
  const started = performance.now();
  const result = spawnSync(step.command, step.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (step.countsFile) {
    const counts = readCounts(step.countsFile);
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  if (result.status !== 0) {
    failedStep = step.name;
    process.stdout.write(`✖ ${step.name} failed after ${seconds}s (exit ${result.status ?? result.signal})\n`);
    break;
  }
  process.stdout.write(`✔ ${step.name} (${seconds}s)\n`);
}
rmSync(countsDir, { recursive: true, force: true });

// A runner that crashed before reporting still fails the run, even with no failed test counted.
if (failedStep && total.failed === 0) total.failed = 1;
if (!process.env.PATCHBAY_TEST_POSTGRES_URL) {
  process.stdout.write(
    '\nPostgreSQL suites skipped (counted below): set PATCHBAY_TEST_POSTGRES_URL to a server to run them; .ci/run always does.\n',
  );
}
process.stdout.write(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(failedStep ? 1 : 0);

function readCounts(file: string): Counts {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Counts;
  } catch {
    return { passed: 0, failed: 0, skipped: 0 };
  }
}
