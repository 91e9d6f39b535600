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

export type Connector = Answer<'portal.connector.list'>['data'][number];
export type ConnectField = Connector['connect']['fields'][number];
export type EventType = Answer<'portal.event-type.list'>['data'][number];
