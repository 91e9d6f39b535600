/**
 * The texts and styles of the endpoint settings and the event catalog, in the chunks that show
 * them rather than in the picker's catalogs and stylesheet: the first load has no room left for
 * them (its 20 KB budget), and most visits never open these views. English, German and French
 * together, as they are small next to what they would cost the first load.
 */

const en = {
  settingsOf: 'Settings: {name}',
  general: 'Connection',
  url: 'Endpoint URL',
  urlHelp: 'Another address on a different site asks for the credentials again.',
  channels: 'Channels',
  channelsHelp: 'Only messages sent to one of these channels, separated by commas. Empty: every message.',
  rate: 'Rate limit',
  rateHelp: 'Deliveries per second at most. Empty: no limit.',
  perSecond: '{n} per second',
  noLimit: 'No limit',
  enabled: 'Enabled',
  yes: 'Yes',
  no: 'No',
  saveSettings: 'Save settings',
  nothingChanged: 'Nothing changed.',
  settingsSaved: 'Saved: {fields}.',
  field_url: 'URL',
  field_description: 'description',
  field_eventTypes: 'events',
  field_channels: 'channels',
  field_throttleRate: 'rate limit',
  field_disabled: 'enabled',
  credentialsNeeded: 'The new URL is on another site: enter the credentials for it.',
  credentialsAgain: 'Credentials for the new URL',
  credentialsAgainHelp:
    'The {name} credentials saved for this connection are only sent where they were given for. Enter them for the new address; nothing is sent there until you do.',
  connectAgain: 'Connect to the new URL',
  reconnected: 'Connected again: deliveries go to the new URL with these credentials.',
  reconnectOAuth: 'This {name} connection cannot move to another address. Connect again from the catalog instead.',
  fixedService:
    '{name} connections deliver to {name} only: this address cannot be used. Keep the URL, or connect another service.',
  headers: 'Custom headers',
  headersHelp:
    'Sent with every delivery. Values that look like secrets are never shown again: type a new value to replace one.',
  none: 'None.',
  setHidden: 'Set (hidden)',
  setHiddenReplace: 'New value, or leave empty to keep',
  removeNamed: 'Remove {name}',
  newName: 'New name',
  newValue: 'Value',
  saveHeaders: 'Save headers',
  headersSaved: 'Headers saved: {n} written, {removed} removed.',
  variables: 'Transformation variables',
  variablesHelp: 'Read by the transformation as webhook.env.',
  editCode: 'Edit the transformation code',
  saveVariables: 'Save variables',
  variablesSaved: 'Variables saved: {n}.',
  secretHelp: 'Verify with it that deliveries come from us (Standard Webhooks signature).',
  secretShown: 'The signing secret is shown.',
  copy: 'Copy',
  hide: 'Hide',
  copied: 'Copied to the clipboard.',
  copyByHand: 'Copying is not allowed here: the secret is selected, copy it by hand.',
  rotateConfirm:
    'Rotate the signing secret? The current one keeps signing for 24 hours alongside the new one, so receivers can switch.',
  rotatedOld: 'Secret rotated. The old one stays valid for 24 hours.',
  stats: 'Deliveries',
  last24h: 'Last 24 hours',
  last7d: 'Last 7 days',
  statsSummary: '{success} delivered, {fail} failed, {pending} pending',
  delivered: 'Delivered',
  failed: 'Failed',
  pendingLabel: 'Pending',
  asTable: 'Show as a table',
  period: 'Period',
  refresh: 'Refresh',
  eventTypesTitle: 'Event types',
  eventTypesHelp: 'What can be sent to your connections: each event, what it means and what it carries.',
  searchEvents: 'Search event types',
  eventsShown: '{n} event types shown',
  noMatch: 'No event type matches.',
  noSuchEvent: 'There is no such event type.',
  deprecated: 'Deprecated',
  group: 'Group: {name}',
  schema: 'Payload',
  noSchema: 'No schema is given for this event type.',
  required: 'required',
  optional: 'optional',
  oneOf: 'One of',
  examples: 'Example',
  exampleN: 'Example {n}',
  noExamples: 'No example is given.',
};

export type TextKey = keyof typeof en;
type Texts = Record<TextKey, string>;

