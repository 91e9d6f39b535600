import type { ReactiveControllerHost } from 'lit';
import type { Capability } from '../api/token.ts';
import type { Connector, Endpoint, EndpointFilter } from '../api/types.ts';
import type { PickerEventDetails, PickerEventType } from '../events/events.ts';
import type { Localized } from '../i18n/i18n.ts';

export type ViewName =
  | 'catalog'
  | 'connect'
  | 'events'
  | 'transform'
  | 'review'
  | 'list'
  | 'detail'
  // The message log's (views/log.ts).
  | 'messages'
  | 'message'
  | 'attempt'
  // A connection's settings and the event catalog.
  | 'settings'
  | 'event-types';

/**
 * What the picker offers its views. None gets all of it: each view's host type picks the parts
 * it uses, and adds the state it reads and the callbacks it calls. (Functions, not methods: views
 * destructure them.)
 */
export interface Ui {
  t: Localized['t'];
  date: Localized['date'];
  /** The language the picker shows (for texts a view's chunk carries itself). */
  lang: () => string;
  /** The full locale the picker writes dates in (`en-GB`): for a view's own formats, as `date`'s. */
  locale: () => string;
  /** Whether the session may do what `capability` allows (the BFF checks it again). */
  can: (capability: Capability) => boolean;
  /** Says something in the live region. */
  announce: (message: string) => void;
  /** Says what went wrong, in the alert region and as a `cp-error` event. */
  fail: (err: unknown) => void;
  emit: <K extends PickerEventType>(type: K, detail: PickerEventDetails[K]) => void;
  /** Moves to a view and puts keyboard focus on its heading. */
  go: (view: ViewName) => Promise<void>;
  /** Renders again: the view's own state changed. */
  update: () => void;
  /** The first element of the rendered picker that matches, once what is pending has rendered. */
  find: <T extends HTMLElement>(selector: string) => Promise<T | null>;
  /** Adds a chunk's styles (views/sheet.ts) to the picker's, once. */
  adopt: (styles: CSSStyleSheet) => void;
  /** Where a view's tasks and controllers live (the picker, seen only as a controller host). */
  readonly controllers: ReactiveControllerHost;
}

/**
 * The connection the configuring steps (events, transformation, review) work on. The picker owns
 * it; the steps read it and change it through their host's callbacks.
 */
export interface Draft {
  connector: Connector | undefined;
  endpoint: Endpoint;
  /** Not saved yet (just made by connecting, or a draft resumed): Save makes it live. False: opened to edit. */
  creating: boolean;
  selected: ReadonlySet<string>;
  /** The transformation as edited; undefined until the saved one has loaded. */
  code: string | undefined;
  /** The payload filter as built in the events step (JSON Logic); null: every event is sent. */
  filter: EndpointFilter | null;
}
