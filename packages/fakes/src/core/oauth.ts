import { createHash, randomBytes } from 'node:crypto';
import { basicAuth, type FakeRequest, type FakeResponse, html, isObject, redirect } from './http.ts';
import { signer } from './signed.ts';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

/** What a successful code exchange or refresh hands to the service to shape its answer. */
export interface Grant {
  clientId: string;
  scopes: string[];
  /** What the person picked on the consent page (Slack's and Discord's channel picker). */
  choice: string;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export type OAuthError =
  | 'invalid_client'
  | 'invalid_secret'
  | 'invalid_code'
  | 'invalid_redirect_uri'
  | 'invalid_grant_type'
  | 'invalid_pkce'
  | 'invalid_refresh_token';

interface AccessGrant {
  clientId: string;
  scopes: string[];
  /** ms since the epoch; 0: it does not expire. */
  expiresAt: number;
}

interface RefreshGrant {
  clientId: string;
  scopes: string[];
  choice: string;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  choice: string;
  challenge: string | null;
  expiresAt: number;
  used: boolean;
}

export interface OAuthProviderOptions {
  serviceName: string;
  clients: OAuthClient[];
  /** Seconds an access token lives (HubSpot 1800, Discord 604800); 0: it does not expire. */
  accessTokenSeconds: number;
  /** The picker on the consent page, when the service has one (Slack channels, Discord channels). */
  choices?: string[];
  /** Scopes the authorize URL must ask for. */
  requiredScopes?: string[];
  scopeSeparator: ' ' | ',';
  /** Path the consent form posts to. */
  decisionPath: string;
  now?: () => number;
}

const CODE_TTL_MS = 10 * 60 * 1000;
const token = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`;

/**
 * An OAuth 2 authorization server as the three providers run it: a consent page with Approve
 * and Deny buttons, single-use codes bound to client, redirect URI and PKCE challenge, code
 * exchange and refresh. Each service renders the answers in its own shape.
 */
export class OAuthProvider {
  readonly #options: OAuthProviderOptions;
  readonly #codes = new Map<string, PendingCode>();
  // Access and refresh tokens carry their grant, signed, instead of being kept in memory, so
  // connections made before the fake restarted keep working, as with the real provider.
  readonly #tokens: ReturnType<typeof signer>;

  constructor(options: OAuthProviderOptions) {
    this.#options = options;
    this.#tokens = signer(`oauth-${options.serviceName}`);
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }

  /** GET authorize: the consent page, or an error page when client or redirect URI is wrong (never a redirect then). */
  authorizePage(req: FakeRequest): FakeResponse {
    const q = req.query;
    const client = this.#options.clients.find((c) => c.clientId === q.get('client_id'));
    if (!client) return errorPage(400, `${this.#options.serviceName}: unknown client_id`);
    const redirectUri = q.get('redirect_uri') ?? client.redirectUris[0] ?? '';
    if (!client.redirectUris.includes(redirectUri))
      return errorPage(400, `${this.#options.serviceName}: redirect_uri mismatch`);
    const scopes = (q.get('scope') ?? '').split(this.#options.scopeSeparator).filter(Boolean);
    const missing = (this.#options.requiredScopes ?? []).filter((s) => !scopes.includes(s));
    if (missing.length) return errorPage(400, `${this.#options.serviceName}: missing scope ${missing.join(', ')}`);
    const challengeMethod = q.get('code_challenge_method');
    if (q.get('code_challenge') && challengeMethod !== 'S256') {
      return errorPage(400, `${this.#options.serviceName}: only code_challenge_method=S256 is supported`);
    }
    const hidden = (name: string, value: string | null) =>
      value === null ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
    const picker = this.#options.choices?.length
      ? `<label for="choice">Post to</label> <select id="choice" name="choice">${this.#options.choices
          .map((c) => `<option>${escapeHtml(c)}</option>`)
          .join('')}</select>`
      : '';
    return html(
      200,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${this.#options.serviceName} (fake): authorize</title></head>
<body><main><h1>${this.#options.serviceName} (fake)</h1>
<p>An app wants: <strong>${escapeHtml(scopes.join(' ') || 'access')}</strong></p>
<form method="post" action="${this.#options.decisionPath}">
${hidden('client_id', client.clientId)}${hidden('redirect_uri', redirectUri)}${hidden('state', q.get('state'))}${hidden('scope', scopes.join(' '))}${hidden('code_challenge', q.get('code_challenge'))}
${picker}
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></main></body></html>`,
    );
  }

  /** POST decision: back to the app with a code, or with `error=access_denied`. */
  decide(req: FakeRequest): FakeResponse {
    const form = isObject(req.body) ? (req.body as Record<string, string>) : {};
    const client = this.#options.clients.find((c) => c.clientId === form.client_id);
    const redirectUri = form.redirect_uri ?? '';
    if (!client?.redirectUris.includes(redirectUri)) return errorPage(400, 'invalid authorization request');
    const target = new URL(redirectUri);
    if (form.state) target.searchParams.set('state', form.state);
    if (form.decision !== 'approve') {
      target.searchParams.set('error', 'access_denied');
      return redirect(target.href);
    }
    const code = token('code_');
    this.#codes.set(code, {
      clientId: client.clientId,
      redirectUri,
      scopes: (form.scope ?? '').split(' ').filter(Boolean),
      choice: form.choice ?? this.#options.choices?.[0] ?? '',
      challenge: form.code_challenge || null,
      expiresAt: this.#now() + CODE_TTL_MS,
      used: false,
    });
    target.searchParams.set('code', code);
    return redirect(target.href);
  }

  /** The token endpoint: authorization_code and refresh_token grants, client by Basic auth or form. */
  token(req: FakeRequest, fields: Record<string, string>): { grant: Grant } | { error: OAuthError } {
    const basic = basicAuth(req.headers);
    const clientId = basic?.user ?? fields.client_id;
    const secret = basic?.password ?? fields.client_secret;
    const client = this.#options.clients.find((c) => c.clientId === clientId);
    if (!client) return { error: 'invalid_client' };
    if (client.clientSecret !== secret) return { error: 'invalid_secret' };

    if (fields.grant_type === 'refresh_token') {
      const known = this.#open<RefreshGrant>('refresh_', fields.refresh_token);
      if (!known || known.clientId !== client.clientId) return { error: 'invalid_refresh_token' };
      return { grant: this.#issue(client.clientId, known.scopes, known.choice, fields.refresh_token as string) };
    }
    if (fields.grant_type !== undefined && fields.grant_type !== 'authorization_code')
      return { error: 'invalid_grant_type' };
    const pending = fields.code ? this.#codes.get(fields.code) : undefined;
    if (!pending || pending.used || pending.expiresAt < this.#now() || pending.clientId !== client.clientId) {
      return { error: 'invalid_code' };
    }
    // A code is used up even by a failed exchange, as a stolen code must not be retried.
    pending.used = true;
    if ((fields.redirect_uri ?? pending.redirectUri) !== pending.redirectUri) return { error: 'invalid_redirect_uri' };
    if (pending.challenge) {
      const verifier = fields.code_verifier ?? '';
      const computed = createHash('sha256').update(verifier).digest('base64url');
      if (computed !== pending.challenge) return { error: 'invalid_pkce' };
    }
    return { grant: this.#issue(client.clientId, pending.scopes, pending.choice) };
  }

  /** Why an access token is refused, or null when it may be used. */
  checkAccessToken(accessToken: string | null): 'missing' | 'unknown' | 'expired' | null {
    if (!accessToken) return 'missing';
    const known = this.#open<AccessGrant>('access_', accessToken);
    if (!known) return 'unknown';
    return known.expiresAt && known.expiresAt <= this.#now() ? 'expired' : null;
  }

  expiresAt(accessToken: string): number | undefined {
    return this.#open<AccessGrant>('access_', accessToken)?.expiresAt;
  }

  #issue(clientId: string, scopes: string[], choice: string, refreshToken?: string): Grant {
    const expiresIn = this.#options.accessTokenSeconds;
    const expiresAt = expiresIn ? this.#now() + expiresIn * 1000 : 0;
    const accessToken = this.#seal('access_', { clientId, scopes, expiresAt } satisfies AccessGrant);
    const refresh = refreshToken ?? this.#seal('refresh_', { clientId, scopes, choice } satisfies RefreshGrant);
    return { clientId, scopes, choice, accessToken, refreshToken: refresh, expiresIn };
  }

  /** A token holding `grant`: a nonce (no two alike), the grant, and their signature. */
  #seal(prefix: string, grant: AccessGrant | RefreshGrant): string {
    const body = Buffer.from(JSON.stringify({ ...grant, nonce: randomBytes(9).toString('base64url') })).toString(
      'base64url',
    );
    return `${prefix}${body}.${this.#tokens.sign(body)}`;
  }

  /** The grant a token of ours holds, or null for anything else. */
  #open<T>(prefix: string, value: string | undefined | null): T | null {
    if (!value?.startsWith(prefix)) return null;
    const [body = '', signature = ''] = value.slice(prefix.length).split('.');
    if (!this.#tokens.verify(body, signature)) return null;
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
  }
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function errorPage(status: number, message: string): FakeResponse {
  return html(
    status,
    `<!doctype html><html lang="en"><head><title>Error</title></head><body><p role="alert">${escapeHtml(message)}</p></body></html>`,
  );
}

/** The fields of a token request, form-encoded or JSON. */
export function formFields(req: FakeRequest): Record<string, string> {
  if (!isObject(req.body)) return {};
  return Object.fromEntries(Object.entries(req.body).map(([k, v]) => [k, String(v)]));
}
