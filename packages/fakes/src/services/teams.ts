import type { FakeDefinition } from '../core/fake-server.ts';
import { empty, type FakeRequest, isObject, json, route } from '../core/http.ts';
import { FAKE_CREDENTIALS } from '../credentials.ts';

const MAX_MESSAGE = 28 * 1024;

export interface FlowRun {
  status: 'Succeeded' | 'Failed';
  error?: string;
}

/**
 * A Teams Workflows ("Post to a channel when a webhook request is received") trigger URL
 * (services.md §3). The trigger answers 202 to anything with a valid `sig`; the card is checked
 * afterwards by the flow run, whose failure the caller never sees. The fake records each run's
 * outcome for tests to inspect.
 */
export function teamsFake(options: { baseUrl: () => string }) {
  const runs: FlowRun[] = [];
  const { workflowId, sig } = FAKE_CREDENTIALS.teams;

  function runFlow(req: FakeRequest): FlowRun {
    if (Buffer.byteLength(req.text) > MAX_MESSAGE) {
      return { status: 'Failed', error: `MessageSizeExceeded: the max allowed size is ${MAX_MESSAGE} bytes` };
    }
    const body = isObject(req.body) ? req.body : null;
    if (body?.type !== 'message') return { status: 'Failed', error: 'InvalidRequestContent: type must be "message"' };
    const cards = Array.isArray(body.attachments) ? body.attachments : [];
    const valid =
      cards.length > 0 &&
      cards.every(
        (a) =>
          isObject(a) &&
          a.contentType === 'application/vnd.microsoft.card.adaptive' &&
          isObject(a.content) &&
          a.content.type === 'AdaptiveCard',
      );
    return valid
      ? { status: 'Succeeded' }
      : { status: 'Failed', error: 'InvalidRequestContent: attachments must be Adaptive Cards' };
  }

  const definition: FakeDefinition = {
    name: 'teams',
    routes: [
      route('POST', '/workflows/:workflow/triggers/manual/paths/invoke', (req) => {
        if (req.params.workflow !== workflowId) {
          return json(404, {
            error: { code: 'WorkflowNotFound', message: `The workflow '${req.params.workflow}' could not be found.` },
          });
        }
        if (req.query.get('sig') !== sig) {
          return json(401, {
            error: { code: 'DirectApiAuthorizationRequired', message: 'The request must be authenticated.' },
          });
        }
        runs.push(runFlow(req));
        return empty(202);
      }),
    ],
    // Workflows throttling is undocumented here; the fake answers like Logic Apps: 429 with Retry-After in seconds.
    tooManyRequests: () =>
      json(
        429,
        { error: { code: 'WorkflowRequestsThrottled', message: 'Rate limit is exceeded.' } },
        { 'retry-after': '2' },
      ),
    keyOf: (req) => req.params.workflow ?? /\/workflows\/([^/]+)/.exec(req.path)?.[1],
  };
  return {
    definition,
    runs,
    /** The URL a person copies from the Workflows app. */
    workflowUrl: () =>
      `${options.baseUrl()}/workflows/${workflowId}/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`,
  };
}
