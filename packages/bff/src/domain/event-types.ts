import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../clock.ts';
import { NotFoundError } from '../errors.ts';
import type { EventType } from '../model.ts';
import { allPages } from '../store/pages.ts';
import type { ListQuery, Store } from '../store/types.ts';
import { uniquely } from './unique.ts';

export interface EventTypeInput {
  name: string;
  description: string;
  archived?: boolean | null;
  deprecated?: boolean | null;
  schemas?: Record<string, unknown> | null;
  groupName?: string | null;
  featureFlags?: string[] | null;
}

export type EventTypePatch = Partial<Omit<EventTypeInput, 'name'>>;

export type EventTypes = ReturnType<typeof createEventTypes>;

/** A PUT's or an import's input over an existing event type: what it leaves out goes back to its default. */
const replacement = (input: Omit<EventTypeInput, 'name'>) => ({
  archived: false,
  deprecated: false,
  schemas: null,
  groupName: null,
  featureFlags: null,
  ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
});

/** The fields an import writes, to tell whether it changes a stored event type. */
const fieldsOf = ({ description, archived, deprecated, schemas, groupName, featureFlags }: EventTypeInput) => ({
  description,
  archived: archived ?? false,
  deprecated: deprecated ?? false,
  schemas: schemas ?? null,
  groupName: groupName ?? null,
  featureFlags: featureFlags ?? null,
});

export function createEventTypes({ store, clock }: { store: Store; clock: Clock }) {
  async function get(name: string): Promise<EventType> {
    const eventType = await store.eventTypes.get(name);
    if (!eventType) throw new NotFoundError('Event type not found');
    return eventType;
  }

  async function create(input: EventTypeInput): Promise<EventType> {
    const now = clock.now();
    const eventType: EventType = {
      name: input.name,
      description: input.description,
      archived: input.archived ?? false,
      deprecated: input.deprecated ?? false,
      schemas: input.schemas ?? null,
      groupName: input.groupName ?? null,
      featureFlags: input.featureFlags ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await uniquely(store.eventTypes.insert(eventType), `An event type named "${input.name}"`);
    return eventType;
  }

  async function update(eventType: EventType, changes: EventTypePatch): Promise<EventType> {
    const pick = <K extends keyof EventTypePatch>(key: K, current: EventType[K]) =>
      changes[key] === undefined ? current : (changes[key] as EventType[K]);
    const updated: EventType = {
      ...eventType,
      description: changes.description ?? eventType.description,
      archived: changes.archived ?? eventType.archived,
      deprecated: changes.deprecated ?? eventType.deprecated,
      schemas: pick('schemas', eventType.schemas),
      groupName: pick('groupName', eventType.groupName),
      featureFlags: pick('featureFlags', eventType.featureFlags),
      updatedAt: clock.now(),
    };
    await store.eventTypes.update(updated);
    return updated;
  }

  return {
    get,
    create,
    update,
    /** PUT: replaces the event type, or creates it under the path's name. */
    async upsert(
      name: string,
      input: Omit<EventTypeInput, 'name'>,
    ): Promise<{ eventType: EventType; created: boolean }> {
      const existing = await store.eventTypes.get(name);
      if (!existing) return { eventType: await create({ ...input, name }), created: true };
      return { eventType: await update(existing, replacement(input)), created: false };
    },
    /**
     * An import (environment, OpenAPI): writes each input over the event type of its name, or
     * creates it, in one transaction; `replaceAll` archives the live ones the inputs leave out.
     * Answers the names whose stored fields changed; with `dryRun`, would change, writing nothing.
     */
    async importAll(
      inputs: EventTypeInput[],
      options: { replaceAll?: boolean; dryRun?: boolean } = {},
    ): Promise<string[]> {
      const write = async () => {
        const modified: string[] = [];
        for (const input of inputs) {
          const existing = await store.eventTypes.get(input.name);
          const next = replacement(input);
          if (existing && isDeepStrictEqual(fieldsOf(existing), fieldsOf({ ...existing, ...next }))) continue;
          modified.push(input.name);
          if (options.dryRun) continue;
          if (existing) await update(existing, next);
          else await create(input);
        }
        if (options.replaceAll) {
          const named = new Set(inputs.map((i) => i.name));
          const live = await allPages((iterator) =>
            store.eventTypes.list({ limit: 250, order: 'ascending', iterator, includeArchived: false }),
          );
          for (const eventType of live.filter((e) => !named.has(e.name))) {
            modified.push(eventType.name);
            if (!options.dryRun) await update(eventType, { archived: true });
          }
        }
        return modified;
      };
      return options.dryRun ? write() : store.transaction(write);
    },
    list: (query: ListQuery & { includeArchived: boolean }) => store.eventTypes.list(query),
    /**
     * A page of the event types a portal session sees: the live ones its feature flags allow,
     * chosen by the store, so that neither the page nor its iterators name a hidden one.
     */
    listFor: (featureFlags: string[], query: ListQuery) =>
      store.eventTypes.list({ ...query, includeArchived: false, featureFlags }),
    /** The event catalog a portal session subscribes from: every live event type its feature flags allow. */
    async catalog(featureFlags: string[] | null): Promise<EventType[]> {
      return allPages((iterator) =>
        store.eventTypes.list({ limit: 250, order: 'ascending', iterator, includeArchived: false, featureFlags }),
      );
    },
    /** Svix archives on delete, so old messages keep their type; `expunge` removes it for good. */
    async delete(name: string, expunge: boolean): Promise<void> {
      const eventType = await get(name);
      if (expunge) await store.eventTypes.delete(name);
      else await update(eventType, { archived: true });
    },
  };
}
