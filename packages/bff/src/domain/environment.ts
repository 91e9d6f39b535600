import type { Clock } from '../clock.ts';
import { ValidationError } from '../errors.ts';
import type { Connector, EventType } from '../model.ts';
import { allPages } from '../store/pages.ts';
import type { Store } from '../store/types.ts';
import type { ConnectorInput, Connectors } from './connectors.ts';
import type { EventTypeInput, EventTypes } from './event-types.ts';

/** The most connectors one environment import may write (event types: MAX_IMPORTED_EVENT_TYPES). */
export const MAX_IMPORTED_CONNECTORS = 1000;

export interface EnvironmentExport {
  createdAt: Date;
  eventTypes: EventType[];
  connectors: Connector[];
}

export interface EnvironmentImport {
  eventTypes?: EventTypeInput[] | null;
  connectors?: ConnectorInput[] | null;
  settings?: Record<string, unknown> | null;
}

export type Environment = ReturnType<typeof createEnvironment>;

/**
 * Svix's environment export and import: the event types and connectors (Patchbay's deployment
 * settings are its environment variables, neither exported nor imported; docs/api.md).
 */
export function createEnvironment(deps: {
  store: Store;
  clock: Clock;
  eventTypes: EventTypes;
  connectors: Connectors;
}) {
  const { store, clock, eventTypes, connectors } = deps;
  const everyConnector = () =>
    allPages((iterator) => store.connectors.list({ limit: 250, order: 'ascending', iterator }));

  /** Writes the connector over the one of its uid (or, without one, of its name among those without), or creates it. */
  async function importConnector(input: ConnectorInput, byName: Map<string, Connector>): Promise<void> {
    if (input.uid) {
      await connectors.upsert(input.uid, input);
      return;
    }
    const existing = byName.get(input.name);
    if (existing) await connectors.replace(existing, input);
    else byName.set(input.name, await connectors.create(input));
  }

  return {
    async export(): Promise<EnvironmentExport> {
      const createdAt = clock.now();
      return {
        createdAt,
        eventTypes: await allPages((iterator) =>
          store.eventTypes.list({ limit: 250, order: 'ascending', iterator, includeArchived: true }),
        ),
        connectors: await everyConnector(),
      };
    },

    /** An upsert of every element by name (event types) or uid (connectors), all in one transaction: a bad one imports nothing. */
    async import(input: EnvironmentImport): Promise<void> {
      if (input.settings && Object.keys(input.settings).length > 0) {
        throw new ValidationError([
          {
            loc: ['body', 'settings'],
            msg: "Patchbay's settings are its deployment's environment variables: it imports none (send null or {})",
            type: 'value_error.unsupported',
          },
        ]);
      }
      await store.transaction(async () => {
        await eventTypes.importAll(input.eventTypes ?? []);
        const byName = new Map((await everyConnector()).filter((c) => c.uid === null).map((c) => [c.name, c]));
        for (const [i, connector] of (input.connectors ?? []).entries()) {
          await at(['body', 'connectors', i], () => importConnector(connector, byName));
        }
      });
    },
  };
}

/** Runs `work`, moving its validation problems' body locations under `loc` (the element of the import that failed). */
async function at(loc: (string | number)[], work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new ValidationError(
      err.problems.map((p) => ({ ...p, loc: p.loc[0] === 'body' ? [...loc, ...p.loc.slice(1)] : p.loc })),
    );
  }
}
