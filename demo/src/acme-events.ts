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
 * Acme's event catalog: what each event means and a realistic payload for it. Every payload
 * names the person it is about (`user`), the customer (`customer_name`) and an analytics-style
 * `event` with `properties`, so each connector's default transformation has what it reads.
 */
export const ACME_EVENTS: Record<string, { description: string; make: () => Record<string, unknown> }> = {
  'invoice.created': {
    description: 'An invoice was issued to a customer.',
    make: () => {
      const id = invoiceId();
      const amount = money();
      return {
        invoice_id: id,
        amount,
        currency: 'USD',
        customer_name: pick(COMPANIES),
        user: person(),
        event: 'Invoice Created',
        properties: { invoice_id: id, amount },
      };
    },
  },
  'invoice.paid': {
    description: 'An invoice was paid in full.',
    make: () => {
      const id = invoiceId();
      const amount = money();
      return {
        invoice_id: id,
        amount,
        currency: 'USD',
        customer_name: pick(COMPANIES),
        user: person(),
        paid_at: new Date().toISOString(),
        event: 'Invoice Paid',
        properties: { invoice_id: id, amount },
      };
    },
  },
  'invoice.deleted': {
    description: 'A draft invoice was deleted.',
    make: () => {
      const id = invoiceId();
      return {
        invoice_id: id,
        customer_name: pick(COMPANIES),
        user: person(),
        event: 'Invoice Deleted',
        properties: { invoice_id: id },
      };
    },
  },
  'customer.created': {
    description: 'A customer was added to the account.',
    make: () => {
      const company = pick(COMPANIES);
      return {
        customer_id: `cus_${randomInt(10_000, 99_999)}`,
        customer_name: company,
        user: person(),
        event: 'Customer Created',
        properties: { company },
      };
    },
  },
  'subscription.cancelled': {
    description: 'A customer cancelled their subscription.',
    make: () => {
      const plan = pick(PLANS);
      return {
        subscription_id: `sub_${randomInt(10_000, 99_999)}`,
        plan,
        customer_name: pick(COMPANIES),
        user: person(),
        event: 'Subscription Cancelled',
        properties: { plan },
      };
    },
  },
  'ticket.created': {
    description: 'A customer opened a support ticket.',
    make: () => {
      const ticket = randomInt(1000, 9999);
      return {
        ticket_id: ticket,
        subject: 'Cannot download the PDF of an invoice',
        customer_name: pick(COMPANIES),
        user: person(),
        event: 'Ticket Created',
        properties: { ticket_id: ticket },
      };
    },
  },
  'user.created': {
    description: 'Someone signed up to Acme.',
    make: () => ({
      user: person(),
      customer_name: pick(COMPANIES),
      event: 'Signed Up',
      properties: { plan: pick(PLANS) },
    }),
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
