import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CATALOG } from '../src/catalog/catalog.ts';
import { negotiateLocale, TEXTS_TO_TRANSLATE, TRANSLATIONS } from '../src/catalog/locales.ts';
import { startApi } from './helpers.ts';

const HANDLER = 'function handler(webhook) { return webhook; }';

interface CatalogField {
  name: string;
  label: string;
  help?: string;
  options?: { value: string; label: string }[];
}
interface CatalogConnector {
  name: string;
  kind: string;
  kindName: string;
  description: string;
  instructions: string;
  instructionsHtml: string;
  connect: { instructions?: string[]; fields: CatalogField[] };
}

describe('the kinds’ texts in every locale', () => {
  it('has a German and a French text for every label, help, option and instruction of every kind', () => {
    for (const [locale, table] of Object.entries(TRANSLATIONS)) {
      const missing = TEXTS_TO_TRANSLATE.filter((text) => !table[text]?.trim());
      assert.deepEqual(missing, [], `${locale} lacks these`);
      const stale = Object.keys(table).filter((text) => !TEXTS_TO_TRANSLATE.includes(text));
      assert.deepEqual(stale, [], `${locale} translates texts no kind has any more`);
    }
  });

  it('negotiates the locale from a tag or an Accept-Language list, English by default', () => {
    assert.equal(negotiateLocale('fr'), 'fr');
    assert.equal(negotiateLocale('de-CH'), 'de');
    assert.equal(negotiateLocale('es-ES,es;q=0.9,fr;q=0.8,en;q=0.5'), 'fr');
    assert.equal(negotiateLocale('en;q=0.4, de;q=0.9'), 'de');
    assert.equal(negotiateLocale('fr;q=0, de'), 'de');
    assert.equal(negotiateLocale('ja'), 'en');
    assert.equal(negotiateLocale(undefined), 'en');
    assert.equal(negotiateLocale(''), 'en');
  });
});

describe('the portal catalog in the widget’s locale', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let token: string;
  before(async () => {
    api = await startApi();
    await api.svix.application.create({ name: 'Globex', uid: 'globex' });
    for (const kind of CATALOG) {
      const res = await api.fetch('/api/v1/connector', {
        method: 'POST',
        body: JSON.stringify({
          name: kind.name,
          kind: kind.kind,
          transformation: HANDLER,
          ...(kind.kind === 'Custom'
            ? {
                description: 'Our own webhooks',
                instructions: 'Paste **your** URL.',
                authenticationMethod: 'HttpBasic',
                translations: {
                  fr: {
                    name: 'Webhook personnalisé',
                    description: 'Nos webhooks',
                    instructions: 'Collez **votre** URL.',
                  },
                  de: { name: 'Eigener Webhook' },
                },
              }
            : {}),
        }),
      });
      assert.equal(res.status, 201, await res.text());
    }
    token = (await api.svix.authentication.appPortalAccess('globex', {})).token;
  });
  after(() => api.close());

  async function catalog(query: string, headers: Record<string, string> = {}) {
    const res = await api.fetch(`/portal/v1/connectors${query}`, { token, headers });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { data: CatalogConnector[] };
    const byKind = (kind: string) => body.data.find((c) => c.kind === kind) as CatalogConnector;
    return { res, byKind, all: body.data };
  }

  it('answers in French for ?locale=fr: kinds’ field labels, help, options and instructions, and the vendor’s texts', async () => {
    const { res, byKind } = await catalog('?locale=fr');
    assert.equal(res.headers.get('content-language'), 'fr');
    const teams = byKind('Teams');
    assert.equal(teams.connect.fields[0]?.label, 'URL du workflow');
    assert.match(teams.connect.fields[0]?.help ?? '', /^L’URL HTTP POST d’un workflow/);
    assert.equal(
      teams.connect.instructions?.[0],
      'Dans Teams, ouvrez le canal, choisissez ⋯ (Plus d’options), puis Workflows.',
    );
    const segment = byKind('Segment');
    assert.deepEqual(
      segment.connect.fields.find((f) => f.name === 'region')?.options?.map((o) => o.label),
      ['États-Unis (Oregon)', 'Union européenne (Dublin)'],
    );
    assert.equal(byKind('Resend').connect.fields[0]?.label, 'Clé d’API');
    const custom = byKind('Custom');
    assert.equal(custom.kindName, 'Webhook personnalisé');
    assert.equal(custom.name, 'Webhook personnalisé');
    assert.equal(custom.description, 'Nos webhooks');
    assert.equal(custom.instructions, 'Collez **votre** URL.');
    assert.match(custom.instructionsHtml, /Collez <strong>votre<\/strong> URL\./);
    assert.deepEqual(
      custom.connect.fields.map((f) => f.label),
      ['URL de destination', 'Nom d’utilisateur', 'Mot de passe'],
    );
    assert.equal(byKind('Slack').name, 'Slack', 'a brand name stays');
  });

  it('takes what the vendor did not translate from its own texts, and German from Accept-Language', async () => {
    const { res, byKind } = await catalog('', { 'accept-language': 'de-DE,de;q=0.9,en;q=0.8' });
    assert.equal(res.headers.get('content-language'), 'de');
    assert.match(res.headers.get('vary') ?? '', /accept-language/i);
    const custom = byKind('Custom');
    assert.equal(custom.name, 'Eigener Webhook');
    assert.equal(custom.description, 'Our own webhooks', 'no German description: the vendor’s own');
    assert.equal(byKind('Zapier').connect.fields[0]?.label, 'Webhook-URL');
  });

  it('answers in English without a locale, or for one Patchbay does not speak', async () => {
    for (const query of ['', '?locale=ja']) {
      const { byKind } = await catalog(query);
      assert.equal(byKind('Custom').name, 'Custom webhook');
      assert.equal(byKind('Custom').kindName, 'Custom webhook');
      assert.equal(byKind('Teams').connect.fields[0]?.label, 'Workflow URL');
    }
  });
});

