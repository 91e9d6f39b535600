/** The texts of step 3's dry run and versions panels and the review's warning in English (views/transform-texts.ts): a catalog of their own, in the wizard's chunk. */
export const en = {
  versions: 'Versions',
  versionsHelp: 'Every saved code is kept (the last 50). Compare any two, or restore one.',
  versionsNone: 'No saved versions yet.',
  versionCurrent: 'Current',
  versionByVendor: 'saved by your provider',
  versionByPortal: 'saved in the portal',
  versionBySession: 'saved in session {id}',
  compare: 'Compare',
  compareWith: 'with',
  noDifference: 'The two versions are the same.',
  restore: 'Restore',
  restoreVersion: 'Restore the version of {date}',
  restoreConfirm: 'Restore the version of {date}? It is saved at once and delivers from now on.',
  restored: 'The version of {date} is restored and saved.',
  dryRun: 'Dry run',
  dryRunHelp:
    'Runs your code and the saved one on this connection’s latest messages and on the examples of its events. Nothing is sent.',
  dryRunStart: 'Run on recent events',
  dryRunNone: 'There are no recent messages or examples to run on.',
  dryRunSummary:
    '{n, plural, one {# event run} other {# events run}}; {failing, plural, one {# fails} other {# fail}} with your code.',
  dryRunStale: 'You changed the code since: run again to see what it does now.',
  dryRunNewCode: 'Your code',
  dryRunCurrentCode: 'Saved code',
  dryRunExample: 'example',
  dryOk: 'ok',
  dryCanceled: 'not sent (cancel)',
  dryError: 'error',
  dryErrorAt: 'error at line {line}',
  dryFiltered: 'filtered out',
  drySkipped: 'not run',
  saveBreaks:
    '{n, plural, one {Your code fails on # recent event where the saved code succeeded.} other {Your code fails on # recent events where the saved code succeeded.}} You can still save.',
};

export type TransformKey = keyof typeof en;
