/** Fired when the customer picks a connector kind. */
export class ConnectorSelectEvent extends Event {
  static readonly type = 'cp-connector-select';
  readonly detail: { kind: string };
  constructor(kind: string) {
    super(ConnectorSelectEvent.type, { bubbles: true, composed: true });
    this.detail = { kind };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cp-connector-select': ConnectorSelectEvent;
  }
}
