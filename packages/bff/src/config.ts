import path from 'node:path';
import { z } from 'zod';

// The BFF's configuration: every variable it reads, with its schema, default and meaning, in one
// table (ENVIRONMENT) that also renders the README's configuration table (test/readme-config.ts).
// It imports nothing of the project: what the catalog adds (its services, its OAuth providers) is
// read as two families of variables, PATCHBAY_<SERVICE>_BASE_URL and PATCHBAY_<PROVIDER>_CLIENT_ID.

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; poolSize: number };
/** What a process runs: the HTTP API, the delivery worker, or both. */
export type Role = 'api' | 'worker' | 'all';
const ROLES = ['api', 'worker', 'all'] as const satisfies readonly Role[];
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const satisfies readonly LogLevel[];

export interface AppRateLimits {
  /** Resends, recoveries (and their counts first) and examples sent. */
  queue: number;
  /** Transformation test runs. */
  simulate: number;
  /** Connects and reconnects with a form: each sends the service a request checking the credentials. */
  connect: number;
  /** Endpoint changes (create, replace, patch, delete, headers, secret, transformation, drafts): each emits an operational event. */
  manage: number;
}

export interface DeliveryConfig {
  allowPrivateNetworks: boolean;
  /**
   * Origins (`http://127.0.0.1:4010`) deliveries may reach on loopback or private addresses
   * while the SSRF guard stays on for every other destination.
   */
  privateOrigins?: readonly string[];
  retrySchedule: readonly number[];
  concurrency: number;
  perEndpointConcurrency: number;
  timeoutMs: number;
  disableAfterMs: number;
  operationalWebhook: { url: string; secret: string } | null;
  /**
   * How long a message's payload is kept unless the message says otherwise, and how long a
   * message (its log: attempts and dispatches) is kept at all (`PATCHBAY_RETENTION_DAYS`).
   */
  retentionMs: number;
}

/** The vendor's look on the App Portal page: each part optional, and each validated where it is read. */
export interface PortalLook {
  vendorName?: string;
  /** The header's image: an http(s) URL. */
  logo?: string;
  /** `#rrggbb`, for the light theme (and the dark one, unless `accentColorDark` says otherwise). */
  accentColor?: string;
  accentColorDark?: string;
  fontFamily?: string;
}

/** The App Portal page (`GET /portal`, the `url` of app-portal-access). */
export interface PortalConfig {
  /** Its CSP `frame-ancestors` sources: `*` (any page may frame it, as Svix's portal), `'none'`, or origins. */
  frameAncestors: string[];
  look: PortalLook;
  /** Where the page loads `connector-picker.js` from; null: Patchbay serves the installed `@patchbay/widget`'s. */
  scriptUrl: string | null;
}

/** Everything the BFF reads from its environment, parsed once at start. */
export interface Config {
  /** Listen address; loopback unless the operator opens it up (e.g. `0.0.0.0` in a container). */
  host: string;
  port: number;
  database: DatabaseConfig;
  role: Role;
  /** The vendor API key; `undefined` only where the caller allows it (never for `serve`). */
  apiKey: string | undefined;
  publicUrl: string;
  /**
   * The origins of the vendor's pages that embed the widget: the only ones an OAuth connect may
   * start from and the only ones its result is posted to.
   */
  embedOrigins: string[];
  logLevel: LogLevel;
  /** Largest accepted JSON request body; Svix accepts payloads up to 1 MiB. */
  bodyLimitBytes: number;
  /** Limits of one transformation run. */
  transform: { timeoutMs: number; memoryMb: number };
  /** Per application and minute, what its portal sessions may do: queue deliveries, run simulations. */
  appRateLimits: AppRateLimits;
  delivery: DeliveryConfig;
  /**
   * Keys for credentials at rest, current first; null: use (or make) `encryption.key` beside
   * the SQLite file (PostgreSQL requires them: every process must share them).
   */
  encryptionKeys: Buffer[] | null;
  /** OAuth apps by provider (`slack`); a provider without one cannot be connected. */
  oauth: Record<string, { clientId: string; clientSecret: string }>;
  /** Where each service's requests go instead of its real hosts, by service name (`SLACK`). */
  serviceBaseUrls: Record<string, string>;
  portal: PortalConfig;
}

