import { createHash, randomBytes } from 'node:crypto';

export const REDIRECT_URI = 'http://localhost:8787/oauth/callback';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

export async function call(
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    json?: unknown;
    form?: Record<string, string>;
    body?: string;
  } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(init.json);
  }
  if (init.form) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    body = form(init.form);
  }
  const res = await fetch(url, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    redirect: 'manual',
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers loosely and assert on them.
  return { status: res.status, headers: res.headers, text, json: json as any };
}

export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * Walks a fake's consent page as a person would: opens the authorize URL, finds the form,
 * clicks Approve (or Deny), and answers where the provider sent the browser back to.
 */
export async function consent(
  baseUrl: string,
  authorizePath: string,
  params: Record<string, string>,
  decision: 'approve' | 'deny' = 'approve',
): Promise<URL> {
  const page = await call(`${baseUrl}${authorizePath}?${form(params)}`);
  if (page.status !== 200) throw new Error(`authorize page answered ${page.status}: ${page.text}`);
  const action = /<form method="post" action="([^"]+)"/.exec(page.text)?.[1];
  const fields = Object.fromEntries(
    [...page.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, k, v]) => [
      k as string,
      (v as string).replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))),
    ]),
  );
  const choice = /<option>([^<]+)<\/option>/.exec(page.text)?.[1];
  const back = await call(`${baseUrl}${action}`, { form: { ...fields, ...(choice ? { choice } : {}), decision } });
  if (back.status !== 302) throw new Error(`decision answered ${back.status}: ${back.text}`);
  return new URL(back.headers.get('location') ?? '');
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
