import type { en } from './event-catalog-en.ts';

/** The texts of the event catalog in German (views/event-catalog.ts): a catalog of their own, loaded with the view. */
export const de: typeof en = {
  eventTypesHelp: 'Was an Ihre Verbindungen gesendet werden kann: jedes Ereignis, was es bedeutet und was es enthält.',
  searchEvents: 'Ereignistypen durchsuchen',
  eventsShown: '{n, plural, one {# Ereignistyp angezeigt} other {# Ereignistypen angezeigt}}',
  noMatch: 'Kein Ereignistyp passt.',
  noSuchEvent: 'Diesen Ereignistyp gibt es nicht.',
  deprecated: 'Veraltet',
  group: 'Gruppe: {name}',
  noSchema: 'Für diesen Ereignistyp ist kein Schema angegeben.',
  required: 'Pflicht',
  optional: 'optional',
  oneOf: 'Einer von',
  exampleN: 'Beispiel {n}',
  noExamples: 'Kein Beispiel angegeben.',
};
