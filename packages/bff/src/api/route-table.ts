import { createHash } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { AppRateLimits } from '../config.ts';
import { type Cipher, DecryptionError } from '../crypto/cipher.ts';
import { type Capability, hasCapability } from '../domain/capabilities.ts';
import type { PortalTokens } from '../domain/portal-tokens.ts';
import type { Principal } from '../domain/principal.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from '../errors.ts';
import type { Application } from '../model.ts';
import type { Store } from '../store/types.ts';
import { type AppRateLimiter, createAppRateLimiter, type RateLimitedAction } from './rate-limits.ts';

/** Who may call a route. */
export type Access =
  | { kind: 'vendor' }
  | { kind: 'portal' }
  /** The vendor, or a portal session of the application in the path holding `capability`. */
  | { kind: 'app'; capability: Capability }
  /** A portal session holding `capability`, for its own application (no `{app_id}` in the path). */
  | { kind: 'session'; capability: Capability }
  /**
   * The vendor, or any portal session holding `capability`: reads of what every application
   * shares (the event types), which the handler narrows to what the session may see.
   */
  | { kind: 'shared'; capability: Capability };

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** In OpenAPI form: `/api/v1/app/{app_id}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: Access;
  body?: B;
  query?: Q;
  response?: z.ZodType;
  /** Success status: 200 unless said (Svix answers 201 to creates, 202 to messages, 204 to deletes). */
  status?: number;
  /** A portal session's use of this route counts against its application's budget for that action. */
  rateLimit?: RateLimitedAction;
  /** How much of that budget one use takes (1 unless said): a read as costly as several actions takes as many. */
  rateCost?: number;
  /**
   * The copy an Idempotency-Key keeps of the answer stays readable by the store, which rewrites
   * it when the message's payload is removed (store/sql/content.ts); every other copy is sealed.
   * Only for answers that hold nothing the database does not already hold in clear.
   */
  plainAnswer?: boolean;
}

export interface RouteContext<B, Q> {
  req: Request;
  res: Response;
  params: Record<string, string>;
  body: B;
  query: Q;
  principal: Principal;
  /** The application named by `{app_id}`, for routes with `app` access. */
  app: Application;
  /** Overrides the route's success status for this answer (an upsert that created, say). */
  setStatus(status: number): void;
}

type Handler<B, Q> = (ctx: RouteContext<B, Q>) => Promise<unknown>;

const IDEMPOTENCY_TTL_MS = 12 * 3600 * 1000;
/**
 * A request still unanswered after this long died with its process (handlers are a few
 * database statements): its key is free again, so a crash never locks a client out for 12 h.
 */
export const IDEMPOTENCY_ABANDONED_MS = 60_000;

/** What makes two requests "the same" under one Idempotency-Key. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${JSON.stringify(body ?? null)}`)
    .digest('base64url');
}

/**
 * Declares routes once and derives from each declaration the Express route (validation,
 * access control, idempotency) and its OpenAPI operation, so the two cannot drift apart.
 */
export class RouteTable {
  readonly router = Router();
  readonly specs: RouteSpec<z.ZodType, z.ZodType>[] = [];
  readonly #deps: { store: Store; clock: Clock; tokens: PortalTokens; cipher: Cipher };
  readonly #limits: AppRateLimiter;

  constructor(deps: { store: Store; clock: Clock; tokens: PortalTokens; cipher: Cipher; rateLimits: AppRateLimits }) {
    this.#deps = deps;
    this.#limits = createAppRateLimiter(deps.rateLimits);
  }

