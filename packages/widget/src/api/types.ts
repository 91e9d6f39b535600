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
/** An endpoint's payload filter, as the BFF holds it. */
export type EndpointFilter = NonNullable<Endpoint['filter']>;
export type EndpointPatch = Body<'v1.endpoint.patch'>;
export type Attempt = Answer<'v1.message-attempt.list-by-endpoint'>['data'][number];
export type SimulateResult = Answer<'v1.endpoint.transformation.simulate'>;
export type TransformationVersions = Answer<'v1.endpoint.transformation.versions.list'>;
/** One saved code of a connection's, with who saved it and when. */
export type TransformationVersion = Answer<'v1.endpoint.transformation.versions.get'>;
/** New and current code side by side on the connection's latest messages and its events' examples. */
export type DryRun = Answer<'v1.endpoint.transformation.dry-run'>;
export type DryRunRow = DryRun['data'][number];
export type DryRunOutcome = DryRunRow['new'];
export type ConnectSession = Answer<'portal.connect-session.get'>;
/** What a window of messages to send counts to (recover's failed ones, replay-missing's never sent): how many, and until when. */
export type Counted = Answer<'portal.endpoint.recover-count'>;

/**
 * A background task of the application (Svix's BackgroundTaskOut): a recovery or a replay runs as
 * one, and says how many messages it sent (`data.messagesSent`) once `finished`.
 */
export type BackgroundTask = Answer<'portal.background-task.get'>;
/** What starting one answers (Svix's RecoverOut, ReplayOut): the task, running. */
export type TaskStarted = Answer<'v1.endpoint.replay-missing'>;

export type Connector = Answer<'portal.connector.list'>['data'][number];
export type ConnectField = Connector['connect']['fields'][number];
export type EventType = Answer<'portal.event-type.list'>['data'][number];

// The message log's (views/log).
/** A message as the log lists it: Svix's, with Patchbay's `status` (the worst of its destinations' latest). */
export type Message = Answer<'v1.message.list'>['data'][number];
export type MessagePage = Answer<'v1.message.list'>;
/** What the log filters by (as query values): Svix's message filters, and Patchbay's `status` and `endpoint_id`. */
export type MessageFilter = Partial<
  Record<keyof NonNullable<operations['v1.message.list']['parameters']['query']>, string>
>;
/** One destination of a message (Svix's MessageEndpointOut): the endpoint, and how its delivery of the message stands. */
export type Destination = Answer<'v1.message-attempt.list-attempted-destinations'>['data'][number];
/** One attempt with what was sent and what came back (Patchbay's fields; null where nothing was kept). */
export type AttemptDetail = Answer<'v1.message-attempt.get'>;
