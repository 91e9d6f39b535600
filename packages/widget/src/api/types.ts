/**
 * The shapes the BFF answers with. Each is taken from the BFF's OpenAPI document
 * (openapi.generated.ts, checked against the running BFF by `npm test`), so a change on the
 * server that the widget does not follow fails to type-check.
 */
import type { operations } from './openapi.generated.ts';

type Operation = keyof operations;
type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Responses<Op extends Operation> = operations[Op]['responses'];

/** What an operation answers when it succeeds. */
export type Answer<Op extends Operation> = {
  [Status in keyof Responses<Op>]: Status extends 200 | 201 | 202 ? Json<Responses<Op>[Status]> : never;
}[keyof Responses<Op>];

/** What an operation takes as its JSON body. */
export type Body<Op extends Operation> = Json<NonNullable<operations[Op]['requestBody']>>;

export type Endpoint = Answer<'v1.endpoint.get'>;
export type EndpointPatch = Body<'v1.endpoint.patch'>;
export type Attempt = Answer<'v1.message-attempt.list-by-endpoint'>['data'][number];
export type SimulateResult = Answer<'v1.endpoint.transformation-simulate'>;
export type ConnectSession = Answer<'portal.connect-session.get'>;

// The two catalog routes (`portal.connector.list`, `portal.event-type.list`) declare no response
// schema yet, so the document does not describe them: these two are written by hand, from the
// BFF's `describe` (domain/connections.ts) and `eventTypeOut` (api/resources/event-types.ts).

export interface ConnectField {
  name: string;
  label: string;
  type: 'text' | 'password' | 'url' | 'email' | 'select';
  required: boolean;
  pattern?: string;
  help?: string;
  placeholder?: string;
  default?: string;
  options?: { value: string; label: string }[];
}

export interface Connector {
  id: string;
  name: string;
  kind: string;
  kindName: string;
  description: string;
  logo: string | null;
  kindLogo: string;
  instructionsHtml: string;
  /** The vendor's default transformation, the starting point of the customer's. */
  transformation: string;
  allowedEventTypes: string[] | null;
  connect: {
    type: 'oauth' | 'api-key' | 'url' | 'custom';
    provider?: string;
    available?: boolean;
    instructions?: string[];
    fields: ConnectField[];
  };
}

export interface EventType {
  name: string;
  description: string;
  groupName: string | null;
  schemas: Record<string, { examples?: unknown[] }> | null;
}
