/**
 * Does what a person does in an OAuth popup against one of the fakes: open Patchbay's start
 * URL, follow it to the fake provider's consent page and press Approve or Deny. Answers the
 * consent page's address and where the provider sends the popup back — Patchbay's callback,
 * not loaded: loading it is the popup's part (its page posts the result to the window that
 * opened it). For tests and scripts that drive a connection without a browser.
 */
export async function giveConsent(
  startUrl: string,
  decision: 'approve' | 'deny',
): Promise<{ authorize: URL; callbackUrl: string }> {
  const start = await fetch(startUrl, { redirect: 'manual' });
  const authorize = new URL(start.headers.get('location') ?? '');
  const page = await (await fetch(authorize)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1] ?? '';
  const fields = [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
    ([, k, v]) => [k, (v ?? '').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))] as [string, string],
  );
  const decided = await fetch(`${authorize.origin}${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([...fields, ['decision', decision]]).toString(),
    redirect: 'manual',
  });
  return { authorize, callbackUrl: decided.headers.get('location') ?? '' };
}
