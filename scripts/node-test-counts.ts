// A node:test reporter that writes `{"passed":N,"failed":N,"skipped":N}`, so scripts/test.ts can
// add up every runner. Suites are not counted, only tests (a file that fails to load is one),
// except a skipped suite: it counts as one skipped test, so that skipping shows in the total.
interface TestEvent {
  type: string;
  data: { skip?: unknown; todo?: unknown; details?: { type?: string } };
}

export default async function* counts(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.data.details?.type === 'suite') {
      if (event.type === 'test:pass' && event.data.skip) total.skipped++;
      continue;
    }
    if (event.type === 'test:pass') {
      if (event.data.skip || event.data.todo) total.skipped++;
      else total.passed++;
    } else if (event.type === 'test:fail') {
      total.failed++;
    }
  }
  yield JSON.stringify(total);
}