/**
 * Seconds to wait after each failed attempt: Svix's schedule. The first attempt is immediate,
 * so with these seven waits a message gets eight attempts over about 28 hours.
 */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];
export const DEFAULT_APP_RATE_LIMITS: AppRateLimits = { queue: 60, simulate: 120, connect: 60, manage: 120 };

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * One environment variable. Its schema reads the trimmed text (undefined when unset or blank)
 * and holds the default; a value it refuses is reported as `<NAME> <rule>; got "<value>"`
 * (without the value for a secret), unless the schema words the problem itself.
 */
interface Variable<T> {
  schema: z.ZodType<T, string | undefined>;
  meaning: string;
  /** The README's default column. */
  shown: string;
  rule: string;
  secret?: true;
}

const code = (value: unknown) => `\`${value}\``;

function integer(fallback: number, [min, max]: [number, number], meaning: string): Variable<number> {
  return {
    schema: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().min(min).max(max)).default(fallback),
    meaning,
    shown: code(fallback),
    rule: `must be an integer from ${min} to ${max}`,
  };
}

function oneOf<T extends string>(values: readonly [T, ...T[]], fallback: T, meaning: string, shown = code(fallback)) {
  return { schema: z.enum(values).default(fallback), meaning, shown, rule: `must be one of ${values.join(', ')}` };
}

/** A base64 encryption key of 32 bytes, as `openssl rand -base64 32` prints one. */
const encryptionKey = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/)
  .transform((text) => Buffer.from(text, 'base64'))
  .refine((key) => key.length === 32);

/** A problem the schema words itself (an entry of a list, a URL that may hold a password). */
const worded = (ctx: z.RefinementCtx, message: string) =>
  ctx.addIssue({ code: 'custom', message, params: { worded: true } });

/** Comma-separated origins (`https://app.example.com`): scheme, host and port only, no path and no `*`. */
const origins = (name: string, example: string) =>
  z.string().transform((value, ctx) => {
    const found = new Set<string>();
    for (const entry of value.split(',').map((o) => o.trim())) {
      const url = URL.parse(entry);
      const isOrigin =
        url &&
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        !url.hostname.includes('*') &&
        url.pathname === '/' &&
        !url.search &&
        !url.hash &&
        !url.username &&
        !url.password;
      if (isOrigin) found.add(url.origin);
      else worded(ctx, `${name} must list origins like ${example}; got "${entry}"`);
    }
    return [...found];
  });

const httpUrl = z.string().refine((value) => {
  const url = URL.parse(value);
  return url?.protocol === 'http:' || url?.protocol === 'https:';
});

// The App Portal page's white-label values, as configuration, app-portal-access and the page's
// query read them. Each is narrow enough to be written into HTML and CSS safely.
/** A colour as Svix's portal takes it: `RRGGBB`, `#` allowed. */
export const PORTAL_COLOR = z.string().regex(/^#?[0-9a-fA-F]{6}$/, 'must be a colour written RRGGBB');
/** A font family's name: letters, digits, spaces, `-` and `_` (no quotes, so it sits in a CSS string as it is). */
export const PORTAL_FONT = z
  .string()
  .max(64)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, 'must be a font family name (letters, digits, spaces, - and _)');
/** A name in words: no control, format (bidi overrides, zero-width), private-use or unassigned characters. */
export const PORTAL_VENDOR_NAME = z
  .string()
  .min(1)
  .max(64)
  .regex(/^\P{C}+$/u, 'must be a name without control, format or invisible characters');
/** A logo from a request or a link: https only (configuration may name an http one). */
export const PORTAL_LOGO = z
  .string()
  .max(2048)
  .refine((value) => URL.parse(value)?.protocol === 'https:', 'must be an https URL');
/** `#rrggbb` from `RRGGBB` or `#RRGGBB`. */
export const portalColor = (value: string) => `#${value.replace('#', '').toLowerCase()}`;

