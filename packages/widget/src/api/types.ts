/** The shapes the BFF answers with, as the widget reads them. */

export interface ConnectField {
  name: string;
  label: string;
  type: 'text' | 'password' | 'url' | 'email' | 'select';
  required: boolean;
  pattern?: string;
  help?: string;
  placeholder?: string;
  default?: string;
  options?: { value: string; label: string }[];
}

export interface Connector {
  id: string;
  name: string;
  kind: string;
  kindName: string;
  description: string;
  logo: string | null;
  kindLogo: string;
  instructionsHtml: string;
  /** The vendor's default transformation, the starting point of the customer's. */
  transformation: string;
  allowedEventTypes: string[] | null;
  connect: {
    type: 'oauth' | 'api-key' | 'url' | 'custom';
    provider?: string;
    available?: boolean;
    instructions?: string[];
    fields: ConnectField[];
  };
}

export interface EventType {
  name: string;
  description: string;
  groupName: string | null;
  schemas: Record<string, { examples?: unknown[] }> | null;
}

export interface Endpoint {
  id: string;
  url: string;
  description: string;
  disabled: boolean;
  disabledReason: string | null;
  failSince: string | null;
  eventTypes: string[] | null;
  connectorId: string | null;
  createdAt: string;
}

export interface Attempt {
  id: string;
  msgId: string;
  url: string;
  response: string;
  responseStatusCode: number;
  responseDurationMs: number;
  statusText: 'success' | 'pending' | 'fail' | 'sending' | 'canceled';
  timestamp: string;
}

export interface SimulateResult {
  url: string;
  method: string;
  payload: string;
  cancel: boolean;
  headers: Record<string, string>;
  console: { level: string; message: string }[];
  durationMs: number;
}

export interface Page<T> {
  data: T[];
  iterator: string | null;
  done: boolean;
}
