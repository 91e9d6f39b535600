export { ApiError, type FieldError } from './api/api-error.ts';
export { BffClient, type TokenSource } from './api/bff-client.ts';
export type { Attempt, ConnectField, Connector, Endpoint, EventType, SimulateResult } from './api/types.ts';
export { ConnectorPicker } from './connector-picker/connector-picker.ts';
export { PickerEvent, type PickerEventDetails, type PickerEventType } from './events/events.ts';
