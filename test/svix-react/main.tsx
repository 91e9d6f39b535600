import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import type { MessageAttemptOut } from 'svix';
import {
  AppPortal,
  SvixProvider,
  useAttemptedMessages,
  useAttemptFunctions,
  useEndpoint,
  useEndpointHeaders,
  useEndpointMessageAttempts,
  useEndpointSecret,
  useEndpointStats,
  useEndpoints,
  useEventTypes,
  useMessage,
  useMessageAttempts,
  useMessageEndpoints,
  useMessages,
} from 'svix-react';

/**
 * A vendor's dashboard page showing its customer's webhooks with svix-react, against Patchbay on
 * another origin: with its hooks, or with its `<AppPortal>` framing the portal link. What a
 * vendor's backend would hand it (the portal token or link from app-portal-access, the
 * application, the ids to show) comes in the address's fragment.
 */
type Config =
  | {
      serverUrl: string;
      token: string;
      appId: string;
      endpointId: string;
      failingEndpointId: string;
      messageId: string;
    }
  | { portalUrl: string; primaryColor: string };

const given = JSON.parse(decodeURIComponent(location.hash.slice(1))) as Config;
const config = given as Extract<Config, { token: string }>;
// One object for the page's life: SvixProvider makes a new SDK client whenever it changes.
const options = { serverUrl: config.serverUrl };

interface Loaded<T> {
  data?: T;
  loading: boolean;
  error?: unknown;
}

/** What went wrong, as the SDK's ApiException says it (status and Svix's `{code, detail}`). */
function problem(error: unknown): string {
  const { code, body, message } = error as { code?: number; body?: unknown; message?: string };
  return code ? `${code} ${JSON.stringify(body)}` : String(message ?? error);
}

function Card<T>(props: { id: string; title: string; state: Loaded<T>; children: (data: T) => ReactNode }) {
  const { data, loading, error } = props.state;
  const state = error ? 'failed' : data && !loading ? 'shown' : 'loading';
  return (
    <section data-testid={props.id} data-state={state} aria-busy={state === 'loading'}>
      <h2>{props.title}</h2>
      {error ? <p role="alert">{problem(error)}</p> : data ? props.children(data) : <p>Loading…</p>}
    </section>
  );
}

