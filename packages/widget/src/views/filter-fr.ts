import type { en } from './filter-en.ts';

/** The texts of the filter builder in French (views/filter.ts): a catalog of their own, loaded with the events step. */
export const fr: typeof en = {
  filterLegend: 'N’envoyer que les événements dont le contenu correspond (facultatif)',
  filterHelp:
    'Sans condition, chaque événement choisi est envoyé. Un événement qui ne correspond pas n’est pas envoyé, et le journal des messages indique qu’il a été filtré.',
  filterMatch: 'Envoyer quand',
  filterAll: 'toutes les conditions sont remplies',
  filterAny: 'une condition est remplie',
  filterCondition: 'Condition {n}',
  filterField: 'Champ',
  filterFieldHelp: 'Un champ de l’événement, par exemple customer.email',
  filterOperator: 'Test',
  filterValue: 'Valeur',
  filterListHelp: 'Valeurs séparées par des virgules',
  filterAdd: 'Ajouter une condition',
  filterRemove: 'Supprimer la condition {n}',
  filterAdded: 'Condition {n} ajoutée.',
  filterRemoved: 'Condition {n} supprimée.',
  filterForeign: 'Cette connexion a un filtre que ce formulaire ne peut pas afficher :',
  filterReplace: 'Le remplacer par des conditions',
  op_eq: 'est',
  op_ne: 'n’est pas',
  op_gt: 'est supérieur à',
  op_ge: 'est au moins',
  op_lt: 'est inférieur à',
  op_le: 'est au plus',
  op_oneOf: 'est l’un de',
  op_contains: 'contient',
  op_exists: 'est présent',
  op_missing: 'est absent',
};
