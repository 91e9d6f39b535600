import type { en } from './event-catalog-en.ts';

/** The texts of the event catalog in French (views/event-catalog.ts): a catalog of their own, loaded with the view. */
export const fr: typeof en = {
  eventTypesHelp:
    'Ce qui peut être envoyé à vos connexions : chaque événement, ce qu’il signifie et ce qu’il contient.',
  searchEvents: 'Rechercher un type d’événement',
  eventsShown: '{n, plural, one {# type d’événement affiché} other {# types d’événements affichés}}',
  noMatch: 'Aucun type d’événement ne correspond.',
  noSuchEvent: 'Ce type d’événement n’existe pas.',
  deprecated: 'Obsolète',
  group: 'Groupe : {name}',
  noSchema: 'Aucun schéma n’est donné pour ce type d’événement.',
  required: 'obligatoire',
  optional: 'facultatif',
  oneOf: 'L’un de',
  exampleN: 'Exemple {n}',
  noExamples: 'Aucun exemple n’est donné.',
};
