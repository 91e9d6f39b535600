import type { en } from './filter-en.ts';

/** The texts of the filter builder in German (views/filter.ts): a catalog of their own, loaded with the events step. */
export const de: typeof en = {
  filterLegend: 'Nur Ereignisse senden, deren Inhalt passt (optional)',
  filterHelp:
    'Ohne Bedingung wird jedes gewählte Ereignis gesendet. Ein Ereignis, das nicht passt, wird nicht gesendet; das Nachrichtenprotokoll zeigt es als herausgefiltert.',
  filterMatch: 'Senden, wenn',
  filterAll: 'alle Bedingungen zutreffen',
  filterAny: 'eine Bedingung zutrifft',
  filterCondition: 'Bedingung {n}',
  filterField: 'Feld',
  filterFieldHelp: 'Ein Feld des Ereignisses, etwa customer.email',
  filterOperator: 'Prüfung',
  filterValue: 'Wert',
  filterListHelp: 'Werte durch Kommas getrennt',
  filterAdd: 'Bedingung hinzufügen',
  filterRemove: 'Bedingung {n} entfernen',
  filterAdded: 'Bedingung {n} hinzugefügt.',
  filterRemoved: 'Bedingung {n} entfernt.',
  filterForeign: 'Diese Verbindung hat einen Filter, den dieses Formular nicht zeigen kann:',
  filterReplace: 'Durch Bedingungen ersetzen',
  op_eq: 'ist',
  op_ne: 'ist nicht',
  op_gt: 'ist größer als',
  op_ge: 'ist mindestens',
  op_lt: 'ist kleiner als',
  op_le: 'ist höchstens',
  op_oneOf: 'ist einer von',
  op_contains: 'enthält',
  op_exists: 'ist vorhanden',
  op_missing: 'fehlt',
};