const de: Texts = {
  settingsOf: 'Einstellungen: {name}',
  general: 'Verbindung',
  url: 'Endpunkt-URL',
  urlHelp: 'Eine Adresse auf einer anderen Website erfordert die Zugangsdaten erneut.',
  channels: 'Kanäle',
  channelsHelp: 'Nur Nachrichten an einen dieser Kanäle, durch Kommas getrennt. Leer: jede Nachricht.',
  rate: 'Ratenlimit',
  rateHelp: 'Höchstens so viele Zustellungen pro Sekunde. Leer: kein Limit.',
  perSecond: '{n} pro Sekunde',
  noLimit: 'Kein Limit',
  enabled: 'Aktiviert',
  yes: 'Ja',
  no: 'Nein',
  saveSettings: 'Einstellungen speichern',
  nothingChanged: 'Nichts geändert.',
  settingsSaved: 'Gespeichert: {fields}.',
  field_url: 'URL',
  field_description: 'Beschreibung',
  field_eventTypes: 'Ereignisse',
  field_channels: 'Kanäle',
  field_throttleRate: 'Ratenlimit',
  field_disabled: 'aktiviert',
  credentialsNeeded: 'Die neue URL liegt auf einer anderen Website: Geben Sie die Zugangsdaten dafür ein.',
  credentialsAgain: 'Zugangsdaten für die neue URL',
  credentialsAgainHelp:
    'Die für diese Verbindung gespeicherten {name}-Zugangsdaten werden nur dorthin gesendet, wofür sie angegeben wurden. Geben Sie sie für die neue Adresse ein; bis dahin wird nichts dorthin gesendet.',
  connectAgain: 'Mit der neuen URL verbinden',
  reconnected: 'Neu verbunden: Zustellungen gehen mit diesen Zugangsdaten an die neue URL.',
  reconnectOAuth:
    'Diese {name}-Verbindung kann nicht an eine andere Adresse umziehen. Verbinden Sie stattdessen neu über den Katalog.',
  fixedService:
    '{name}-Verbindungen liefern nur an {name}: Diese Adresse ist nicht möglich. Behalten Sie die URL, oder verbinden Sie einen anderen Dienst.',
  headers: 'Eigene Header',
  headersHelp:
    'Werden mit jeder Zustellung gesendet. Werte, die wie Geheimnisse aussehen, werden nie wieder angezeigt: Geben Sie einen neuen Wert ein, um einen zu ersetzen.',
  none: 'Keine.',
  setHidden: 'Gesetzt (verborgen)',
  setHiddenReplace: 'Neuer Wert, oder leer lassen zum Behalten',
  removeNamed: '{name} entfernen',
  newName: 'Neuer Name',
  newValue: 'Wert',
  saveHeaders: 'Header speichern',
  headersSaved: 'Header gespeichert: {n} geschrieben, {removed} entfernt.',
  variables: 'Variablen der Transformation',
  variablesHelp: 'Von der Transformation als webhook.env gelesen.',
  editCode: 'Code der Transformation bearbeiten',
  saveVariables: 'Variablen speichern',
  variablesSaved: 'Variablen gespeichert: {n}.',
  secretHelp: 'Damit prüfen Sie, dass Zustellungen von uns kommen (Standard-Webhooks-Signatur).',
  secretShown: 'Das Signaturgeheimnis wird angezeigt.',
  copy: 'Kopieren',
  hide: 'Verbergen',
  copied: 'In die Zwischenablage kopiert.',
  copyByHand: 'Kopieren ist hier nicht erlaubt: Das Geheimnis ist markiert, kopieren Sie es von Hand.',
  rotateConfirm:
    'Signaturgeheimnis erneuern? Das bisherige signiert noch 24 Stunden neben dem neuen, damit Empfänger umstellen können.',
  rotatedOld: 'Geheimnis erneuert. Das alte bleibt 24 Stunden gültig.',
  stats: 'Zustellungen',
  last24h: 'Letzte 24 Stunden',
  last7d: 'Letzte 7 Tage',
  statsSummary: '{success} zugestellt, {fail} fehlgeschlagen, {pending} ausstehend',
  delivered: 'Zugestellt',
  failed: 'Fehlgeschlagen',
  pendingLabel: 'Ausstehend',
  asTable: 'Als Tabelle anzeigen',
  period: 'Zeitraum',
  refresh: 'Aktualisieren',
  eventTypesTitle: 'Ereignistypen',
  eventTypesHelp: 'Was an Ihre Verbindungen gesendet werden kann: jedes Ereignis, was es bedeutet und was es enthält.',
  searchEvents: 'Ereignistypen durchsuchen',
  eventsShown: '{n} Ereignistypen angezeigt',
  noMatch: 'Kein Ereignistyp passt.',
  noSuchEvent: 'Diesen Ereignistyp gibt es nicht.',
  deprecated: 'Veraltet',
  group: 'Gruppe: {name}',
  schema: 'Inhalt',
  noSchema: 'Für diesen Ereignistyp ist kein Schema angegeben.',
  required: 'Pflicht',
  optional: 'optional',
  oneOf: 'Einer von',
  examples: 'Beispiel',
  exampleN: 'Beispiel {n}',
  noExamples: 'Kein Beispiel angegeben.',
};

