import { writeFileSync } from 'node:fs';

/**
 * A @web/test-runner reporter that writes `{"passed":N,"failed":N,"skipped":N}` to `file`,
 * so scripts/test.ts can add up every runner. A test file that fails to load counts as a failure.
 */
export function countReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const total = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) total.skipped++;
          else if (test.passed) total.passed++;
          else total.failed++;
        }
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        if (session.errors.length > 0 && !session.testResults?.tests.length && !session.testResults?.suites.length) {
          total.failed++;
        }
      }
      if (file) writeFileSync(file, JSON.stringify(total));
    },
  };
}
