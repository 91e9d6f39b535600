import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiError, manualClock, startApi } from './helpers.ts';

/** A small real OpenAPI 3.1 document: two webhooks, one body by $ref, Svix's extensions. */
const spec = {
  openapi: '3.1.0',
  info: { title: 'Pets', version: '1.0.0' },
  webhooks: {
    'pet.new': {
      post: {
        description: 'A pet was added',
        'x-svix-group-name': 'pet',
        'x-svix-feature-flags': ['beta'],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
        responses: { '200': { description: 'ok' } },
      },
    },
    'pet.gone': {
      post: {
        summary: 'A pet left',
        deprecated: true,
        requestBody: {
          content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'integer' } } } } },
        },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
  components: {
    schemas: {
      Pet: { type: 'object', properties: { id: { type: 'integer' }, tag: { $ref: '#/components/schemas/Tag' } } },
      Tag: { type: 'string' },
    },
  },
};

const petSchema = { type: 'object', properties: { id: { type: 'integer' }, tag: { type: 'string' } } };

describe('event types from an OpenAPI document through the svix SDK', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  before(async () => {
    api = await startApi({ clock: manualClock() });
    await api.svix.eventType.create({ name: 'old.one', description: 'not in the spec' });
  });
  after(() => api.close());

  it('a dry run lists what would change and writes nothing', async () => {
    const out = await api.svix.eventType.importOpenapi({ spec, dryRun: true, replaceAll: true });
    assert.deepEqual(out.data.modified, ['pet.new', 'pet.gone', 'old.one']);
    assert.deepEqual(
      out.data.toModify?.map((e) => e.name),
      ['pet.new', 'pet.gone'],
    );
    assert.deepEqual(out.data.toModify?.[0]?.schemas, { '1': petSchema });
    const list = await api.svix.eventType.list({ includeArchived: true });
    assert.deepEqual(
      list.data.map((e) => [e.name, e.archived]),
      [['old.one', false]],
    );
  });

  it('imports each webhook as an event type, $refs inlined, and is idempotent', async () => {
    const out = await api.svix.eventType.importOpenapi({ spec });
    assert.deepEqual(out.data.modified, ['pet.new', 'pet.gone']);
    const made = await api.svix.eventType.get('pet.new');
    assert.equal(made.description, 'A pet was added');
    assert.equal(made.groupName, 'pet');
    assert.deepEqual(made.featureFlags, ['beta']);
    assert.deepEqual(made.schemas, { '1': petSchema });
    const gone = await api.svix.eventType.get('pet.gone');
    assert.equal(gone.description, 'A pet left');
    assert.equal(gone.deprecated, true);
    assert.deepEqual((await api.svix.eventType.importOpenapi({ spec })).data.modified, []);
    assert.equal((await api.svix.eventType.get('old.one')).archived, false);
  });

  it('replaceAll archives the event types the spec leaves out; specRaw takes JSON', async () => {
    const out = await api.svix.eventType.importOpenapi({ specRaw: JSON.stringify(spec), replaceAll: true });
    assert.deepEqual(out.data.modified, ['old.one']);
    assert.equal((await api.svix.eventType.get('old.one')).archived, true);
  });

  it('refuses bad input with 4xx and imports nothing', async () => {
    const both = await apiError(api.svix.eventType.importOpenapi({ spec, specRaw: '{}' }));
    assert.equal(both.code, 400);
    assert.equal((await apiError(api.svix.eventType.importOpenapi({}))).code, 400);
    const yaml = await apiError(api.svix.eventType.importOpenapi({ specRaw: 'openapi: 3.1.0\nwebhooks: {}\n' }));
    assert.equal(yaml.code, 422);
    assert.match(JSON.stringify(yaml.body.detail), /YAML/);
    const bad = {
      ...spec,
      webhooks: { ...spec.webhooks, 'ok.first': spec.webhooks['pet.gone'], 'bad name!': spec.webhooks['pet.gone'] },
    };
    const refused = await apiError(api.svix.eventType.importOpenapi({ spec: bad }));
    assert.equal(refused.code, 422);
    assert.deepEqual((refused.body.detail as { loc: unknown[] }[])[0]?.loc, [
      'body',
      'spec',
      'webhooks',
      'bad name!',
      'name',
    ]);
    await assert.rejects(api.svix.eventType.get('ok.first'));
    const cycle = {
      openapi: '3.1.0',
      webhooks: { 'a.b': { post: { requestBody: { $ref: '#/components/requestBodies/X' } } } },
      components: { requestBodies: { X: { $ref: '#/components/requestBodies/X' } } },
    };
    assert.equal((await apiError(api.svix.eventType.importOpenapi({ spec: cycle }))).code, 422);
    const many = {
      openapi: '3.1.0',
      webhooks: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`e.${i}`, {}])),
    };
    assert.equal((await apiError(api.svix.eventType.importOpenapi({ spec: many }))).code, 422);
  });

  it('takes the vendor key only', async () => {
    const res = await api.fetch('/api/v1/event-type/import/openapi', {
      method: 'POST',
      token: 'not-a-key',
      body: JSON.stringify({ spec }),
    });
    assert.equal(res.status, 401);
  });
});
