import path from 'node:path';
import { SECRET_PATTERN } from './crypto/secrets.ts';
import type { DeliveryConfig } from './delivery/delivery.ts';
import { DEFAULT_RETRY_SCHEDULE } from './delivery/retry-policy.ts';

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; poolSize: number };
/** What a process runs: the HTTP API, the delivery worker, or both. */
export type Role = 'api' | 'worker' | 'all';
export const ROLES: readonly Role[] = ['api', 'worker', 'all'];
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

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
  /** OAuth apps of the providers whose connectors connect by OAuth; absent ones are unavailable. */
  oauth: Partial<Record<OAuthProviderName, { clientId: string; clientSecret: string }>>;
  /** Where each service's requests go instead of its real hosts (tests and the demo point them at fakes). */
  serviceBaseUrls: Partial<Record<ServiceName, string>>;
}

export interface AppRateLimits {
  /** Resends, recoveries and examples sent. */
  queue: number;
  /** Transformation test runs. */
  simulate: number;
}
export const DEFAULT_APP_RATE_LIMITS: AppRateLimits = { queue: 60, simulate: 120 };

export const OAUTH_PROVIDERS = ['slack', 'discord', 'hubspot'] as const;
export type OAuthProviderName = (typeof OAUTH_PROVIDERS)[number];

/** The services with fixed hosts, by the suffix of their PATCHBAY_<NAME>_BASE_URL variable. */
export const SERVICES = [
  'SLACK',
  'DISCORD',
  'HUBSPOT',
  'CLOSECRM',
  'SEGMENT',
  'CUSTOMERIO',
  'CUSTOMERIO_EU',
  'SENDGRID',
  'RESEND',
  'LOOPS',
  'INNGEST',
  'ZAPIER',
  'TEAMS',
] as const;
export type ServiceName = (typeof SERVICES)[number];

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const MIN_API_KEY_LENGTH = 16;

export interface LoadConfigOptions {
  /** `serve` insists on a vendor API key; the demo and tests may supply their own later. */
  requireApiKey?: boolean;
  /** Relative SQLite paths resolve against this directory. */
  cwd?: string;
}

