import type { en } from './transform-texts-en.ts';

/** The texts of step 3's dry run and versions panels and the review's warning in French: a catalog of their own, loaded when first needed. */
export const fr: typeof en = {
  versions: 'Versions',
  versionsHelp: 'Chaque code enregistré est conservé (les 50 derniers). Comparez-en deux, ou restaurez-en un.',
  versionsNone: 'Aucune version enregistrée pour l’instant.',
  versionCurrent: 'Actuelle',
  versionByVendor: 'enregistrée par votre fournisseur',
  versionByPortal: 'enregistrée dans le portail',
  versionBySession: 'enregistrée dans la session {id}',
  compare: 'Comparer',
  compareWith: 'avec',
  noDifference: 'Les deux versions sont identiques.',
  restore: 'Restaurer',
  restoreVersion: 'Restaurer la version du {date}',
  restoreConfirm: 'Restaurer la version du {date} ? Elle est enregistrée aussitôt et utilisée dès maintenant.',
  restored: 'La version du {date} est restaurée et enregistrée.',
  dryRun: 'Essai à blanc',
  dryRunHelp:
    'Exécute votre code et le code enregistré sur les derniers messages de cette connexion et sur les exemples de ses événements. Rien n’est envoyé.',
  dryRunStart: 'Exécuter sur les derniers événements',
  dryRunNone: 'Il n’y a aucun message récent ni exemple sur lequel l’exécuter.',
  dryRunSummary:
    '{n, plural, one {# événement exécuté} other {# événements exécutés}} ; avec votre code, {failing, plural, one {# échoue} other {# échouent}}.',
  dryRunStale: 'Vous avez modifié le code depuis : relancez pour voir ce qu’il fait maintenant.',
  dryRunNewCode: 'Votre code',
  dryRunCurrentCode: 'Code enregistré',
  dryRunExample: 'exemple',
  dryOk: 'ok',
  dryCanceled: 'non envoyé (cancel)',
  dryError: 'erreur',
  dryErrorAt: 'erreur à la ligne {line}',
  dryFiltered: 'filtré',
  drySkipped: 'non exécuté',
  saveBreaks:
    '{n, plural, one {Votre code échoue sur # événement récent où le code enregistré réussissait.} other {Votre code échoue sur # événements récents où le code enregistré réussissait.}} Vous pouvez tout de même enregistrer.',
};