/** `*`, `none`, or origins (a host may start with `*.`): the page's CSP frame-ancestors, each source checked. */
const frameAncestors = z.string().transform((value, ctx) => {
  const entries = value.split(/[\s,]+/).filter(Boolean);
  // Unset or blank is the default (`*`); separators alone would make a directive with no source.
  if (entries.length === 0)
    worded(ctx, 'PATCHBAY_PORTAL_FRAME_ANCESTORS names no source: leave it unset for *, or write *, none, or origins');
  if (entries.length === 1 && entries[0] === '*') return ['*'];
  if (entries.length === 1 && entries[0] === 'none') return ["'none'"];
  const found = new Set<string>();
  for (const entry of entries) {
    const [, scheme, wild, rest] = /^(https?:\/\/)(\*\.)?(.*)$/.exec(entry) ?? [];
    const url = URL.parse(`${scheme}${rest}`);
    const isOrigin =
      url &&
      // A host of letters, digits, dots and hyphens (or an IPv6 literal): URLs allow `;` and `'` in
      // a host, which would end the CSP directive and start another.
      /^([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/.test(url.host) &&
      url.pathname === '/' &&
      !url.search &&
      !url.hash &&
      !url.username &&
      !url.password &&
      `${url.protocol}//${url.host}` === `${scheme}${rest}`.replace(/\/$/, '').toLowerCase();
    if (isOrigin) found.add(`${url.protocol}//${wild ?? ''}${url.host}`);
    else
      worded(
        ctx,
        `PATCHBAY_PORTAL_FRAME_ANCESTORS must be *, none, or origins like https://app.example.com or https://*.example.com; got "${entry}"`,
      );
  }
  return [...found];
});

/** Every variable the BFF reads besides the two families below, in the README's order. */
export const ENVIRONMENT = {
  PORT: integer(8787, [0, 65535], 'listen port'),
  HOST: { schema: z.string().default('127.0.0.1'), meaning: 'listen address', shown: code('127.0.0.1'), rule: '' },
  PATCHBAY_DATABASE: {
    schema: z.string().default('sqlite:./data/patchbay.db'),
    meaning:
      '`sqlite:<path>` for one process, or `postgres://user:password@host:5432/db` for several (see [docs/operations.md](docs/operations.md))',
    shown: code('sqlite:./data/patchbay.db'),
    rule: '',
  },
  PATCHBAY_DATABASE_POOL_SIZE: integer(10, [2, 1000], 'PostgreSQL connections per process'),
  PATCHBAY_ROLE: oneOf(
    ROLES,
    'all',
    '`all`, `api` (the API without delivering) or `worker` (delivering, serving only `/health` and `/metrics`)',
  ),
  PATCHBAY_API_KEY: {
    schema: z.string().min(16).optional(),
    meaning:
      'the first vendor API key (`Authorization: Bearer …`), at least 16 characters, always accepted while set; more, named ones with `patchbay api-key create`',
    shown: 'required for `serve`; `npm start` makes one in `./data/demo-api-key`',
    rule: 'must be at least 16 characters long',
    secret: true,
  },
  PATCHBAY_PUBLIC_URL: {
    schema: httpUrl.optional(),
    meaning: "the BFF's public base URL",
    shown: code('http://localhost:$PORT'),
    rule: 'must be an absolute http(s) URL',
  },
  PATCHBAY_EMBED_ORIGINS: {
    schema: origins('PATCHBAY_EMBED_ORIGINS', 'https://app.example.com').optional(),
    meaning:
      "comma-separated origins of the vendor pages that embed the widget (`https://app.example.com`): the only ones, with the origin of `PATCHBAY_PUBLIC_URL` (the App Portal page's), an OAuth connect may start from and post its result to",
    shown: 'the origin of `PATCHBAY_PUBLIC_URL`',
    rule: '',
  },
  PATCHBAY_PORTAL_FRAME_ANCESTORS: {
    schema: frameAncestors.default(() => ['*']),
    meaning:
      "which pages may show the App Portal page (`/portal`) in a frame: `*` (any, as Svix's portal), `none`, or comma-separated origins (`https://app.example.com`, `https://*.example.com`)",
    shown: code('*'),
    rule: '',
  },
  PATCHBAY_PORTAL_VENDOR_NAME: {
    schema: PORTAL_VENDOR_NAME.optional(),
    meaning: 'your name on the App Portal page (its header and title, and "ask … for a new link")',
    shown: 'none',
    rule: 'must be 1 to 64 characters, none of them control or invisible',
  },
  PATCHBAY_PORTAL_LOGO_URL: {
    schema: httpUrl.optional(),
    meaning: "your logo's http(s) URL, in the App Portal page's header (a link's `icon` may name another, https only)",
    shown: 'none',
    rule: 'must be an absolute http(s) URL',
  },
  PATCHBAY_PORTAL_ACCENT_COLOR: {
    schema: PORTAL_COLOR.optional(),
    meaning: "the App Portal page's accent colour, `RRGGBB` (a link's `primaryColorLight` overrides it)",
    shown: "the widget's",
    rule: 'must be a colour written RRGGBB',
  },
  PATCHBAY_PORTAL_ACCENT_COLOR_DARK: {
    schema: PORTAL_COLOR.optional(),
    meaning: "the accent colour in the dark theme, `RRGGBB` (a link's `primaryColorDark` overrides it)",
    shown: '`PATCHBAY_PORTAL_ACCENT_COLOR`',
    rule: 'must be a colour written RRGGBB',
  },
  PATCHBAY_PORTAL_FONT_FAMILY: {
    schema: PORTAL_FONT.optional(),
    meaning: "the App Portal page's font, a family name the customer's browser has (`Inter`)",
    shown: '`system-ui`',
    rule: 'must be a font family name (letters, digits, spaces, - and _)',
  },
  PATCHBAY_PORTAL_SCRIPT_URL: {
    schema: httpUrl.optional(),
    meaning:
      "where the App Portal page loads `connector-picker.js` from (it loads the rest from beside it), if not from Patchbay, which serves the installed `@patchbay/widget`'s at `/portal/connector-picker.js`",
    shown: "Patchbay serves the installed `@patchbay/widget`'s",
    rule: 'must be an absolute http(s) URL',
  },
  PATCHBAY_APP_QUEUE_PER_MINUTE: integer(
    DEFAULT_APP_RATE_LIMITS.queue,
    [1, 1_000_000],
    'per application, how many resends, recoveries and replays, examples and attempt contents deleted its portal sessions may ask for in a minute (a count before a recovery or replay takes 5; then 429 with `Retry-After`; the vendor API key is not limited)',
  ),
  PATCHBAY_APP_SIMULATE_PER_MINUTE: integer(
    DEFAULT_APP_RATE_LIMITS.simulate,
    [1, 1_000_000],
    'per application, how many transformation test runs its portal sessions may ask for in a minute',
  ),
  PATCHBAY_APP_CONNECT_PER_MINUTE: integer(
    DEFAULT_APP_RATE_LIMITS.connect,
    [1, 1_000_000],
    'per application, how many connects and reconnects with a form (API key, URL, Custom) its portal sessions may make in a minute: each has Patchbay check the credentials with the service',
  ),
  PATCHBAY_APP_MANAGE_PER_MINUTE: integer(
    DEFAULT_APP_RATE_LIMITS.manage,
    [1, 1_000_000],
    "per application, how many endpoint changes (creates, replaces, patches, deletes, headers, secret rotations, transformation changes, drafts saved, resumed or claimed) its portal sessions may make in a minute: each stores an operational event and sends it to the vendor's operational webhook endpoints",
  ),
  LOG_LEVEL: oneOf(
    LOG_LEVELS,
    'info',
    '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`',
    '`info` (`npm start`: `warn`)',
  ),
  PATCHBAY_BODY_LIMIT_BYTES: integer(
    1024 * 1024,
    [1024, 64 * 1024 * 1024],
    'largest accepted JSON request body (Svix accepts 1 MiB payloads)',
  ),
  PATCHBAY_TRANSFORM_TIMEOUT_MS: integer(50, [1, 10_000], 'wall-clock limit of one transformation run'),
  // isolated-vm's floor is 8 MB; code that needs more than 1 GB is not a webhook transformation.
  PATCHBAY_TRANSFORM_MEMORY_MB: integer(32, [8, 1024], "memory limit of one application's transformation isolate"),
  PATCHBAY_ALLOW_PRIVATE_NETWORKS: {
    schema: z
      .string()
      .toLowerCase()
      .pipe(z.enum(['true', 'false']))
      .transform((value) => value === 'true')
      .default(false),
    meaning: '`true` lets deliveries reach loopback and private addresses (the SSRF guard is off)',
    shown: code(false),
    rule: 'must be true or false',
  },
  PATCHBAY_ALLOW_PRIVATE_ORIGINS: {
    schema: origins('PATCHBAY_ALLOW_PRIVATE_ORIGINS', 'http://127.0.0.1:4010').default(() => []),
    meaning:
      'comma-separated origins on loopback or private addresses (`http://10.0.0.5:8000`) that deliveries may reach while the SSRF guard stays on for every other destination; `npm start` lists its fakes',
    shown: 'none',
    rule: '',
  },
  PATCHBAY_RETRY_SCHEDULE: {
    schema: z
      .string()
      .transform((value) => value.split(',').map((s) => Number(s.trim())))
      .pipe(
        z
          .array(
            z
              .number()
              .int()
              .min(0)
              .max(7 * 86_400),
          )
          .max(20),
      )
      .default(() => [...DEFAULT_RETRY_SCHEDULE]),
    meaning: 'seconds to wait after each failed attempt, e.g. `5,300,1800`',
    shown: `Svix's: ${code(DEFAULT_RETRY_SCHEDULE.join(','))}`,
    rule: 'must list up to 20 whole numbers of seconds (0 to 604800), like 5,300,1800',
  },
  PATCHBAY_DELIVERY_CONCURRENCY: integer(64, [1, 10_000], 'deliveries in flight at once, in all'),
  PATCHBAY_DELIVERY_PER_ENDPOINT: integer(32, [1, 10_000], 'deliveries in flight at once to one endpoint'),
  PATCHBAY_DELIVERY_TIMEOUT_MS: integer(15_000, [100, 120_000], 'the longest one delivery request may take'),
  PATCHBAY_DISABLE_AFTER_HOURS: integer(
    120,
    [1, 24 * 365],
    'an endpoint whose every delivery failed this long is disabled',
  ),
  PATCHBAY_RETENTION_DAYS: {
    // Decimals, for tests and benchmarks that watch retention at work in seconds (0.0005 days is 43 s).
    schema: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .transform(Number)
      .pipe(z.number().gt(0).max(3650))
      .default(90),
    meaning:
      "days a message's payload is kept unless the message sets `payloadRetentionPeriod` or `payloadRetentionHours`, and a message with its attempts at all (see [docs/operations.md](docs/operations.md#retention)); decimals allowed (`0.01` is 14.4 minutes)",
    shown: "Svix's: `90`",
    rule: 'must be a number of days above 0, at most 3650 (decimals allowed, like 0.5)',
  },
  PATCHBAY_ENCRYPTION_KEY: {
    schema: encryptionKey.optional(),
    meaning:
      'base64 of 32 bytes; encrypts stored credentials (see [docs/connectors.md](docs/connectors.md) for rotation)',
    shown: 'SQLite: generated once into `encryption.key` beside the database, with a warning; PostgreSQL: required',
    rule: 'must be base64 of 32 bytes (openssl rand -base64 32)',
    secret: true,
  },
  PATCHBAY_ENCRYPTION_KEYS_PREVIOUS: {
    schema: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      )
      .pipe(z.array(encryptionKey))
      .default(() => []),
    meaning:
      'comma-separated keys that encrypted credentials before the current one: still read, until `patchbay rotate-encryption-key` has run',
    shown: 'none',
    rule: 'must be base64 of 32 bytes (openssl rand -base64 32)',
    secret: true,
  },
  PATCHBAY_OPERATIONAL_WEBHOOK_URL: {
    schema: z
      .string()
      .regex(/^https?:\/\//)
      .optional(),
    meaning:
      'a shortcut for one operational webhook endpoint (made or set to this URL at every start) that takes every operational event',
    shown: 'none',
    rule: 'must be an http(s) URL',
  },
  PATCHBAY_OPERATIONAL_WEBHOOK_SECRET: {
    // Svix's form of a signing secret: base64, optionally prefixed whsec_.
    schema: z
      .string()
      .regex(/^(whsec_)?[a-zA-Z0-9+/=]{32,100}$/)
      .optional(),
    meaning: 'the `whsec_` secret of that endpoint, which signs what it is sent',
    shown: 'none',
    rule: 'must be a whsec_ secret when PATCHBAY_OPERATIONAL_WEBHOOK_URL is set',
    secret: true,
  },
} satisfies Record<string, Variable<unknown>>;

type Environment = { [Name in keyof typeof ENVIRONMENT]: z.output<(typeof ENVIRONMENT)[Name]['schema']> };

/** The variables whose names the catalog completes: one per service with fixed hosts, one pair per OAuth provider. */
export const FAMILIES = {
  baseUrl: {
    pattern: /^PATCHBAY_([A-Z0-9_]+)_BASE_URL$/,
    name: (service: string) => `PATCHBAY_${service}_BASE_URL`,
    meaning: (services: string[]) =>
      `points one service (${services.join(', ')}) at another origin, e.g. a fake: its OAuth endpoints and every request to its hosts`,
    shown: 'the real hosts',
  },
  oauthApp: {
    pattern: /^PATCHBAY_([A-Z0-9_]+)_CLIENT_(ID|SECRET)$/,
    name: (provider: string) => `PATCHBAY_${provider.toUpperCase()}_CLIENT_ID`,
    meaning: (providers: string[]) =>
      `the OAuth app (client id and secret) of each OAuth connector: ${providers.map((p) => p.toUpperCase()).join(', ')}`,
    shown: "none: that connector's OAuth is unavailable, and the catalog says so",
  },
} as const;

export interface LoadConfigOptions {
  /** `serve` insists on a vendor API key; the demo and tests may supply their own later. */
  requireApiKey?: boolean;
  /** Relative SQLite paths resolve against this directory. */
  cwd?: string;
}

/** Parses the environment into a typed {@link Config}, collecting every problem before failing. */
export function loadConfig(env: Record<string, string | undefined>, options: LoadConfigOptions = {}): Config {
  const { values, problems } = readEnvironment(env);
  const port = values.PORT ?? 0;
  if (values.PATCHBAY_API_KEY === undefined && options.requireApiKey && !problems.some(about('PATCHBAY_API_KEY'))) {
    problems.push('PATCHBAY_API_KEY is required: the Bearer key your backend uses to call the vendor API');
  }
  const database = parseDatabase(
    values.PATCHBAY_DATABASE ?? '',
    values.PATCHBAY_DATABASE_POOL_SIZE ?? 10,
    options.cwd ?? process.cwd(),
    problems,
  );
  const publicUrl = URL.parse(values.PATCHBAY_PUBLIC_URL ?? `http://localhost:${port}`)?.href.replace(/\/$/, '') ?? '';
  const encryptionKeys = values.PATCHBAY_ENCRYPTION_KEY
    ? [values.PATCHBAY_ENCRYPTION_KEY, ...(values.PATCHBAY_ENCRYPTION_KEYS_PREVIOUS ?? [])]
    : null;
  if (!env.PATCHBAY_ENCRYPTION_KEY?.trim() && values.PATCHBAY_ENCRYPTION_KEYS_PREVIOUS?.length) {
    problems.push('PATCHBAY_ENCRYPTION_KEYS_PREVIOUS needs PATCHBAY_ENCRYPTION_KEY');
  }
  if (database.kind === 'postgres' && !env.PATCHBAY_ENCRYPTION_KEY?.trim()) {
    problems.push(
      'PATCHBAY_ENCRYPTION_KEY is required with PostgreSQL: every process must share the key (openssl rand -base64 32)',
    );
  }
  const operationalUrl = values.PATCHBAY_OPERATIONAL_WEBHOOK_URL;
  if (
    operationalUrl &&
    !values.PATCHBAY_OPERATIONAL_WEBHOOK_SECRET &&
    !problems.some(about('PATCHBAY_OPERATIONAL_WEBHOOK_SECRET'))
  ) {
    problems.push(`PATCHBAY_OPERATIONAL_WEBHOOK_SECRET ${ENVIRONMENT.PATCHBAY_OPERATIONAL_WEBHOOK_SECRET.rule}`);
  }
  const { oauth, serviceBaseUrls } = readFamilies(env, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  const value = values as Environment;
  return {
    host: value.HOST,
    port,
    database,
    role: value.PATCHBAY_ROLE,
    apiKey: value.PATCHBAY_API_KEY,
    publicUrl,
    // The App Portal page is Patchbay's own: an OAuth connect may always start from it.
    embedOrigins: [...new Set([...(value.PATCHBAY_EMBED_ORIGINS ?? []), new URL(publicUrl).origin])],
    logLevel: value.LOG_LEVEL,
    bodyLimitBytes: value.PATCHBAY_BODY_LIMIT_BYTES,
    transform: { timeoutMs: value.PATCHBAY_TRANSFORM_TIMEOUT_MS, memoryMb: value.PATCHBAY_TRANSFORM_MEMORY_MB },
    appRateLimits: {
      queue: value.PATCHBAY_APP_QUEUE_PER_MINUTE,
      simulate: value.PATCHBAY_APP_SIMULATE_PER_MINUTE,
      connect: value.PATCHBAY_APP_CONNECT_PER_MINUTE,
      manage: value.PATCHBAY_APP_MANAGE_PER_MINUTE,
    },
    delivery: {
      allowPrivateNetworks: value.PATCHBAY_ALLOW_PRIVATE_NETWORKS,
      privateOrigins: value.PATCHBAY_ALLOW_PRIVATE_ORIGINS,
      retrySchedule: value.PATCHBAY_RETRY_SCHEDULE,
      concurrency: value.PATCHBAY_DELIVERY_CONCURRENCY,
      perEndpointConcurrency: value.PATCHBAY_DELIVERY_PER_ENDPOINT,
      timeoutMs: value.PATCHBAY_DELIVERY_TIMEOUT_MS,
      disableAfterMs: value.PATCHBAY_DISABLE_AFTER_HOURS * 3_600_000,
      retentionMs: Math.round(value.PATCHBAY_RETENTION_DAYS * 86_400_000),
      operationalWebhook: operationalUrl
        ? { url: operationalUrl, secret: value.PATCHBAY_OPERATIONAL_WEBHOOK_SECRET ?? '' }
        : null,
    },
    encryptionKeys,
    oauth,
    serviceBaseUrls,
    portal: {
      frameAncestors: value.PATCHBAY_PORTAL_FRAME_ANCESTORS,
      look: definedOnly({
        vendorName: value.PATCHBAY_PORTAL_VENDOR_NAME,
        logo: value.PATCHBAY_PORTAL_LOGO_URL,
        accentColor: value.PATCHBAY_PORTAL_ACCENT_COLOR && portalColor(value.PATCHBAY_PORTAL_ACCENT_COLOR),
        accentColorDark:
          value.PATCHBAY_PORTAL_ACCENT_COLOR_DARK && portalColor(value.PATCHBAY_PORTAL_ACCENT_COLOR_DARK),
        fontFamily: value.PATCHBAY_PORTAL_FONT_FAMILY,
      }),
      scriptUrl: value.PATCHBAY_PORTAL_SCRIPT_URL ?? null,
    },
  };
}

/** `look` without its unset parts (exactOptionalPropertyTypes: absent, not undefined). */
function definedOnly<T extends object>(look: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(look).filter(([, v]) => v !== undefined)) as T;
}

const about = (name: string) => (problem: string) => problem.startsWith(`${name} `);

/** Every variable of {@link ENVIRONMENT} through its schema: the values read, and what was wrong. */
function readEnvironment(env: Record<string, string | undefined>) {
  const values: Partial<Environment> = {};
  const problems: string[] = [];
  for (const [name, variable] of Object.entries(ENVIRONMENT) as [keyof Environment, Variable<unknown>][]) {
    const text = env[name]?.trim() || undefined;
    const result = variable.schema.safeParse(text);
    if (result.success) {
      (values as Record<string, unknown>)[name] = result.data;
      continue;
    }
    const worded = result.error.issues.filter((issue) => issue.code === 'custom' && issue.params?.worded);
    if (worded.length) problems.push(...worded.map((issue) => issue.message));
    else problems.push(`${name} ${variable.rule}${variable.secret ? '' : `; got "${text}"`}`);
  }
  return { values, problems };
}

/** PATCHBAY_<SERVICE>_BASE_URL and PATCHBAY_<PROVIDER>_CLIENT_ID / _CLIENT_SECRET, whatever the names. */
function readFamilies(env: Record<string, string | undefined>, problems: string[]) {
  const serviceBaseUrls: Config['serviceBaseUrls'] = {};
  const apps = new Map<string, { clientId?: string; clientSecret?: string }>();
  for (const [name, raw] of Object.entries(env).sort(([a], [b]) => a.localeCompare(b))) {
    const value = raw?.trim();
    if (!value) continue;
    const service = FAMILIES.baseUrl.pattern.exec(name)?.[1];
    if (service) {
      if (!/^https?:\/\/[^/?#]+\/?$/.test(value))
        problems.push(`${name} must be an origin like http://127.0.0.1:4001; got "${value}"`);
      serviceBaseUrls[service] = value.replace(/\/$/, '');
    }
    const [, provider, part] = FAMILIES.oauthApp.pattern.exec(name) ?? [];
    if (provider && part) {
      const app = apps.get(provider.toLowerCase()) ?? {};
      app[part === 'ID' ? 'clientId' : 'clientSecret'] = value;
      apps.set(provider.toLowerCase(), app);
    }
  }
  const oauth: Config['oauth'] = {};
  for (const [provider, { clientId, clientSecret }] of apps) {
    if (clientId && clientSecret) oauth[provider] = { clientId, clientSecret };
    else {
      const prefix = `PATCHBAY_${provider.toUpperCase()}`;
      problems.push(`${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET go together`);
    }
  }
  return { oauth, serviceBaseUrls };
}

/** One database URL as PATCHBAY_DATABASE takes it (the pool size from the environment, as for serve). */
export function parseDatabaseUrl(
  url: string,
  env: Record<string, string | undefined> = {},
  cwd = process.cwd(),
): DatabaseConfig {
  const { values, problems } = readEnvironment({ ...env, PATCHBAY_DATABASE: url });
  const database = parseDatabase(url, values.PATCHBAY_DATABASE_POOL_SIZE ?? 10, cwd, problems);
  const relevant = problems.filter((p) => p.startsWith('PATCHBAY_DATABASE'));
  if (relevant.length > 0) throw new ConfigError(relevant);
  return database;
}

function parseDatabase(value: string, poolSize: number, cwd: string, problems: string[]): DatabaseConfig {
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length);
    if (!file) problems.push('PATCHBAY_DATABASE "sqlite:" needs a file path, e.g. sqlite:./data/patchbay.db');
    return { kind: 'sqlite', path: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  if (/^postgres(ql)?:\/\/./.test(value)) {
    if (!URL.canParse(value)) problems.push('PATCHBAY_DATABASE is not a valid postgres:// URL');
    return { kind: 'postgres', url: value, poolSize };
  }
  // Only the scheme is repeated: the rest may hold a database password.
  problems.push(`PATCHBAY_DATABASE must be sqlite:<path> or postgres://…; got "${value.split(':')[0]}:…"`);
  return { kind: 'sqlite', path: '' };
}
