#!/usr/bin/env node
// The `patchbay` command (src/cli.ts), after one check: Patchbay needs Node.js 24 (isolated-vm,
// which runs transformations in processes of their own, is built for it). `#cli` is the compiled
// CLI in an installed package, and its TypeScript source in a Patchbay checkout (the
// `@patchbay/source` condition, which the repository's .npmrc passes to every npm script and npx).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`patchbay: needs Node.js 24 or later; ${process.execPath} is ${process.version}\n`);
  process.exit(69);
}
const { runCli } = await import('#cli');
process.exitCode = await runCli(process.argv.slice(2));
