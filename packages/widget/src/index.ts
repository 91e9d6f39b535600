export { ApiError } from './api/api-error.ts';
export { BffClient, type ConnectorKindInfo } from './api/bff-client.ts';
export { ConnectorPicker } from './connector-picker/connector-picker.ts';
export { ConnectorSelectEvent } from './events/connector-select.ts';
