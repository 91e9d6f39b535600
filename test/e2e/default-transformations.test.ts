// Every built-in default transformation, and every transformation the demo seeds its connectors
// with, run in the real sandbox on the example of every event type the demo declares (and on
// payloads shaped unlike Acme's): what it sends must read well for each of them, never
// "undefined", "NaN" or "[object Object]".
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { acmeConnectors } from '../../demo/src/acme-backend.ts';
import { acmeEventTypes } from '../../demo/src/acme-events.ts';
import { CATALOG } from '../../packages/bff/src/catalog/catalog.ts';
import { createLogger } from '../../packages/bff/src/logger.ts';
import type { TransformResult } from '../../packages/bff/src/transform/contract.ts';
import { TransformEngine } from '../../packages/bff/src/transform/engine.ts';

const engine = new TransformEngine({ logger: createLogger('silent') });
after(() => engine.close());

const events: { eventType: string; payload: Record<string, unknown> }[] = [
  ...acmeEventTypes().map((e) => ({ eventType: e.name, payload: e.schemas[1].examples[0] as Record<string, unknown> })),
  // Another vendor's shapes: no user, nested objects, lists, odd numbers.
  {
    eventType: 'order.shipped',
    payload: { id: 'ord_1', items: [{ name: 'Lamp' }, { sku: 'x' }], total: Number.NaN, meta: { a: 1 }, note: null },
  },
  { eventType: 'account.updated', payload: { customer: { id: 'cus_9', email: 'grace@example.com' }, plan: 'Team' } },
];

const BROKEN = /undefined|NaN|\[object Object\]/;

/** The sentence a person would read in what a kind sends: a chat message, an email's subject, a contact's email. */
const readable: Record<string, (body: Record<string, unknown>) => string> = {
  Slack: (b) => String(b.text),
  Discord: (b) => {
    const [embed] = b.embeds as { title: string; fields: { name: string; value: string }[] }[];
    return `${embed?.title} ${embed?.fields.map((f) => `${f.name} ${f.value}`).join(' ')}`;
  },
  Teams: (b) => JSON.stringify((b.attachments as { content: { body: unknown } }[])[0]?.content.body),
  Sendgrid: (b) => String(b.subject),
  Resend: (b) => String(b.subject),
  Hubspot: (b) => String((b.properties as { email: string }).email),
  CloseCRM: (b) => String(b.name),
  Segment: (b) => String(b.event),
  CustomerIO: (b) => String(b.name),
  Loops: (b) => String(b.eventName),
};

const title = (eventType: string) => {
  const words = eventType.replace(/[._-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const builtIn = CATALOG.flatMap((k) =>
  k.defaultTransformation === null ? [] : [{ kind: k.kind, code: k.defaultTransformation, by: 'built-in' }],
);
const demo = acmeConnectors()
  .filter((c) => c.kind in readable)
  .map((c) => ({ kind: c.kind, code: c.transformation, by: 'the demo’s' }));

describe('the default transformations', () => {
  it('cover every kind that reshapes the payload, in the demo too', () => {
    assert.deepEqual(builtIn.map((k) => k.kind).sort(), Object.keys(readable).sort());
    assert.deepEqual(demo.map((k) => k.kind).sort(), Object.keys(readable).sort());
  });

  for (const kind of [...builtIn, ...demo]) {
    it(`${kind.by} ${kind.kind}: reads well for every event type`, () => {
      let sent = 0;
      for (const { eventType, payload } of events) {
        const result: TransformResult = engine.simulate(kind.code, {
          url: 'https://example.com/hook',
          eventType,
          payloadJson: JSON.stringify(payload),
          env: { from: 'Acme <billing@acme.example>' },
          transformationsParams: null,
        });
        const label = `${kind.kind} on ${eventType}`;
        // Only an event about no one may go unsent, and only by a kind that acts for a person.
        const person = payload.user ?? payload.customer;
        if (result.cancel) {
          assert.ok(!person, `${label}: canceled an event about someone`);
          continue;
        }
        sent++;
        assert.doesNotMatch(result.payload, BROKEN, `${label}: ${result.payload}`);
        const text = readable[kind.kind]?.(JSON.parse(result.payload)) ?? '';
        assert.doesNotMatch(text, BROKEN, label);
        if (['Hubspot'].includes(kind.kind)) {
          assert.equal(text, (person as { email: string }).email, label);
        } else if (['Slack', 'Discord', 'Teams', 'Sendgrid', 'Resend'].includes(kind.kind)) {
          assert.ok(text.includes(title(eventType)), `${label}: "${text}" does not name the event`);
        } else {
          assert.ok(text.length > 0, `${label}: nothing to read`);
        }
      }
      assert.ok(sent >= events.length - 1, `${kind.kind} sent ${sent} of ${events.length}`);
    });
  }

  it('Slack says what each invoice event is about, amount included only where there is one', () => {
    const deleted = events.find((e) => e.eventType === 'invoice.deleted');
    const result = engine.simulate(CATALOG.find((k) => k.kind === 'Slack')?.defaultTransformation as string, {
      url: 'https://hooks.slack.com/services/T/B/x',
      eventType: 'invoice.deleted',
      payloadJson: JSON.stringify(deleted?.payload),
      env: {},
      transformationsParams: null,
    });
    const { text } = JSON.parse(result.payload) as { text: string };
    assert.match(text, /^\*Invoice deleted\*\n/);
    assert.match(text, new RegExp(`Invoice id:\\* ${deleted?.payload.invoice_id}`));
    assert.doesNotMatch(text, /Amount/);
  });
});
