import { randomInt } from 'node:crypto';

/** One of Acme's customers' users, as every Acme event carries the person it is about. */
interface Person {
  id: string;
  name: string;
  firstname: string;
  lastname: string;
  email: string;
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Katherine', 'Edsger', 'Barbara', 'Linus', 'Margaret', 'Dennis', 'Radia'];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Johnson',
  'Dijkstra',
  'Liskov',
  'Torvalds',
  'Hamilton',
  'Ritchie',
  'Perlman',
];
const COMPANIES = ['Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Tyrell'];
const PLANS = ['Starter', 'Team', 'Business'];

const pick = <T>(list: readonly T[]): T => list[randomInt(list.length)] as T;

function person(): Person {
  const firstname = pick(FIRST);
  const lastname = pick(LAST);
  return {
    id: `user_${randomInt(10_000, 99_999)}`,
    name: `${firstname} ${lastname}`,
    firstname,
    lastname,
    email: `${firstname}.${lastname}@example.com`.toLowerCase(),
  };
}

const money = () => Math.round(randomInt(1_000, 250_000)) / 100;
const invoiceId = () => `INV-${randomInt(1000, 9999)}`;

/**
 * An Acme event's payload: its own fields, plus the person it is about (`user`), the customer
 * (`customer_name`) and an analytics-style `event` with `properties`, so that every
 * connector's default transformation finds what it reads.
 */
const payload = (event: string, fields: Record<string, unknown>, properties: Record<string, unknown>) => ({
  ...fields,
  customer_name: (fields.customer_name as string | undefined) ?? pick(COMPANIES),
  user: person(),
  event,
  properties,
});

function invoice(event: string, extra: Record<string, unknown> = {}) {
  const invoice_id = invoiceId();
  const amount = money();
  return payload(event, { invoice_id, amount, currency: 'USD', ...extra }, { invoice_id, amount });
}

/** Acme's event catalog: what each event means, and a realistic payload for it. */
export const ACME_EVENTS: Record<string, { description: string; make: () => Record<string, unknown> }> = {
  'invoice.created': { description: 'An invoice was issued to a customer.', make: () => invoice('Invoice Created') },
  'invoice.paid': {
    description: 'An invoice was paid in full.',
    make: () => invoice('Invoice Paid', { paid_at: new Date().toISOString() }),
  },
  'invoice.deleted': {
    description: 'A draft invoice was deleted.',
    make: () => {
      const invoice_id = invoiceId();
      return payload('Invoice Deleted', { invoice_id }, { invoice_id });
    },
  },
  'customer.created': {
    description: 'A customer was added to the account.',
    make: () => {
      const company = pick(COMPANIES);
      return payload(
        'Customer Created',
        { customer_id: `cus_${randomInt(10_000, 99_999)}`, customer_name: company },
        { company },
      );
    },
  },
  'subscription.cancelled': {
    description: 'A customer cancelled their subscription.',
    make: () => {
      const plan = pick(PLANS);
      return payload('Subscription Cancelled', { subscription_id: `sub_${randomInt(10_000, 99_999)}`, plan }, { plan });
    },
  },
  'ticket.created': {
    description: 'A customer opened a support ticket.',
    make: () => {
      const ticket_id = randomInt(1000, 9999);
      return payload('Ticket Created', { ticket_id, subject: 'Cannot download the PDF of an invoice' }, { ticket_id });
    },
  },
  'user.created': {
    description: 'Someone signed up to Acme.',
    make: () => payload('Signed Up', {}, { plan: pick(PLANS) }),
  },
};

/** The event types as Acme declares them to Patchbay, each with a JSON Schema and an example. */
export const acmeEventTypes = () =>
  Object.entries(ACME_EVENTS).map(([name, { description, make }]) => ({
    name,
    description,
    groupName: name.split('.')[0],
    schemas: { 1: { type: 'object', required: ['user'], examples: [make()] } },
  }));
