import type { RecordedRequest } from '@patchbay/fakes';

/** One thing a service received, as the demo's "what arrived" panel shows it. */
export interface InboxItem {
  service: string;
  at: string;
  /** What kind of thing it is in that service: a message, an email, a contact… */
  kind: string;
  title: string;
  detail: string;
}

// biome-ignore lint/suspicious/noExplicitAny: request bodies are read loosely, field by field, to summarise them.
type Body = any;

const json = (value: unknown) => JSON.stringify(value, null, 1).replace(/\s+/g, ' ').slice(0, 300);
/** An Adaptive Card's text: its text blocks, and its facts as "title: value". */
const textBlocks = (card: Body): string[] =>
  (card?.body ?? []).flatMap((b: Body) => {
    if (b.type === 'TextBlock') return [String(b.text)];
    if (b.type === 'FactSet') return (b.facts ?? []).map((f: Body) => `${f.title}: ${f.value}`);
    return textBlocks(b);
  });

/**
 * What each service's delivery endpoints received, in that service's own terms. Sign-in,
 * token and key-check calls are left out: they are the plumbing, not the deliveries. Paths are
 * never shown, since some (Slack's, Inngest's) carry secrets.
 */
const SUMMARIES: { service: RegExp; path: RegExp; summary: (b: Body) => Omit<InboxItem, 'service' | 'at'> }[] = [
  {
    service: /^slack$/,
    path: /^\/services\//,
    summary: (b) => ({ kind: 'message', title: '#general', detail: String(b.text ?? json(b)) }),
  },
  {
    service: /^discord$/,
    path: /webhooks\//,
    summary: (b) => ({
      kind: 'embed',
      title: String(b.embeds?.[0]?.title ?? 'Message'),
      detail: String(
        b.embeds?.[0]?.description ??
          b.embeds?.[0]?.fields?.map((f: Body) => `${f.name}: ${f.value}`).join(' · ') ??
          b.content ??
          json(b),
      ),
    }),
  },
  {
    service: /^teams$/,
    path: /\/invoke$/,
    summary: (b) => ({
      kind: 'card',
      title: 'Adaptive card',
      detail: (b.attachments ?? []).flatMap((a: Body) => textBlocks(a.content)).join(' · '),
    }),
  },
  {
    service: /^hubspot$/,
    path: /^\/crm\//,
    summary: (b) => ({
      kind: 'contact',
      title: String(b.properties?.email ?? ''),
      detail: `${b.properties?.firstname ?? ''} ${b.properties?.lastname ?? ''}`.trim(),
    }),
  },
  {
    service: /^close$/,
    path: /^\/api\/v1\/(lead|contact)/,
    summary: (b) => ({
      kind: 'lead',
      title: String(b.name ?? 'Lead'),
      detail: (b.contacts ?? []).map((c: Body) => `${c.name} <${c.emails?.[0]?.email ?? ''}>`).join(', '),
    }),
  },
  {
    service: /^segment$/,
    path: /^\/v1\//,
    summary: (b) => ({
      kind: 'event',
      title: String(b.event ?? b.type ?? 'call'),
      detail: `user ${b.userId ?? b.anonymousId ?? ''} ${json(b.properties ?? b.traits ?? {})}`,
    }),
  },
  {
    service: /^customerio/,
    path: /^\/api\/v2\/entity/,
    summary: (b) => ({ kind: 'event', title: String(b.name ?? b.action ?? 'entity'), detail: json(b.attributes ?? b) }),
  },
  {
    service: /^sendgrid$/,
    path: /^\/v3\/mail\/send/,
    summary: (b) => ({
      kind: 'email',
      title: String(b.subject ?? ''),
      detail: `to ${b.personalizations?.[0]?.to?.map((t: Body) => t.email).join(', ') ?? ''}`,
    }),
  },
  {
    service: /^resend$/,
    path: /^\/emails/,
    summary: (b) => ({
      kind: 'email',
      title: String(b.subject ?? ''),
      detail: `to ${[b.to].flat().join(', ')} from ${b.from}`,
    }),
  },
  {
    service: /^loops$/,
    path: /^\/api\/v1\/events\/send/,
    summary: (b) => ({ kind: 'event', title: String(b.eventName ?? ''), detail: String(b.email ?? '') }),
  },
  {
    service: /^windmill$/,
    path: /\/jobs\/run\//,
    summary: (b) => ({ kind: 'job', title: 'Script run', detail: json(b) }),
  },
  {
    service: /^inngest$/,
    path: /^\/e\//,
    summary: (b) => ({ kind: 'event', title: String(b.name ?? ''), detail: json(b.data ?? b) }),
  },
  { service: /^zapier$/, path: /^\/hooks\//, summary: (b) => ({ kind: 'zap', title: 'Catch hook', detail: json(b) }) },
];

/** The deliveries the fakes accepted, newest first. */
export function inbox(received: readonly RecordedRequest[]): InboxItem[] {
  const items: InboxItem[] = [];
  for (const r of received) {
    if (r.method !== 'POST' || r.status >= 300) continue;
    const rule = SUMMARIES.find((s) => s.service.test(r.service) && s.path.test(r.path));
    if (rule) items.push({ service: r.service, at: r.at, ...rule.summary(r.body) });
  }
  return items.reverse();
}