/** Parses the environment into a typed {@link Config}, collecting every problem before failing. */
export function loadConfig(env: Record<string, string | undefined>, options: LoadConfigOptions = {}): Config {
  const problems: string[] = [];
  const cwd = options.cwd ?? process.cwd();

  const host = nonEmpty(env.HOST) ?? '127.0.0.1';
  const port = parsePort(env.PORT, problems);
  const database = parseDatabase(env, cwd, problems);
  const role = (nonEmpty(env.PATCHBAY_ROLE) ?? 'all') as Role;
  if (!ROLES.includes(role)) problems.push(`PATCHBAY_ROLE must be one of ${ROLES.join(', ')}; got "${role}"`);

  const apiKey = nonEmpty(env.PATCHBAY_API_KEY);
  if (apiKey === undefined && options.requireApiKey) {
    problems.push('PATCHBAY_API_KEY is required: the Bearer key your backend uses to call the vendor API');
  } else if (apiKey !== undefined && apiKey.length < MIN_API_KEY_LENGTH) {
    problems.push(`PATCHBAY_API_KEY must be at least ${MIN_API_KEY_LENGTH} characters long`);
  }

  const publicUrl = parsePublicUrl(env.PATCHBAY_PUBLIC_URL, port, problems);
  const embedOrigins = parseEmbedOrigins(env.PATCHBAY_EMBED_ORIGINS, publicUrl, problems);

  const logLevel = (nonEmpty(env.LOG_LEVEL) ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}"`);
  }

  const bodyLimitBytes = parseInteger(
    env.PATCHBAY_BODY_LIMIT_BYTES,
    'PATCHBAY_BODY_LIMIT_BYTES',
    1024 * 1024,
    [1024, 64 * 1024 * 1024],
    problems,
  );
  const transform = {
    timeoutMs: parseInteger(
      env.PATCHBAY_TRANSFORM_TIMEOUT_MS,
      'PATCHBAY_TRANSFORM_TIMEOUT_MS',
      50,
      [1, 10_000],
      problems,
    ),
    // isolated-vm's floor is 8 MB; code that needs more than 1 GB is not a webhook transformation.
    memoryMb: parseInteger(env.PATCHBAY_TRANSFORM_MEMORY_MB, 'PATCHBAY_TRANSFORM_MEMORY_MB', 32, [8, 1024], problems),
  };

  const appRateLimits: AppRateLimits = {
    queue: parseInteger(
      env.PATCHBAY_APP_QUEUE_PER_MINUTE,
      'PATCHBAY_APP_QUEUE_PER_MINUTE',
      DEFAULT_APP_RATE_LIMITS.queue,
      [1, 1_000_000],
      problems,
    ),
    simulate: parseInteger(
      env.PATCHBAY_APP_SIMULATE_PER_MINUTE,
      'PATCHBAY_APP_SIMULATE_PER_MINUTE',
      DEFAULT_APP_RATE_LIMITS.simulate,
      [1, 1_000_000],
      problems,
    ),
  };

  const delivery: DeliveryConfig = {
    allowPrivateNetworks: parseBoolean(
      env.PATCHBAY_ALLOW_PRIVATE_NETWORKS,
      'PATCHBAY_ALLOW_PRIVATE_NETWORKS',
      problems,
    ),
    retrySchedule: parseSchedule(env.PATCHBAY_RETRY_SCHEDULE, problems),
    concurrency: parseInteger(
      env.PATCHBAY_DELIVERY_CONCURRENCY,
      'PATCHBAY_DELIVERY_CONCURRENCY',
      64,
      [1, 10_000],
      problems,
    ),
    perEndpointConcurrency: parseInteger(
      env.PATCHBAY_DELIVERY_PER_ENDPOINT,
      'PATCHBAY_DELIVERY_PER_ENDPOINT',
      32,
      [1, 10_000],
      problems,
    ),
    timeoutMs: parseInteger(
      env.PATCHBAY_DELIVERY_TIMEOUT_MS,
      'PATCHBAY_DELIVERY_TIMEOUT_MS',
      15_000,
      [100, 120_000],
      problems,
    ),
    disableAfterMs:
      parseInteger(env.PATCHBAY_DISABLE_AFTER_HOURS, 'PATCHBAY_DISABLE_AFTER_HOURS', 120, [1, 24 * 365], problems) *
      3_600_000,
    operationalWebhook: parseOperationalWebhook(env, problems),
  };

  const encryptionKeys = parseEncryptionKeys(env, problems);
  if (database.kind === 'postgres' && !encryptionKeys) {
    problems.push(
      'PATCHBAY_ENCRYPTION_KEY is required with PostgreSQL: every process must share the key (openssl rand -base64 32)',
    );
  }
  const oauth: Config['oauth'] = {};
  for (const provider of OAUTH_PROVIDERS) {
    const prefix = `PATCHBAY_${provider.toUpperCase()}`;
    const clientId = nonEmpty(env[`${prefix}_CLIENT_ID`]);
    const clientSecret = nonEmpty(env[`${prefix}_CLIENT_SECRET`]);
    if (clientId && clientSecret) oauth[provider] = { clientId, clientSecret };
    else if (clientId || clientSecret) problems.push(`${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET go together`);
  }
  const serviceBaseUrls: Config['serviceBaseUrls'] = {};
  for (const service of SERVICES) {
    const name = `PATCHBAY_${service}_BASE_URL`;
    const value = nonEmpty(env[name]);
    if (!value) continue;
    if (!/^https?:\/\/[^/?#]+\/?$/.test(value))
      problems.push(`${name} must be an origin like http://127.0.0.1:4001; got "${value}"`);
    serviceBaseUrls[service] = value.replace(/\/$/, '');
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host,
    port,
    database,
    role,
    apiKey,
    publicUrl,
    embedOrigins,
    logLevel,
    bodyLimitBytes,
    transform,
    appRateLimits,
    delivery,
    encryptionKeys,
    oauth,
    serviceBaseUrls,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parsePort(raw: string | undefined, problems: string[]): number {
  const value = nonEmpty(raw);
  if (value === undefined) return 8787;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535; got "${value}"`);
    return 0;
  }
  return port;
}

function parseInteger(
  raw: string | undefined,
  name: string,
  fallback: number,
  [min, max]: [number, number],
  problems: string[],
): number {
  const value = nonEmpty(raw);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}; got "${value}"`);
  }
  return number;
}

function parseEncryptionKeys(env: Record<string, string | undefined>, problems: string[]): Buffer[] | null {
  const current = nonEmpty(env.PATCHBAY_ENCRYPTION_KEY);
  const previous = (nonEmpty(env.PATCHBAY_ENCRYPTION_KEYS_PREVIOUS) ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (!current) {
    if (previous.length) problems.push('PATCHBAY_ENCRYPTION_KEYS_PREVIOUS needs PATCHBAY_ENCRYPTION_KEY');
    return null;
  }
  return [current, ...previous].map((text, i) => {
    const key = Buffer.from(text, 'base64');
    if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
      problems.push(
        `${i === 0 ? 'PATCHBAY_ENCRYPTION_KEY' : 'PATCHBAY_ENCRYPTION_KEYS_PREVIOUS'} must be base64 of 32 bytes (openssl rand -base64 32)`,
      );
    }
    return key;
  });
}

function parseBoolean(raw: string | undefined, name: string, problems: string[]): boolean {
  const value = nonEmpty(raw)?.toLowerCase();
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  problems.push(`${name} must be true or false; got "${raw}"`);
  return false;
}

/** Seconds to wait after each failure, e.g. `5,300,1800`; the default is Svix's schedule. */
function parseSchedule(raw: string | undefined, problems: string[]): number[] {
  const value = nonEmpty(raw);
  if (value === undefined) return [...DEFAULT_RETRY_SCHEDULE];
  const schedule = value.split(',').map((s) => Number(s.trim()));
  if (schedule.length > 20 || schedule.some((s) => !Number.isInteger(s) || s < 0 || s > 7 * 86_400)) {
    problems.push(
      `PATCHBAY_RETRY_SCHEDULE must list up to 20 whole numbers of seconds (0 to 604800), like 5,300,1800; got "${value}"`,
    );
  }
  return schedule;
}

function parseOperationalWebhook(env: Record<string, string | undefined>, problems: string[]) {
  const url = nonEmpty(env.PATCHBAY_OPERATIONAL_WEBHOOK_URL);
  const secret = nonEmpty(env.PATCHBAY_OPERATIONAL_WEBHOOK_SECRET);
  if (!url) return null;
  if (!/^https?:\/\//.test(url)) problems.push(`PATCHBAY_OPERATIONAL_WEBHOOK_URL must be an http(s) URL; got "${url}"`);
  if (!secret || !SECRET_PATTERN.test(secret)) {
    problems.push(
      'PATCHBAY_OPERATIONAL_WEBHOOK_SECRET must be a whsec_ secret when PATCHBAY_OPERATIONAL_WEBHOOK_URL is set',
    );
  }
  return { url, secret: secret ?? '' };
}

/** One database URL as PATCHBAY_DATABASE takes it (the pool size from the environment, as for serve). */
export function parseDatabaseUrl(
  url: string,
  env: Record<string, string | undefined> = {},
  cwd = process.cwd(),
): DatabaseConfig {
  const problems: string[] = [];
  const database = parseDatabase({ ...env, PATCHBAY_DATABASE: url }, cwd, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return database;
}

function parseDatabase(env: Record<string, string | undefined>, cwd: string, problems: string[]): DatabaseConfig {
  const value = nonEmpty(env.PATCHBAY_DATABASE) ?? 'sqlite:./data/patchbay.db';
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length);
    if (!file) problems.push('PATCHBAY_DATABASE "sqlite:" needs a file path, e.g. sqlite:./data/patchbay.db');
    return { kind: 'sqlite', path: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  if (/^postgres(ql)?:\/\/./.test(value)) {
    const poolSize = parseInteger(
      env.PATCHBAY_DATABASE_POOL_SIZE,
      'PATCHBAY_DATABASE_POOL_SIZE',
      10,
      [2, 1000],
      problems,
    );
    try {
      new URL(value);
    } catch {
      problems.push('PATCHBAY_DATABASE is not a valid postgres:// URL');
    }
    return { kind: 'postgres', url: value, poolSize };
  }
  // Only the scheme is repeated: the rest may hold a database password.
  problems.push(`PATCHBAY_DATABASE must be sqlite:<path> or postgres://…; got "${value.split(':')[0]}:…"`);
  return { kind: 'sqlite', path: '' };
}

function parsePublicUrl(raw: string | undefined, port: number, problems: string[]): string {
  const value = nonEmpty(raw) ?? `http://localhost:${port}`;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return url.href.replace(/\/$/, '');
  } catch {
    problems.push(`PATCHBAY_PUBLIC_URL must be an absolute http(s) URL; got "${value}"`);
    return value;
  }
}

/** Comma-separated origins (`https://app.example.com`): scheme, host and port only, no path and no `*`. */
function parseEmbedOrigins(raw: string | undefined, publicUrl: string, problems: string[]): string[] {
  const value = nonEmpty(raw);
  if (value === undefined) return URL.canParse(publicUrl) ? [new URL(publicUrl).origin] : [];
  const origins = new Set<string>();
  for (const entry of value.split(',').map((o) => o.trim())) {
    const url = URL.canParse(entry) ? new URL(entry) : undefined;
    const isOrigin =
      url &&
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      !url.hostname.includes('*') &&
      url.pathname === '/' &&
      !url.search &&
      !url.hash &&
      !url.username &&
      !url.password;
    if (isOrigin) origins.add(url.origin);
    else problems.push(`PATCHBAY_EMBED_ORIGINS must list origins like https://app.example.com; got "${entry}"`);
  }
  return [...origins];
}
