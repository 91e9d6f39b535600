/** The texts of the event catalog in English (views/event-catalog.ts): a catalog of their own, loaded with the view. */
export const en = {
  eventTypesHelp: 'What can be sent to your connections: each event, what it means and what it carries.',
  searchEvents: 'Search event types',
  eventsShown: '{n, plural, one {# event type shown} other {# event types shown}}',
  noMatch: 'No event type matches.',
  noSuchEvent: 'There is no such event type.',
  deprecated: 'Deprecated',
  group: 'Group: {name}',
  noSchema: 'No schema is given for this event type.',
  required: 'required',
  optional: 'optional',
  oneOf: 'One of',
  exampleN: 'Example {n}',
  noExamples: 'No example is given.',
};

export type EventCatalogKey = keyof typeof en;