  add<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined>(
    spec: RouteSpec<B, Q>,
    handler: Handler<z.output<B>, z.output<Q>>,
  ): void {
    this.specs.push(spec as RouteSpec<z.ZodType, z.ZodType>);
    const expressPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
    this.router[spec.method](expressPath, async (req, res) => {
      const params = req.params as Record<string, string>;
      refuseNul(params, req.query, req.body);
      const app = await this.#authorize(spec.access, req.principal, params.app_id);
      // The vendor's own backend is trusted with its volume; its customers' sessions are not.
      if (spec.rateLimit && app && req.principal.kind === 'portal')
        await this.#take(res, spec.rateLimit, app.id, spec.rateCost ?? 1);
      let status = spec.status ?? 200;
      const ctx: RouteContext<z.output<B>, z.output<Q>> = {
        req,
        res,
        params,
        body: parse(spec.body, req.body ?? {}, 'body'),
        query: parse(spec.query, req.query, 'query'),
        principal: req.principal,
        app: app as Application,
        setStatus: (override) => {
          status = override;
        },
      };
      const run = async () => ({ body: await handler(ctx), status });
      const key = spec.method === 'post' ? req.get('idempotency-key') : undefined;
      const answer = key ? await this.#idempotent(ctx, key, spec.plainAnswer === true, run) : await run();
      send(res, answer.status, answer.body);
    });
  }

  async #take(res: Response, action: RateLimitedAction, appId: string, cost: number): Promise<void> {
    try {
      await this.#limits.take(action, appId, cost);
    } catch (err) {
      if (err instanceof TooManyRequestsError) res.setHeader('retry-after', String(err.retryAfterSeconds));
      throw err;
    }
  }

  async #authorize(
    access: Access,
    principal: Principal,
    appParam: string | undefined,
  ): Promise<Application | undefined> {
    if (access.kind === 'vendor') {
      if (principal.kind !== 'vendor') throw new ForbiddenError('Portal sessions cannot use vendor-wide routes');
      return undefined;
    }
    if (access.kind === 'portal') {
      if (principal.kind !== 'portal') throw new ForbiddenError('Only a portal session can use this route');
      return undefined;
    }
    if (access.kind === 'shared' && principal.kind === 'vendor') return undefined;
    if (access.kind === 'session' || access.kind === 'shared') {
      if (principal.kind !== 'portal') throw new ForbiddenError('Only a portal session can use this route');
      appParam = principal.app;
    }
    if (!appParam) throw new Error('app access declared on a route without {app_id}');
    const app = await this.#deps.store.applications.get(appParam);
    if (principal.kind === 'vendor') {
      if (!app) throw new NotFoundError('Application not found');
      return app;
    }
    // A portal session learns nothing about other applications, not even whether they exist. Its
    // application and the path's are compared as the one row each resolves to, never as spellings.
    const own = app && (principal.app === app.id ? app : await this.#deps.store.applications.get(principal.app));
    if (!app || own?.id !== app.id) {
      throw new ForbiddenError('This portal session belongs to another application');
    }
    if (await this.#deps.tokens.isExpired(principal, app.id)) {
      throw new UnauthorizedError('This portal session has been expired by the vendor');
    }
    if (!hasCapability(principal.capabilities, access.capability)) {
      throw new ForbiddenError(`This portal session lacks the ${access.capability} capability`);
    }
    return app;
  }

  /** Same key and same request within 12 h: the stored answer again, without running the handler. */
  async #idempotent<B, Q>(
    ctx: RouteContext<B, Q>,
    key: string,
    plain: boolean,
    run: () => Promise<{ body: unknown; status: number }>,
  ): Promise<{ body: unknown; status: number }> {
    if (key.length > 256) {
      throw new ValidationError([
        { loc: ['header', 'idempotency-key'], msg: 'at most 256 characters', type: 'value_error' },
      ]);
    }
    const { store, clock, cipher } = this.#deps;
    const scope = ctx.principal.kind === 'vendor' ? 'vendor' : `portal:${ctx.principal.app}`;
    // A sealed answer is bound to its key: copied onto another row of the table, it does not open.
    const aad = `idempotent-answer:${scope}:${key}`;
    const fingerprint = requestFingerprint(ctx.req.method, ctx.req.originalUrl.split('?')[0] ?? '', ctx.req.body);
    const now = clock.now();
    const record = await store.idempotency.begin(scope, key, fingerprint, now, {
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      abandonedBefore: new Date(now.getTime() - IDEMPOTENCY_ABANDONED_MS),
    });
    if (record.state !== 'new' && record.fingerprint !== fingerprint) {
      throw new ConflictError(
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a different request',
      );
    }
    if (record.state === 'pending') {
      throw new ConflictError(
        'idempotency_in_progress',
        'A request with this Idempotency-Key is still being processed',
      );
    }
    if (record.state === 'done') {
      ctx.res.setHeader('idempotent-replayed', 'true');
      const text = isPlain(record.body) ? record.body : openSealed(cipher, record.body, aad);
      return { status: record.status, body: text === '' ? undefined : JSON.parse(text) };
    }
    let answer: { body: unknown; status: number };
    try {
      answer = await run();
    } catch (err) {
      // Only successes are kept; after an error the client may retry with the same key.
      await store.idempotency.release(scope, key);
      throw err;
    }
    const id = (answer.body as { id?: unknown } | undefined)?.id;
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    await store.idempotency.complete(
      scope,
      key,
      answer.status,
      // Sealed unless said: many answers carry a secret (a key, a token, a Slack URL whose path
      // is its credential), and none but a message's needs to be readable at rest.
      text === '' || plain ? text : cipher.encrypt(text, aad),
      typeof id === 'string' ? id : null,
    );
    return answer;
  }
}