function Endpoints() {
  const endpoints = useEndpoints({ limit: 10 });
  return (
    <Card id="endpoints" title="Endpoints (useEndpoints)" state={endpoints}>
      {(data) => (
        <>
          <p>{data.length} endpoints</p>
          <ul>
            {data.map((e) => (
              <li key={e.id}>
                {e.description}: <code>{e.url}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

function EventTypes() {
  const eventTypes = useEventTypes({ limit: 50 });
  return (
    <Card id="event-types" title="Event types (useEventTypes)" state={eventTypes}>
      {(data) => (
        <ul>
          {data.map((e) => (
            <li key={e.name}>
              {e.name}: {e.description}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Endpoint() {
  const endpoint = useEndpoint(config.endpointId);
  return (
    <Card id="endpoint" title="Endpoint (useEndpoint)" state={endpoint}>
      {(e) => (
        <p>
          {e.description} {e.disabled ? 'disabled' : 'enabled'}, <code>{e.url}</code>
        </p>
      )}
    </Card>
  );
}

function Secret() {
  const secret = useEndpointSecret(config.endpointId);
  return (
    <Card id="secret" title="Signing secret (useEndpointSecret)" state={secret}>
      {(s) => <code>{s.key}</code>}
    </Card>
  );
}

function Headers() {
  const headers = useEndpointHeaders(config.endpointId);
  return (
    <Card id="headers" title="Custom headers (useEndpointHeaders)" state={headers}>
      {(h) => (
        <p>
          {Object.entries(h.headers)
            .map(([name, value]) => `${name}: ${value}`)
            .join(', ')}
          ; write-only: {h.sensitive.join(', ')}
        </p>
      )}
    </Card>
  );
}

function Stats() {
  const stats = useEndpointStats(config.endpointId);
  return (
    <Card id="stats" title="Stats (useEndpointStats)" state={stats}>
      {(s) => (
        <p>
          {s.success} delivered, {s.fail} failed, {s.pending} pending, {s.sending} sending
        </p>
      )}
    </Card>
  );
}

function Messages() {
  const messages = useMessages({ limit: 2, withContent: true });
  return (
    <Card id="messages" title="Messages (useMessages)" state={messages}>
      {(data) => (
        <>
          <ul>
            {data.map((m) => (
              <li key={m.id}>
                {m.eventType} {String(m.payload.invoice)}
              </li>
            ))}
          </ul>
          <button type="button" disabled={!messages.hasPrevPage} onClick={messages.prevPage}>
            Newer
          </button>
          <button type="button" disabled={!messages.hasNextPage} onClick={messages.nextPage}>
            Older
          </button>
        </>
      )}
    </Card>
  );
}

function Message() {
  const message = useMessage(config.messageId);
  return (
    <Card id="message" title="The first message (useMessage)" state={message}>
      {(m) => (
        <p>
          {m.eventType} at {m.timestamp.toISOString()}
        </p>
      )}
    </Card>
  );
}

function Resend({ attempt }: { attempt: MessageAttemptOut }) {
  const { resendAttempt } = useAttemptFunctions(attempt);
  return (
    <button type="button" onClick={resendAttempt}>
      Resend
    </button>
  );
}

function MessageAttempts() {
  const attempts = useMessageAttempts(config.messageId, { withContent: true });
  return (
    <Card id="message-attempts" title="Attempts of the first message (useMessageAttempts)" state={attempts}>
      {(data) => (
        <>
          <ul>
            {data.map((a) => (
              <li key={a.id}>
                {a.responseStatusCode} {a.statusText}: {a.response}{' '}
                {a.statusText === 'fail' ? <Resend attempt={a} /> : null}
              </li>
            ))}
          </ul>
          <button type="button" onClick={attempts.reload}>
            Reload
          </button>
        </>
      )}
    </Card>
  );
}

function EndpointAttempts() {
  const attempts = useEndpointMessageAttempts(config.failingEndpointId, { withMsg: true });
  return (
    <Card id="endpoint-attempts" title="Attempts to the failing endpoint (useEndpointMessageAttempts)" state={attempts}>
      {(data) => (
        <>
          <p>{data.length} attempts</p>
          <ul>
            {data.map((a) => (
              <li key={a.id}>
                {a.msg?.eventType} {a.responseStatusCode}
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

function MessageEndpoints() {
  const destinations = useMessageEndpoints(config.messageId);
  return (
    <Card id="message-endpoints" title="Where the first message went (useMessageEndpoints)" state={destinations}>
      {(data) => (
        <ul>
          {data.map((d) => (
            <li key={d.id}>
              {d.description}: {d.statusText}
              {d.nextAttempt ? ', retried later' : ''}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function AttemptedMessages() {
  const messages = useAttemptedMessages(config.failingEndpointId);
  return (
    <Card id="attempted-messages" title="Sent to the failing endpoint (useAttemptedMessages)" state={messages}>
      {(data) => (
        <>
          <p>{data.length} messages</p>
          <ul>
            {data.map((m) => (
              <li key={m.id}>
                {m.eventType}: {m.statusText}
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

const root = createRoot(document.getElementById('root') as HTMLElement);
if ('portalUrl' in given) {
  root.render(<AppPortal url={given.portalUrl} primaryColor={given.primaryColor} fullSize />);
} else {
  root.render(<Dashboard />);
}

function Dashboard() {
  return (
    <SvixProvider token={config.token} appId={config.appId} options={options}>
      <main>
        <Endpoints />
        <EventTypes />
        <Endpoint />
        <Secret />
        <Headers />
        <Stats />
        <Messages />
        <Message />
        <MessageAttempts />
        <EndpointAttempts />
        <MessageEndpoints />
        <AttemptedMessages />
      </main>
    </SvixProvider>
  );
}
