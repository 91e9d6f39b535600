// Generated from the BFF's /api/v1/openapi.json by packages/widget/test/server/wire-types.ts.
// Do not edit: run `npm run wire-types -w packages/widget`.

export interface paths {
  '/api/v1/app/{app_id}/endpoint': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the endpoints of an application */
    get: operations['v1.endpoint.list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/endpoint/{endpoint_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get an endpoint */
    get: operations['v1.endpoint.get'];
    put?: never;
    post?: never;
    /** Delete an endpoint */
    delete: operations['v1.endpoint.delete'];
    options?: never;
    head?: never;
    /** Change some fields of an endpoint */
    patch: operations['v1.endpoint.patch'];
    trace?: never;
  };
  '/api/v1/app/{app_id}/endpoint/{endpoint_id}/secret': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get the endpoint's signing secret */
    get: operations['v1.endpoint.get-secret'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/endpoint/{endpoint_id}/secret/rotate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Rotate the signing secret; the old one keeps signing for the grace period (default 24 hours) */
    post: operations['v1.endpoint.rotate-secret'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/endpoint/{endpoint_id}/headers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get the custom headers (sensitive values are named, not shown) */
    get: operations['v1.endpoint.get-headers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Add, change or remove some custom headers */
    patch: operations['v1.endpoint.patch-headers'];
    trace?: never;
  };
  '/api/v1/app/{app_id}/endpoint/{endpoint_id}/transformation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get the endpoint's transformation */
    get: operations['v1.endpoint.transformation.get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change the endpoint's transformation code, variables or switch */
    patch: operations['v1.endpoint.transformation.patch'];
    trace?: never;
  };
  '/api/v1/app/{app_id}/msg': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the messages of an application, newest first */
    get: operations['v1.message.list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/msg/{msg_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a message by id or eventId */
    get: operations['v1.message.get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/attempt/endpoint/{endpoint_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List delivery attempts to an endpoint, newest first */
    get: operations['v1.message-attempt.list-by-endpoint'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/attempt/msg/{msg_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List delivery attempts of a message, newest first */
    get: operations['v1.message-attempt.list-by-msg'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/msg/{msg_id}/attempt/{attempt_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get one delivery attempt of a message */
    get: operations['v1.message-attempt.get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/msg/{msg_id}/endpoint': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the endpoints a message was dispatched to, with the status of the latest dispatch to each */
    get: operations['v1.message-attempt.list-attempted-destinations'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/endpoint/{endpoint_id}/transformation/simulate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run transformation code on a payload, as it would run for this endpoint (a failure is a 422 with the position) */
    post: operations['v1.endpoint.transformation.simulate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/endpoint/{endpoint_id}/transformation/versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Patchbay extension: the codes the endpoint's transformation was saved with, newest first (the last 50) */
    get: operations['v1.endpoint.transformation.versions.list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/endpoint/{endpoint_id}/transformation/versions/{version_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Patchbay extension: one saved code of the endpoint's transformation */
    get: operations['v1.endpoint.transformation.versions.get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/endpoint/{endpoint_id}/transformation/versions/{version_id}/restore': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Patchbay extension: save an earlier version's code again (checked as any save; it becomes the newest version); answers the version now current */
    post: operations['v1.endpoint.transformation.versions.restore'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/endpoint/{endpoint_id}/transformation/dry-run': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Patchbay extension: run new code and the current code on the endpoint's latest messages and its event types' examples, side by side */
    post: operations['v1.endpoint.transformation.dry-run'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/msg/{msg_id}/endpoint/{endpoint_id}/resend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a message to an endpoint again, now */
    post: operations['v1.message-attempt.resend'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/endpoint/{endpoint_id}/send-example': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send the event type's example payload to this endpoint only */
    post: operations['v1.endpoint.send-example'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/v1/endpoints/{endpoint_id}/stats/series': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This endpoint's deliveries of the last 7 days, hour by hour (168 buckets from `start`, the last one the current hour): delivered, failed, pending */
    get: operations['portal.endpoint.stats-series'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/endpoint/{endpoint_id}/recover': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send again every message whose delivery to this endpoint failed in the window: a background task, followed with GET background-task */
    post: operations['v1.endpoint.recover'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/app/{app_id}/endpoint/{endpoint_id}/replay-missing': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send the messages of the window that this endpoint subscribes to and never got (say, while it was disabled): a background task */
    post: operations['v1.endpoint.replay-missing'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/v1/endpoints/{endpoint_id}/recover': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How many messages recover would send again for the same window (Svix has no dry run): `until` is when counted, to pass on to recover */
    get: operations['portal.endpoint.recover-count'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/v1/endpoints/{endpoint_id}/replay-missing': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How many messages replay-missing would send for the same window (Svix has no dry run): `until` is when counted, to pass on to replay-missing */
    get: operations['portal.endpoint.replay-missing-count'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/v1/background-tasks/{task_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One of the session's application's background tasks, to follow a recovery or replay to its end */
    get: operations['portal.background-task.get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/v1/connectors': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The vendor's connectors this session may use, each with the form to connect it */
    get: operations['portal.connector.list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/v1/event-types': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The event catalog: every event type this session may subscribe to, with schemas and examples */
    get: operations['portal.event-type.list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/v1/connectors/{connector_id}/connect': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Connect with an API key, a pasted URL or Custom credentials: checked with the service, then saved encrypted */
    post: operations['portal.connector.connect'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/v1/connectors/{connector_id}/connect/oauth': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start an OAuth connect from an embedding origin the vendor allows: open `startUrl` in a popup; its result comes back to the widget's window as a claim code */
    post: operations['portal.connector.connect-oauth'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/v1/connect-sessions/{session_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Where an OAuth connect stands: pending, authorized (waiting for its claim), connected (with the endpoint) or failed (with why) */
    get: operations['portal.connect-session.get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/v1/connect-sessions/{session_id}/claim': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Make the endpoint of an authorized OAuth connect, with the code its callback posted to the widget's window; only the portal session that started it, once */
    post: operations['portal.connect-session.claim'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/v1/drafts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Connections made here but not saved yet (drafts deliver nothing, and are not in the endpoint list); one left for a day is removed */
    get: operations['portal.draft.list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/v1/drafts/{endpoint_id}/save': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Save a draft with its events and transformation: from now on it is an endpoint like any other and is delivered to */
    post: operations['portal.draft.save'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/v1/drafts/{endpoint_id}/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resume a draft (Finish setup): it counts as worked on now, so it is removed a day after this at the earliest; answers the draft */
    post: operations['portal.draft.resume'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/v1/endpoints/{endpoint_id}/connection': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What an endpoint is connected with, masked (a channel, a key hint): never the credentials */
    get: operations['portal.endpoint.connection'];
    /** Connect an endpoint again with its connector's form: the credentials given anew (checked with the service, as connecting is) replace what it held, and the URL they make (Custom's, Windmill's) is where it delivers from now on. The only way to move an endpoint that holds credentials to another origin */
    put: operations['portal.endpoint.reconnect'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: never;
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  'v1.endpoint.list': {
    parameters: {
      query?: {
        limit?: number;
        iterator?: string | null;
        order?: 'ascending' | 'descending';
      };
      header?: never;
      path: {
        app_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              id: string;
              uid: string | null;
              url: string;
              description: string;
              throttleRate: number | null;
              disabled: boolean;
              eventTypes: string[] | null;
              channels: string[] | null;
              metadata: {
                [key: string]: string;
              };
              connectorId: string | null;
              retrySchedule: number[] | null;
              filter: {
                [key: string]: unknown;
              } | null;
              disabledReason: string | null;
              failSince: string | null;
              failReason: string | null;
              createdAt: string;
              updatedAt: string;
            }[];
            iterator: string | null;
            prevIterator: string | null;
            done: boolean;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.get': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            uid: string | null;
            url: string;
            description: string;
            throttleRate: number | null;
            disabled: boolean;
            eventTypes: string[] | null;
            channels: string[] | null;
            metadata: {
              [key: string]: string;
            };
            connectorId: string | null;
            retrySchedule: number[] | null;
            filter: {
              [key: string]: unknown;
            } | null;
            disabledReason: string | null;
            failSince: string | null;
            failReason: string | null;
            createdAt: string;
            updatedAt: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.delete': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.patch': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          url?: string;
          description?: string | null;
          throttleRate?: number | null;
          uid?: string | null;
          disabled?: boolean | null;
          eventTypes?: string[] | null;
          channels?: string[] | null;
          metadata?: {
            [key: string]: string;
          } | null;
          connectorId?: string | null;
          retrySchedule?: number[] | null;
          filter?: {
            [key: string]: unknown;
          } | null;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            uid: string | null;
            url: string;
            description: string;
            throttleRate: number | null;
            disabled: boolean;
            eventTypes: string[] | null;
            channels: string[] | null;
            metadata: {
              [key: string]: string;
            };
            connectorId: string | null;
            retrySchedule: number[] | null;
            filter: {
              [key: string]: unknown;
            } | null;
            disabledReason: string | null;
            failSince: string | null;
            failReason: string | null;
            createdAt: string;
            updatedAt: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.get-secret': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            key: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.rotate-secret': {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          key?: string | null;
          gracePeriodSeconds?: number | null;
        };
      };
    };
    responses: {
      /** @description Success */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.get-headers': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            headers: {
              [key: string]: string;
            };
            sensitive: string[];
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.patch-headers': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          headers: {
            [key: string]: string;
          };
          deleteHeaders?: string[] | null;
        };
      };
    };
    responses: {
      /** @description Success */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.transformation.get': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string | null;
            enabled: boolean;
            variables: {
              [key: string]: string;
            };
            updatedAt: string | null;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.transformation.patch': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          code?: string | null;
          enabled?: boolean | null;
          variables?: {
            [key: string]: string;
          } | null;
        };
      };
    };
    responses: {
      /** @description Success */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.message.list': {
    parameters: {
      query?: {
        limit?: number;
        iterator?: string | null;
        order?: 'ascending' | 'descending';
        event_types?: string[];
        channel?: string;
        tag?: string;
        before?: string;
        after?: string;
        with_content?: 'true' | 'false';
        status?: number;
        endpoint_id?: string;
      };
      header?: never;
      path: {
        app_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              id: string;
              eventId: string | null;
              eventType: string;
              payload: {
                [key: string]: unknown;
              };
              channels: string[] | null;
              tags: string[] | null;
              timestamp: string;
              deliverAt: string | null;
              status?: (0 | 1 | 2) | null;
            }[];
            iterator: string | null;
            prevIterator: string | null;
            done: boolean;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.message.get': {
    parameters: {
      query?: {
        with_content?: 'true' | 'false';
      };
      header?: never;
      path: {
        app_id: string;
        msg_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            eventId: string | null;
            eventType: string;
            payload: {
              [key: string]: unknown;
            };
            channels: string[] | null;
            tags: string[] | null;
            timestamp: string;
            deliverAt: string | null;
            status?: (0 | 1 | 2) | null;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.message-attempt.list-by-endpoint': {
    parameters: {
      query?: {
        limit?: number;
        iterator?: string | null;
        order?: 'ascending' | 'descending';
        event_types?: string[];
        channel?: string;
        tag?: string;
        before?: string;
        after?: string;
        status?: number;
        status_code_class?: number;
        with_content?: 'true' | 'false';
        with_msg?: 'true' | 'false';
      };
      header?: never;
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              id: string;
              msgId: string;
              endpointId: string;
              url: string;
              response: string;
              responseStatusCode: number;
              responseDurationMs: number;
              status: number;
              /** @enum {string} */
              statusText: 'success' | 'pending' | 'fail' | 'sending' | 'canceled';
              triggerType: number;
              timestamp: string;
              msg?: {
                id: string;
                eventId: string | null;
                eventType: string;
                payload: {
                  [key: string]: unknown;
                };
                channels: string[] | null;
                tags: string[] | null;
                timestamp: string;
                deliverAt: string | null;
                status?: (0 | 1 | 2) | null;
              } | null;
              attempt: number | null;
              maxAttempts: number;
              retry: ('scheduled' | 'retried' | 'settled' | 'final') | null;
              nextAttempt: string | null;
              method: string | null;
              requestHeaders: {
                [key: string]: string;
              } | null;
              requestBody: string | null;
              requestBodyTruncated: boolean;
              responseHeaders: {
                [key: string]: string;
              } | null;
            }[];
            iterator: string | null;
            prevIterator: string | null;
            done: boolean;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.message-attempt.list-by-msg': {
    parameters: {
      query?: {
        limit?: number;
        iterator?: string | null;
        order?: 'ascending' | 'descending';
        event_types?: string[];
        channel?: string;
        tag?: string;
        before?: string;
        after?: string;
        status?: number;
        status_code_class?: number;
        with_content?: 'true' | 'false';
        with_msg?: 'true' | 'false';
        endpoint_id?: string;
      };
      header?: never;
      path: {
        app_id: string;
        msg_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              id: string;
              msgId: string;
              endpointId: string;
              url: string;
              response: string;
              responseStatusCode: number;
              responseDurationMs: number;
              status: number;
              /** @enum {string} */
              statusText: 'success' | 'pending' | 'fail' | 'sending' | 'canceled';
              triggerType: number;
              timestamp: string;
              msg?: {
                id: string;
                eventId: string | null;
                eventType: string;
                payload: {
                  [key: string]: unknown;
                };
                channels: string[] | null;
                tags: string[] | null;
                timestamp: string;
                deliverAt: string | null;
                status?: (0 | 1 | 2) | null;
              } | null;
              attempt: number | null;
              maxAttempts: number;
              retry: ('scheduled' | 'retried' | 'settled' | 'final') | null;
              nextAttempt: string | null;
              method: string | null;
              requestHeaders: {
                [key: string]: string;
              } | null;
              requestBody: string | null;
              requestBodyTruncated: boolean;
              responseHeaders: {
                [key: string]: string;
              } | null;
            }[];
            iterator: string | null;
            prevIterator: string | null;
            done: boolean;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.message-attempt.get': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app_id: string;
        msg_id: string;
        attempt_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            msgId: string;
            endpointId: string;
            url: string;
            response: string;
            responseStatusCode: number;
            responseDurationMs: number;
            status: number;
            /** @enum {string} */
            statusText: 'success' | 'pending' | 'fail' | 'sending' | 'canceled';
            triggerType: number;
            timestamp: string;
            msg?: {
              id: string;
              eventId: string | null;
              eventType: string;
              payload: {
                [key: string]: unknown;
              };
              channels: string[] | null;
              tags: string[] | null;
              timestamp: string;
              deliverAt: string | null;
              status?: (0 | 1 | 2) | null;
            } | null;
            attempt: number | null;
            maxAttempts: number;
            retry: ('scheduled' | 'retried' | 'settled' | 'final') | null;
            nextAttempt: string | null;
            method: string | null;
            requestHeaders: {
              [key: string]: string;
            } | null;
            requestBody: string | null;
            requestBodyTruncated: boolean;
            responseHeaders: {
              [key: string]: string;
            } | null;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.message-attempt.list-attempted-destinations': {
    parameters: {
      query?: {
        limit?: number;
        iterator?: string | null;
        order?: 'ascending' | 'descending';
      };
      header?: never;
      path: {
        app_id: string;
        msg_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              id: string;
              uid: string | null;
              url: string;
              description: string;
              throttleRate: number | null;
              disabled: boolean;
              eventTypes: string[] | null;
              channels: string[] | null;
              metadata: {
                [key: string]: string;
              };
              connectorId: string | null;
              retrySchedule: number[] | null;
              filter: {
                [key: string]: unknown;
              } | null;
              disabledReason: string | null;
              failSince: string | null;
              failReason: string | null;
              createdAt: string;
              updatedAt: string;
              status: number;
              /** @enum {string} */
              statusText: 'success' | 'pending' | 'fail' | 'sending' | 'canceled';
              nextAttempt: string | null;
            }[];
            iterator: string | null;
            prevIterator: string | null;
            done: boolean;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.transformation.simulate': {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          code: string;
          eventType: string;
          payload: {
            [key: string]: unknown;
          };
          channels?: string[] | null;
          variables?: {
            [key: string]: string;
          } | null;
          transformationsParams?: {
            [key: string]: unknown;
          } | null;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            url: string;
            /** @enum {string} */
            method: 'POST' | 'PUT' | 'PATCH';
            payload: string;
            cancel: boolean;
            headers: {
              [key: string]: string;
            };
            console: {
              level: string;
              message: string;
            }[];
            durationMs: number;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.transformation.versions.list': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              id: string;
              createdAt: string;
              author: string;
              current: boolean;
            }[];
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.transformation.versions.get': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app_id: string;
        endpoint_id: string;
        version_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            createdAt: string;
            author: string;
            current: boolean;
            code: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.transformation.versions.restore': {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        app_id: string;
        endpoint_id: string;
        version_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            createdAt: string;
            author: string;
            current: boolean;
            code: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.transformation.dry-run': {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          code: string;
          eventTypes?: string[] | null;
          filter?: {
            [key: string]: unknown;
          } | null;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** @enum {string} */
              source: 'message' | 'example';
              msgId: string | null;
              eventType: string;
              input: string;
              new:
                | {
                    /** @constant */
                    status: 'ok';
                    method: string;
                    url: string;
                    headers: {
                      [key: string]: string;
                    };
                    payload: string;
                    truncated: boolean;
                  }
                | {
                    /** @constant */
                    status: 'canceled';
                  }
                | {
                    /** @constant */
                    status: 'error';
                    kind: string;
                    line: number | null;
                    column: number | null;
                    reason: string;
                  }
                | {
                    /** @constant */
                    status: 'filtered';
                  }
                | {
                    /** @constant */
                    status: 'skipped';
                  };
              current:
                | {
                    /** @constant */
                    status: 'ok';
                    method: string;
                    url: string;
                    headers: {
                      [key: string]: string;
                    };
                    payload: string;
                    truncated: boolean;
                  }
                | {
                    /** @constant */
                    status: 'canceled';
                  }
                | {
                    /** @constant */
                    status: 'error';
                    kind: string;
                    line: number | null;
                    column: number | null;
                    reason: string;
                  }
                | {
                    /** @constant */
                    status: 'filtered';
                  }
                | {
                    /** @constant */
                    status: 'skipped';
                  };
            }[];
            regressions: number;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.message-attempt.resend': {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        app_id: string;
        msg_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.send-example': {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          eventType: string;
          exampleIndex?: number | null;
        };
      };
    };
    responses: {
      /** @description Success */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            eventId: string | null;
            eventType: string;
            payload: {
              [key: string]: unknown;
            };
            channels: string[] | null;
            tags: string[] | null;
            timestamp: string;
            deliverAt: string | null;
            status?: (0 | 1 | 2) | null;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.endpoint.stats-series': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            start: string;
            bucketSeconds: number;
            buckets: {
              success: number;
              fail: number;
              pending: number;
            }[];
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.recover': {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: date-time */
          since: string;
          until?: string | null;
        };
      };
    };
    responses: {
      /** @description Success */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'running' | 'finished' | 'failed';
            /** @enum {string} */
            task:
              | 'endpoint.replay'
              | 'endpoint.recover'
              | 'application.stats'
              | 'message.broadcast'
              | 'sdk.generate'
              | 'event-type.aggregate'
              | 'application.purge_content'
              | 'endpoint.bulk-replay';
            updatedAt: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'v1.endpoint.replay-missing': {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        app_id: string;
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: date-time */
          since: string;
          until?: string | null;
        };
      };
    };
    responses: {
      /** @description Success */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'running' | 'finished' | 'failed';
            /** @enum {string} */
            task:
              | 'endpoint.replay'
              | 'endpoint.recover'
              | 'application.stats'
              | 'message.broadcast'
              | 'sdk.generate'
              | 'event-type.aggregate'
              | 'application.purge_content'
              | 'endpoint.bulk-replay';
            updatedAt: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.endpoint.recover-count': {
    parameters: {
      query?: {
        since?: string;
        until?: string;
      };
      header?: never;
      path: {
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            messages: number;
            until: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.endpoint.replay-missing-count': {
    parameters: {
      query?: {
        since?: string;
        until?: string;
      };
      header?: never;
      path: {
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            messages: number;
            until: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.background-task.get': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        task_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'running' | 'finished' | 'failed';
            /** @enum {string} */
            task:
              | 'endpoint.replay'
              | 'endpoint.recover'
              | 'application.stats'
              | 'message.broadcast'
              | 'sdk.generate'
              | 'event-type.aggregate'
              | 'application.purge_content'
              | 'endpoint.bulk-replay';
            updatedAt: string;
            data: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.connector.list': {
    parameters: {
      query?: {
        locale?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              id: string;
              uid: string | null;
              name: string;
              kind: string;
              kindName: string;
              description: string;
              logo: string | null;
              kindLogo: string;
              instructions: string;
              instructionsHtml: string;
              transformation: string;
              allowedEventTypes: string[] | null;
              connect: {
                /** @enum {string} */
                type: 'oauth' | 'api-key' | 'url' | 'custom';
                provider?: string;
                available?: boolean;
                instructions?: string[];
                urlPattern?: string;
                fields: {
                  name: string;
                  label: string;
                  /** @enum {string} */
                  type: 'text' | 'password' | 'url' | 'email' | 'select';
                  required: boolean;
                  pattern?: string;
                  help?: string;
                  placeholder?: string;
                  options?: {
                    value: string;
                    label: string;
                  }[];
                  default?: string;
                }[];
              };
            }[];
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.event-type.list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              name: string;
              description: string;
              archived: boolean;
              deprecated: boolean;
              schemas: {
                [key: string]: {
                  examples?: unknown[];
                } & {
                  [key: string]: unknown;
                };
              } | null;
              groupName: string | null;
              featureFlags: string[] | null;
              createdAt: string;
              updatedAt: string;
            }[];
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.connector.connect': {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        connector_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          credentials: {
            [key: string]: string;
          };
          eventTypes?: string[] | null;
          description?: string | null;
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            uid: string | null;
            url: string;
            description: string;
            throttleRate: number | null;
            disabled: boolean;
            eventTypes: string[] | null;
            channels: string[] | null;
            metadata: {
              [key: string]: string;
            };
            connectorId: string | null;
            retrySchedule: number[] | null;
            filter: {
              [key: string]: unknown;
            } | null;
            disabledReason: string | null;
            failSince: string | null;
            failReason: string | null;
            createdAt: string;
            updatedAt: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.connector.connect-oauth': {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        connector_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          eventTypes?: string[] | null;
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            sessionId: string;
            startUrl: string;
            expiresAt: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.connect-session.get': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        session_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'pending' | 'authorized' | 'connected' | 'failed';
            endpointId: string | null;
            error: string | null;
            errorCode: ('connect_expired' | 'connect_cancelled' | 'connect_failed') | null;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.connect-session.claim': {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        session_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          code: string;
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            uid: string | null;
            url: string;
            description: string;
            throttleRate: number | null;
            disabled: boolean;
            eventTypes: string[] | null;
            channels: string[] | null;
            metadata: {
              [key: string]: string;
            };
            connectorId: string | null;
            retrySchedule: number[] | null;
            filter: {
              [key: string]: unknown;
            } | null;
            disabledReason: string | null;
            failSince: string | null;
            failReason: string | null;
            createdAt: string;
            updatedAt: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.draft.list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              id: string;
              uid: string | null;
              url: string;
              description: string;
              throttleRate: number | null;
              disabled: boolean;
              eventTypes: string[] | null;
              channels: string[] | null;
              metadata: {
                [key: string]: string;
              };
              connectorId: string | null;
              retrySchedule: number[] | null;
              filter: {
                [key: string]: unknown;
              } | null;
              disabledReason: string | null;
              failSince: string | null;
              failReason: string | null;
              createdAt: string;
              updatedAt: string;
            }[];
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.draft.save': {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          eventTypes?: string[] | null;
          code?: string | null;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            uid: string | null;
            url: string;
            description: string;
            throttleRate: number | null;
            disabled: boolean;
            eventTypes: string[] | null;
            channels: string[] | null;
            metadata: {
              [key: string]: string;
            };
            connectorId: string | null;
            retrySchedule: number[] | null;
            filter: {
              [key: string]: unknown;
            } | null;
            disabledReason: string | null;
            failSince: string | null;
            failReason: string | null;
            createdAt: string;
            updatedAt: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.draft.resume': {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            uid: string | null;
            url: string;
            description: string;
            throttleRate: number | null;
            disabled: boolean;
            eventTypes: string[] | null;
            channels: string[] | null;
            metadata: {
              [key: string]: string;
            };
            connectorId: string | null;
            retrySchedule: number[] | null;
            filter: {
              [key: string]: unknown;
            } | null;
            disabledReason: string | null;
            failSince: string | null;
            failReason: string | null;
            createdAt: string;
            updatedAt: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.endpoint.connection': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            kind: string | null;
            hint: {
              [key: string]: string;
            };
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
  'portal.endpoint.reconnect': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        endpoint_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          credentials: {
            [key: string]: string;
          };
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            uid: string | null;
            url: string;
            description: string;
            throttleRate: number | null;
            disabled: boolean;
            eventTypes: string[] | null;
            channels: string[] | null;
            metadata: {
              [key: string]: string;
            };
            connectorId: string | null;
            retrySchedule: number[] | null;
            filter: {
              [key: string]: unknown;
            } | null;
            disabledReason: string | null;
            failSince: string | null;
            failReason: string | null;
            createdAt: string;
            updatedAt: string;
          };
        };
      };
      /** @description Missing or invalid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not allowed for this credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: string;
          };
        };
      };
      /** @description Validation error */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            detail: {
              loc: (string | number)[];
              msg: string;
              type: string;
            }[];
          };
        };
      };
    };
  };
}