const fr: Texts = {
  settingsOf: 'Réglages : {name}',
  general: 'Connexion',
  url: 'URL du point de terminaison',
  urlHelp: 'Une adresse sur un autre site redemande les identifiants.',
  channels: 'Canaux',
  channelsHelp: 'Seuls les messages envoyés à l’un de ces canaux, séparés par des virgules. Vide : tous les messages.',
  rate: 'Limite de débit',
  rateHelp: 'Livraisons par seconde au plus. Vide : aucune limite.',
  perSecond: '{n} par seconde',
  noLimit: 'Aucune limite',
  enabled: 'Activée',
  yes: 'Oui',
  no: 'Non',
  saveSettings: 'Enregistrer les réglages',
  nothingChanged: 'Rien n’a changé.',
  settingsSaved: 'Enregistré : {fields}.',
  field_url: 'URL',
  field_description: 'description',
  field_eventTypes: 'événements',
  field_channels: 'canaux',
  field_throttleRate: 'limite de débit',
  field_disabled: 'activation',
  credentialsNeeded: 'La nouvelle URL est sur un autre site : saisissez les identifiants pour elle.',
  credentialsAgain: 'Identifiants pour la nouvelle URL',
  credentialsAgainHelp:
    'Les identifiants {name} enregistrés pour cette connexion ne sont envoyés que là où ils ont été donnés. Saisissez-les pour la nouvelle adresse ; rien n’y est envoyé avant.',
  connectAgain: 'Se connecter à la nouvelle URL',
  reconnected: 'Reconnectée : les livraisons vont à la nouvelle URL avec ces identifiants.',
  reconnectOAuth: 'Cette connexion {name} ne peut pas changer d’adresse. Reconnectez-vous plutôt depuis le catalogue.',
  fixedService:
    'Les connexions {name} ne livrent qu’à {name} : cette adresse n’est pas possible. Gardez l’URL, ou connectez un autre service.',
  headers: 'En-têtes personnalisés',
  headersHelp:
    'Envoyés avec chaque livraison. Les valeurs qui ressemblent à des secrets ne sont plus jamais affichées : saisissez une nouvelle valeur pour en remplacer une.',
  none: 'Aucun.',
  setHidden: 'Défini (masqué)',
  setHiddenReplace: 'Nouvelle valeur, ou vide pour garder',
  removeNamed: 'Supprimer {name}',
  newName: 'Nouveau nom',
  newValue: 'Valeur',
  saveHeaders: 'Enregistrer les en-têtes',
  headersSaved: 'En-têtes enregistrés : {n} écrits, {removed} supprimés.',
  variables: 'Variables de la transformation',
  variablesHelp: 'Lues par la transformation dans webhook.env.',
  editCode: 'Modifier le code de la transformation',
  saveVariables: 'Enregistrer les variables',
  variablesSaved: 'Variables enregistrées : {n}.',
  secretHelp: 'Il permet de vérifier que les livraisons viennent de nous (signature Standard Webhooks).',
  secretShown: 'Le secret de signature est affiché.',
  copy: 'Copier',
  hide: 'Masquer',
  copied: 'Copié dans le presse-papiers.',
  copyByHand: 'La copie n’est pas permise ici : le secret est sélectionné, copiez-le à la main.',
  rotateConfirm:
    'Renouveler le secret de signature ? L’actuel continue de signer 24 heures avec le nouveau, le temps que les destinataires changent.',
  rotatedOld: 'Secret renouvelé. L’ancien reste valable 24 heures.',
  stats: 'Livraisons',
  last24h: 'Dernières 24 heures',
  last7d: '7 derniers jours',
  statsSummary: '{success} livrés, {fail} en échec, {pending} en attente',
  delivered: 'Livrés',
  failed: 'En échec',
  pendingLabel: 'En attente',
  asTable: 'Afficher en tableau',
  period: 'Période',
  refresh: 'Actualiser',
  eventTypesTitle: 'Types d’événements',
  eventTypesHelp:
    'Ce qui peut être envoyé à vos connexions : chaque événement, ce qu’il signifie et ce qu’il contient.',
  searchEvents: 'Rechercher un type d’événement',
  eventsShown: '{n} types d’événements affichés',
  noMatch: 'Aucun type d’événement ne correspond.',
  noSuchEvent: 'Ce type d’événement n’existe pas.',
  deprecated: 'Obsolète',
  group: 'Groupe : {name}',
  schema: 'Contenu',
  noSchema: 'Aucun schéma n’est donné pour ce type d’événement.',
  required: 'obligatoire',
  optional: 'facultatif',
  oneOf: 'L’un de',
  examples: 'Exemple',
  exampleN: 'Exemple {n}',
  noExamples: 'Aucun exemple n’est donné.',
};

