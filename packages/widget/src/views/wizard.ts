// The steps after the catalog (connect, events, transformation, review), which the picker
// imports when a connector is picked or a connection is edited: a chunk of their own in both
// builds, so that the first load is the catalog alone.
export { ConnectView } from './connect.ts';
export { eventsView } from './events.ts';
export { ReviewView } from './review.ts';
export { TransformView } from './transform.ts';