describe('vendor translations on the connector resource', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  const create = (body: Record<string, unknown>) =>
    api.fetch('/api/v1/connector', {
      method: 'POST',
      body: JSON.stringify({ name: 'Acme CRM', kind: 'Custom', transformation: HANDLER, ...body }),
    });

  it('stores and returns them; PATCH replaces them, PUT without them removes them', async () => {
    const translations = { fr: { name: 'CRM d’Acme', instructions: 'Collez l’URL.' }, de: { description: 'Ein CRM' } };
    const created = await create({ uid: 'acme-crm', translations });
    assert.equal(created.status, 201);
    assert.deepEqual((await created.json()).translations, translations);
    assert.deepEqual((await api.svix.connector.get('acme-crm')).name, 'Acme CRM', 'the SDK reads it as ever');
    const got = await (await api.fetch('/api/v1/connector/acme-crm')).json();
    assert.deepEqual(got.translations, translations);

    const patched = await api.fetch('/api/v1/connector/acme-crm', {
      method: 'PATCH',
      body: JSON.stringify({ translations: { fr: { name: 'CRM Acme' } } }),
    });
    assert.deepEqual((await patched.json()).translations, { fr: { name: 'CRM Acme' } });
    const replaced = await api.fetch('/api/v1/connector/acme-crm', {
      method: 'PUT',
      body: JSON.stringify({ name: 'Acme CRM', kind: 'Custom', transformation: HANDLER }),
    });
    assert.equal((await replaced.json()).translations, null);
  });

  it('refuses an unknown locale, an unknown text and an empty name with 422 at the field', async () => {
    // An unknown locale is named in the message of the problem at `translations`.
    const cases: [unknown, (string | number)[]][] = [
      [{ es: { name: 'CRM de Acme' } }, ['body', 'translations']],
      [{ fr: { title: 'CRM' } }, ['body', 'translations', 'fr']],
      [{ fr: { name: '' } }, ['body', 'translations', 'fr', 'name']],
      [{ fr: 'CRM' }, ['body', 'translations', 'fr']],
    ];
    for (const [translations, loc] of cases) {
      const res = await create({ translations });
      assert.equal(res.status, 422, JSON.stringify(translations));
      const body = (await res.json()) as { code: string; detail: { loc: (string | number)[] }[] };
      assert.equal(body.code, 'validation_error');
      assert.ok(
        body.detail.some((d) => JSON.stringify(d.loc) === JSON.stringify(loc)),
        `${JSON.stringify(translations)}: ${JSON.stringify(body.detail)}`,
      );
    }
  });
});
