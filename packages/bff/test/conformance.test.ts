// Svix conformance: every public Svix operation outside Stream, Ingest and the message poller is
// called through Patchbay's API by a case of test/conformance/ (or named there as not applicable),
// and its 2xx answer is checked against the status and response schema of Svix's OpenAPI document.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ConformanceApi } from './conformance/case.ts';
import {
  API_DOC_FILE,
  caseModules,
  generatedTable,
  type ListedOperation,
  listedOperations,
  type SvixDocument,
  svixDocument,
  withTable,
} from './conformance-table.ts';
import { startApi } from './helpers.ts';
import { openFreshPostgresStore, postgresSuite } from './postgres.ts';

const doc = svixDocument();
const operations = new Map(listedOperations(doc).map((op) => [op.operationId, op]));
const modules = await caseModules();
const cases = modules.flatMap((mod) => mod.cases.map((c) => ({ ...c, file: mod.file })));
const notApplicable = modules.flatMap((mod) => mod.notApplicable);

// The document is added whole, so `#/components/schemas/…` refs resolve inside it; Svix's
// integer formats (int64, uint16, …) and `color` are sizes and hints, not checked here.
const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
addFormats.default(ajv, ['date-time', 'uri']);
for (const format of ['int', 'int16', 'int32', 'int64', 'uint', 'uint16', 'uint32', 'uint64', 'double', 'color']) {
  ajv.addFormat(format, true);
}
ajv.addSchema(nullableRefs(doc) as object, 'svix');

/**
 * Svix writes OpenAPI 3.0's `nullable: true` beside a `$ref` too (`{$ref, nullable}`), which
 * Ajv's `nullable` refuses without a `type`: such a schema becomes "that, or null", its meaning.
 */
function nullableRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableRefs);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const walked = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, nullableRefs(value)]));
  if (nullable !== true || 'type' in rest) return nullable === undefined ? walked : { ...walked, nullable };
  return { anyOf: [walked, { type: 'null' }] };
}

const pointer = (...segments: string[]) =>
  segments.map((s) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');

/** The validator of an operation's answer for `status`, or undefined when Svix documents no body for it. */
function responseValidator(op: ListedOperation, status: number): ValidateFunction | undefined {
  const json = op.operation.responses[String(status)]?.content?.['application/json'];
  if (!json?.schema) return undefined;
  const ref = `svix#/${pointer('paths', op.path, op.method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema')}`;
  return ajv.compile({ $ref: ref });
}

describe('Svix conformance: the list', () => {
  it('has one case or one not-applicable entry for every operation, and nothing else', () => {
    const covering = [...cases.map((c) => c.operationId), ...notApplicable.map((n) => n.operationId)];
    const twice = covering.filter((id, i) => covering.indexOf(id) !== i);
    assert.deepEqual(twice, [], 'operations covered more than once');
    const unknown = covering.filter((id) => !operations.has(id));
    assert.deepEqual(unknown, [], 'cases or entries naming no listed operation');
    const missing = [...operations.keys()].filter((id) => !covering.includes(id));
    assert.deepEqual(missing, [], 'operations with neither a case nor a not-applicable entry');
  });

  it('refuses what breaks a schema: a missing required field, a wrong format, a null where none may be', () => {
    const op = operations.get('v1.application.get');
    assert.ok(op);
    const validate = responseValidator(op, 200);
    assert.ok(validate);
    const app = {
      id: 'app_1srOrx2ZWZBpBUvZwXKQmoEYga2',
      name: 'A',
      uid: null,
      metadata: {},
      createdAt: '2026-01-15T10:00:00Z',
      updatedAt: '2026-01-15T10:00:00Z',
      extra: 1,
    };
    assert.ok(validate(app), 'additional properties are allowed');
    const { createdAt: _, ...withoutCreatedAt } = app;
    assert.equal(validate(withoutCreatedAt), false);
    assert.equal(validate({ ...app, updatedAt: 'yesterday' }), false);
    assert.equal(validate({ ...app, name: null }), false);
  });

  it("names every operation Patchbay shares with Svix's document (same method and path) as Svix does", async () => {
    const api = await startApi();
    try {
      const ours = (await (await api.fetch('/api/v1/openapi.json')).json()) as SvixDocument;
      const renamed = Object.entries(ours.paths).flatMap(([route, methods]) =>
        Object.entries(methods).flatMap(([method, op]) => {
          const svix = doc.paths[route]?.[method]?.operationId;
          return svix && svix !== op.operationId
            ? [`${method.toUpperCase()} ${route}: ${op.operationId}, Svix ${svix}`]
            : [];
        }),
      );
      assert.deepEqual(renamed, []);
    } finally {
      await api.close();
    }
  });

  it("is docs/api.md's table", async () => {
    const markdown = readFileSync(API_DOC_FILE, 'utf8');
    assert.ok(
      markdown === withTable(markdown, await generatedTable()),
      "docs/api.md's conformance table differs from the operations and cases: run `npm run conformance-table`.",
    );
  });
});

function conformanceSuite(
  storeName: string,
  options: { openStore?: typeof openFreshPostgresStore; skip?: string | false },
) {
  describe(`Svix conformance: the answers (${storeName})`, { skip: options.skip ?? false }, () => {
    let api: ConformanceApi;
    before(async () => {
      // Private networks allowed: the cases deliver to receivers on loopback.
      const delivery = { allowPrivateNetworks: true };
      api = await startApi({ delivery, ...(options.openStore ? { openStore: options.openStore } : {}) });
    });
    after(() => api.close());

    for (const c of cases) {
      it(`${c.operationId} (${c.file})`, async () => {
        const op = operations.get(c.operationId);
        assert.ok(op, `${c.operationId} is not a listed operation`);
        const { status, body } = await c.run(api);
        assert.ok(
          op.successStatuses.includes(status),
          `answered ${status} ${JSON.stringify(body)}; Svix answers ${op.successStatuses.join(' or ')}`,
        );
        const validate = responseValidator(op, status);
        if (!validate) {
          assert.equal(body, undefined, `Svix answers ${status} with no body`);
          return;
        }
        assert.ok(
          validate(body),
          `the answer breaks Svix's schema: ${JSON.stringify(validate.errors, null, 1)}\n${JSON.stringify(body)}`,
        );
      });
    }
  });
}

conformanceSuite('SQLite', {});
conformanceSuite('PostgreSQL', { openStore: () => openFreshPostgresStore(), skip: postgresSuite.skip });
