import { parseArgs } from 'node:util';
import { CommandError, type Env, EXIT } from './commands/command.ts';
import { ConfigError } from './config.ts';
import { VERSION } from './version.ts';

/**
 * The `patchbay` command (bin/patchbay.js starts it). A command's module is loaded only when it
 * runs, so help and usage errors answer without loading the sandbox or a database driver.
 */
interface Command {
  /** Its positional arguments, by name; one in brackets (`[ID]`) may be left out. */
  args: string[];
  /** Its string options (`--name NAME`), beside --help. */
  options?: string[];
  summary: string;
  /** What `patchbay <command> --help` adds to the summary. */
  help: string;
  run(args: string[], env: Env, options: Record<string, string | undefined>): Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  serve: {
    args: [],
    summary: 'run the API and the delivery worker in the foreground, JSON logs on stdout',
    help: `Migrates the database, then listens on HOST:PORT (127.0.0.1:8787); GET /health answers 200
once it is up. PATCHBAY_API_KEY is required. PATCHBAY_ROLE=api serves the API without delivering,
PATCHBAY_ROLE=worker delivers and serves only /health and /metrics. SIGTERM or SIGINT stop taking
requests, let deliveries in flight finish, and exit 0.`,
    run: async (_args, env) => (await import('./commands/serve.ts')).serveCommand(env),
  },
  migrate: {
    args: [],
    summary: "bring PATCHBAY_DATABASE to this version's schema, then exit",
    help: `Applies the migrations the database lacks, each in its own transaction, and prints the schema
version. serve does the same at start; run this to upgrade before starting new processes. A
database newer than this version is refused (exit 69).`,
    run: async (_args, env) => (await import('./commands/migrate.ts')).migrateCommand(env),
  },
  'rotate-encryption-key': {
    args: [],
    summary: 're-encrypt stored credentials under a new PATCHBAY_ENCRYPTION_KEY',
    help: `Set PATCHBAY_ENCRYPTION_KEY to the new key and PATCHBAY_ENCRYPTION_KEYS_PREVIOUS to the old one
(comma-separated if several), give every running process the same two, then run this once.
See docs/operations.md, "Rotating the encryption key".`,
    run: async (_args, env) => (await import('./commands/rotate-encryption-key.ts')).rotateEncryptionKeyCommand(env),
  },
  'copy-database': {
    args: ['<from>', '<to>'],
    summary: 'copy everything into another, empty database (e.g. SQLite to PostgreSQL)',
    help: `<from> and <to> are PATCHBAY_DATABASE values (sqlite:<path> or postgres://…). Stop Patchbay on
<from> first. Both are migrated to this version's schema, then every table is copied in one
transaction on <to>; a <to> that has data, or another schema version, is refused (exit 65) and
nothing is copied. See docs/operations.md, "Moving from SQLite to PostgreSQL".`,
    run: async (args, env) => (await import('./commands/copy-database.ts')).copyDatabaseCommand(args, env),
  },
  'api-key': {
    args: ['<create|list|revoke>', '[ID]'],
    options: ['name'],
    summary: 'manage vendor API keys beside PATCHBAY_API_KEY: create --name NAME, list, revoke ID',
    help: `create --name NAME prints a new key, once: only its hash is stored. list shows every key's id,
name, creation and revocation (never a key). revoke ID refuses that key from the next request on,
without a restart. PATCHBAY_API_KEY stays valid while it is set. See docs/operations.md,
"Rotating the vendor API key".`,
    run: async (args, env, options) =>
      (await import('./commands/api-key.ts')).apiKeyCommand(args, { name: options.name }, env),
  },
};

const CONFIGURATION = `Configuration comes from the environment (PATCHBAY_DATABASE, PATCHBAY_API_KEY, …), the same
for every command: see "Configuration" in Patchbay's README.`;

const EXIT_STATUSES = `exit status: 0 done, 64 wrong usage, 65 refused (nothing changed), 66 input missing,
69 database, listen address or Node.js 24 unavailable, 70 unexpected error, 78 invalid configuration`;

/** `copy-database <from> <to>` */
function synopsis(name: string): string {
  return [name, ...(COMMANDS[name]?.args ?? [])].join(' ');
}

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => synopsis(name).length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${synopsis(name).padEnd(width)}  ${c.summary}`);
  return `Patchbay ${VERSION}: your webhooks, delivered to your customers' connectors.

usage: patchbay <command> [--help]

${lines.join('\n')}

${CONFIGURATION}
patchbay <command> --help says more about one.

${EXIT_STATUSES}
`;
}

function commandHelp(name: string, command: Command): string {
  return `usage: patchbay ${synopsis(name)}

${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}.

${command.help}

${CONFIGURATION}

${EXIT_STATUSES}
`;
}

interface Output {
  write(text: string): unknown;
}

/** Runs `patchbay <argv…>` and resolves to the exit status (a running `serve` resolves once it listens). */
export async function runCli(
  argv: string[],
  env: Env = process.env,
  stdout: Output = process.stdout,
  stderr: Output = process.stderr,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    stderr.write(overview());
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest[0];
    if (topic !== undefined && Object.hasOwn(COMMANDS, topic))
      stdout.write(commandHelp(topic, COMMANDS[topic] as Command));
    else stdout.write(overview());
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    stderr.write(`patchbay: unknown command "${name}"\n\n${overview()}`);
    return EXIT.usage;
  }

  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(rest, command.options ?? []);
  } catch (err) {
    stderr.write(
      `patchbay ${name}: ${(err as Error).message}\nusage: patchbay ${synopsis(name)}  (patchbay ${name} --help)\n`,
    );
    return EXIT.usage;
  }
  if (parsed.values.help) {
    stdout.write(commandHelp(name, command));
    return EXIT.ok;
  }
  const required = command.args.filter((arg) => !arg.startsWith('[')).length;
  if (parsed.positionals.length < required || parsed.positionals.length > command.args.length) {
    const takes = command.args.length ? `takes ${command.args.join(' ')}` : 'takes no arguments';
    stderr.write(
      `patchbay ${name}: ${takes}, got ${parsed.positionals.length}\nusage: patchbay ${synopsis(name)}  (patchbay ${name} --help)\n`,
    );
    return EXIT.usage;
  }

  try {
    const { help: _help, ...options } = parsed.values;
    await command.run(parsed.positionals, env, options as Record<string, string | undefined>);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommandError) {
      stderr.write(`patchbay ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof ConfigError) {
      stderr.write(`patchbay ${name}: ${err.message}\n`);
      return EXIT.config;
    }
    stderr.write(`patchbay ${name}: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : err}\n`);
    return EXIT.software;
  }
}

function parseCommandLine(args: string[], names: string[]) {
  const options = Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));
  return parseArgs({
    args,
    options: { ...options, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
}