/** By language (exported for the test that checks every text's placeholders in each). */
export const catalogs: Record<string, Texts> = { en, de, fr };

export type Say = (key: TextKey, params?: Record<string, string | number>) => string;

/** The texts of `lang` (English for one there are none of), with `{name}` parameters, numbers in its format. */
export function texts(lang: string): Say {
  const messages = catalogs[lang] ?? en;
  const numbers = new Intl.NumberFormat(catalogs[lang] ? lang : 'en');
  return (key, params = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params[name];
      return typeof value === 'number' ? numbers.format(value) : String(value ?? '');
    });
}

/** The settings view's own rules, over the picker's (its --_* properties, its .field, .row, .panel…). */
export const settingsStyles = `
.settings-form, section { margin-bottom: calc(var(--_gap) * 1.5); }
.check { display: flex; gap: 8px; align-items: center; margin: 4px 0; }
.check input { margin: 0; }
.pairs { display: grid; gap: 8px; margin-bottom: var(--_gap); }
.pair { display: grid; grid-template-columns: minmax(0, 9rem) minmax(0, 1fr); gap: 4px 10px; align-items: center; }
.pair > small, .pair > .check { grid-column: 2; }
.pair label { overflow-wrap: anywhere; }
.add { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0 10px; }
.settings-facts { font-size: 0.95rem; }
.charts { display: grid; gap: var(--_gap); grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); }
.stats { margin: 0; padding: var(--_gap); border: 1px solid var(--_border); border-radius: var(--_radius); min-width: 0; }
.stats figcaption { margin-bottom: 8px; }
.stats figcaption span { display: block; font-size: 0.85rem; }
.bars { display: flex; align-items: flex-end; gap: 2px; height: 6rem; border-bottom: 1px solid var(--_border); }
.bar { flex: 1; height: 100%; display: flex; align-items: flex-end; min-width: 0; }
.stack { width: 100%; height: 100%; display: flex; flex-direction: column; justify-content: flex-end; }
.seg { display: block; width: 100%; }
.seg.success { background: var(--_ok); }
.seg.fail { background: var(--_danger); }
.seg.pending { background: var(--_muted); }
.bars-axis { display: flex; justify-content: space-between; font-size: 0.75rem; color: var(--_muted); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 0.8rem; margin: 6px 0; }
.legend span { display: inline-flex; align-items: center; gap: 4px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; }
.url-input { resize: vertical; field-sizing: content; min-height: 3.2em; font-family: var(--cp-font-mono, ui-monospace, monospace); font-size: 0.85rem; overflow-wrap: anywhere; }
.counts { border-collapse: collapse; font-size: 0.85rem; width: 100%; table-layout: fixed; }
.counts th, .counts td { text-align: start; padding: 2px 4px; border-bottom: 1px solid var(--_border); overflow-wrap: anywhere; }
@media (forced-colors: active) { .seg, .legend i { forced-color-adjust: none; } }
`;

/** The event catalog's own rules. */
export const catalogStyles = `
.event-types { display: grid; gap: 0; }
.event-type { padding: 8px 0; border-bottom: 1px solid var(--_border); }
.event-type p { margin: 2px 0 0; }
.tree { list-style: none; margin: 0; padding-inline-start: 0; }
.tree .tree { padding-inline-start: 1rem; border-inline-start: 2px solid var(--_border); margin: 4px 0 4px 4px; }
.tree li { padding: 4px 0; }
.prop { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; }
.prop-name { font-weight: 600; overflow-wrap: anywhere; }
.prop-type { font-family: var(--cp-font-mono, ui-monospace, monospace); font-size: 0.85rem; color: var(--_muted); }
.prop-desc { margin: 2px 0 0; font-size: 0.9rem; }
.badge.required { color: var(--_fg); }
.prop .muted { font-size: 0.8rem; }
`;
