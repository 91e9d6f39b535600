import { runCli } from './cli.ts';

// `node src/main.ts` is `patchbay serve`: kept as a file of its own because tests and the
// benchmarks start it directly.
process.exitCode = await runCli(['serve', ...process.argv.slice(2)]);
