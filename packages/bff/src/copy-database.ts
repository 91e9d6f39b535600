import { runCli } from './cli.ts';

// `node src/copy-database.ts <from> <to>` is `patchbay copy-database <from> <to>`: kept as a file
// of its own because its tests start it directly.
process.exitCode = await runCli(['copy-database', ...process.argv.slice(2)]);
