#!/usr/bin/env node
// The `patchbay` command (src/cli.ts). Patchbay's sandbox, isolated-vm, needs Node.js 24 and V8
// started without Node's startup snapshot, so this checks the version and, unless the flag is
// already there, runs itself again with --no-node-snapshot. `#cli` is the compiled CLI in an
// installed package, and its TypeScript source in a Patchbay checkout (the `@patchbay/source`
// condition, which the repository's .npmrc passes to every npm script and npx).
import { spawnSync } from 'node:child_process';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`patchbay: needs Node.js 24 or later; ${process.execPath} is ${process.version}\n`);
  process.exit(69);
}
if (!process.execArgv.includes('--no-node-snapshot')) {
  const args = ['--no-node-snapshot', ...process.execArgv, ...process.argv.slice(1)];
  // Replaces this process (same pid, signals and exit status), where the platform can.
  if (process.platform !== 'win32') process.execve(process.execPath, [process.execPath, ...args]);
  const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
const { runCli } = await import('#cli');
process.exitCode = await runCli(process.argv.slice(2));