/** An answer stored in clear (before answers were sealed) is JSON; a sealed one never starts so. */
const isPlain = (body: string) => body === '' || body.startsWith('{') || body.startsWith('[');

/**
 * A sealed stored answer, opened. One sealed under an encryption key since retired (rotated out
 * within its 12 h) cannot be: the retry is refused, rather than the operation run twice.
 */
function openSealed(cipher: Cipher, sealed: string, aad: string): string {
  try {
    return cipher.decrypt(sealed, aad);
  } catch (err) {
    if (!(err instanceof DecryptionError)) throw err;
    throw new ConflictError(
      'idempotency_answer_unreadable',
      'The answer stored for this Idempotency-Key was sealed with an encryption key no longer configured; send the request with a new key',
    );
  }
}

/**
 * PostgreSQL's text holds no NUL character (a statement given one fails with 22021), so none
 * reaches a store, from either: an id with one names nothing (404), a query parameter with one
 * is a 422 at it, as any malformed one.
 */
function refuseNul(params: Record<string, string>, query: Request['query'], body: unknown): void {
  if (Object.values(params).some((value) => value.includes('\0'))) throw new NotFoundError('Not found');
  const problem = (loc: (string | number)[]) => ({
    loc,
    msg: 'must not contain a NUL character',
    type: 'value_error.nul',
  });
  const problems = Object.entries(query)
    .filter(([, value]) => [value].flat().some((v) => typeof v === 'string' && v.includes('\0')))
    .map(([name]) => problem(['query', name]));
  // A message's payload is kept as JSON text, where a NUL is escaped: it may hold one.
  const nul = nulAt(body, ['body'], (path) => path.length === 2 && path[1] === 'payload');
  if (nul) problems.push(problem(nul));
  if (problems.length) throw new ValidationError(problems);
}

/** How deep a request body may nest (outside a message's payload): deeper is a 422, not a stack overflow here or further on. */
const MAX_BODY_DEPTH = 256;

/** Where the first string or key holding a NUL is in `value` (PostgreSQL's text holds none), skipping what `kept` names. */
function nulAt(
  value: unknown,
  path: (string | number)[],
  kept: (path: (string | number)[]) => boolean,
): (string | number)[] | undefined {
  if (kept(path)) return undefined;
  if (path.length > MAX_BODY_DEPTH) {
    throw new ValidationError([
      { loc: ['body'], msg: `must not nest deeper than ${MAX_BODY_DEPTH} levels`, type: 'value_error.too_deep' },
    ]);
  }
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulAt(item, [...path, i], kept);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\0')) return [...path, key];
      const found = nulAt(item, [...path, key], kept);
      if (found) return found;
    }
  }
  return undefined;
}

function send(res: Response, status: number, body: unknown): void {
  if (body === undefined) res.status(status === 200 ? 204 : status).end();
  else res.status(status).json(body);
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: 'body' | 'query'): z.output<T> {
  if (!schema) return undefined as z.output<T>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      loc: [where, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      msg: issue.message,
      type: `value_error.${issue.code}`,
    })),
  );
}
