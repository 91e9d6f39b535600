/** What each `cp-*` event says. */
export interface PickerEventDetails {
  /** A connection was saved for the first time (Review's Save): connecting alone makes a draft, which fires nothing. */
  'cp-endpoint-created': { endpointId: string; connectorId: string };
  'cp-endpoint-updated': { endpointId: string };
  'cp-endpoint-deleted': { endpointId: string };
  /** The customer started connecting: an OAuth popup or a form submit. */
  'cp-connect-started': { connectorId: string; method: 'oauth' | 'form' };
  'cp-connect-failed': { connectorId: string; reason: string };
  /** Anything the widget could not do, with the server's code. */
  'cp-error': { code: string; message: string };
  /**
   * The BFF refused the session's token and the `tokenProvider` (if any) gave no token it takes:
   * expired or revoked. Said once per token, whichever call found it.
   */
  'cp-session-ended': Record<string, never>;
  /** The customer moved to another page (the picker's `page`: `''`, `endpoints`, `endpoints/{id}`…). */
  'cp-navigate': { page: string };
}

export type PickerEventType = keyof PickerEventDetails;

/** A `cp-*` event: it bubbles and crosses shadow roots, so the host page hears it on any ancestor. */
export class PickerEvent<K extends PickerEventType = PickerEventType> extends Event {
  readonly detail: PickerEventDetails[K];
  constructor(type: K, detail: PickerEventDetails[K]) {
    super(type, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** Fires a `cp-*` event from the picker. */
export const dispatchPickerEvent = <K extends PickerEventType>(
  target: EventTarget,
  type: K,
  detail: PickerEventDetails[K],
) => target.dispatchEvent(new PickerEvent(type, detail));

declare global {
  interface GlobalEventHandlersEventMap {
    'cp-endpoint-created': PickerEvent<'cp-endpoint-created'>;
    'cp-endpoint-updated': PickerEvent<'cp-endpoint-updated'>;
    'cp-endpoint-deleted': PickerEvent<'cp-endpoint-deleted'>;
    'cp-connect-started': PickerEvent<'cp-connect-started'>;
    'cp-connect-failed': PickerEvent<'cp-connect-failed'>;
    'cp-error': PickerEvent<'cp-error'>;
    'cp-session-ended': PickerEvent<'cp-session-ended'>;
    'cp-navigate': PickerEvent<'cp-navigate'>;
  }
}
