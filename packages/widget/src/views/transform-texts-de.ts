import type { en } from './transform-texts-en.ts';

/** The texts of step 3's dry run and versions panels and the review's warning in German: a catalog of their own, loaded when first needed. */
export const de: typeof en = {
  versions: 'Versionen',
  versionsHelp:
    'Jeder gespeicherte Code bleibt erhalten (die letzten 50). Vergleichen Sie zwei oder stellen Sie einen wieder her.',
  versionsNone: 'Noch keine gespeicherten Versionen.',
  versionCurrent: 'Aktuell',
  versionByVendor: 'von Ihrem Anbieter gespeichert',
  versionByPortal: 'im Portal gespeichert',
  versionBySession: 'in Sitzung {id} gespeichert',
  compare: 'Vergleichen',
  compareWith: 'mit',
  noDifference: 'Die beiden Versionen sind gleich.',
  restore: 'Wiederherstellen',
  restoreVersion: 'Version vom {date} wiederherstellen',
  restoreConfirm: 'Version vom {date} wiederherstellen? Sie wird sofort gespeichert und ab jetzt verwendet.',
  restored: 'Die Version vom {date} ist wiederhergestellt und gespeichert.',
  dryRun: 'Probelauf',
  dryRunHelp:
    'Führt Ihren Code und den gespeicherten auf den letzten Nachrichten dieser Verbindung und den Beispielen ihrer Ereignisse aus. Es wird nichts gesendet.',
  dryRunStart: 'Auf letzten Ereignissen ausführen',
  dryRunNone: 'Es gibt keine letzten Nachrichten oder Beispiele zum Ausführen.',
  dryRunSummary:
    '{n, plural, one {# Ereignis ausgeführt} other {# Ereignisse ausgeführt}}; mit Ihrem Code {failing, plural, one {scheitert #} other {scheitern #}}.',
  dryRunStale: 'Sie haben den Code seitdem geändert: Führen Sie ihn erneut aus, um zu sehen, was er jetzt tut.',
  dryRunNewCode: 'Ihr Code',
  dryRunCurrentCode: 'Gespeicherter Code',
  dryRunExample: 'Beispiel',
  dryOk: 'ok',
  dryCanceled: 'nicht gesendet (cancel)',
  dryError: 'Fehler',
  dryErrorAt: 'Fehler in Zeile {line}',
  dryFiltered: 'herausgefiltert',
  drySkipped: 'nicht ausgeführt',
  saveBreaks:
    '{n, plural, one {Ihr Code scheitert an # letzten Ereignis, bei dem der gespeicherte Code funktionierte.} other {Ihr Code scheitert an # letzten Ereignissen, bei denen der gespeicherte Code funktionierte.}} Sie können trotzdem speichern.',
};
