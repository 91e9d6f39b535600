import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { portalPage } from '../src/api/portal-page/page.ts';
import { ConfigError, loadConfig, type PortalConfig } from '../src/config.ts';
import { capturedLogger, manualClock, PUBLIC_URL, startApi } from './helpers.ts';

/** The page the url of app-portal-access opens, as a browser asks for it: without the fragment, which never leaves it. */
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

/** The one element of `html` with this tag, or a failure naming it. */
const element = (html: string, tag: string) => {
  const found = new RegExp(`<${tag}\\b[^>]*>`).exec(html)?.[0];
  assert.ok(found, `the page has a <${tag}>`);
  return found;
};
const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** Where the page finds "the widget": any directory will do to render it (the end-to-end tests load the real one). */
const WIDGET = () => import.meta.dirname;

describe('the App Portal page (GET /portal)', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, { headers });

  before(async () => {
    api = await startApi({ portal: { frameAncestors: ['*'], look: {}, scriptUrl: null, findWidget: WIDGET } });
    await api.svix.application.create({ name: 'Globex', uid: 'globex' });
  });
  after(() => api.close());

  it("is where app-portal-access's url leads: the picker full page, framable by any origin, uncached, with a strict CSP", async () => {
    const { url, token } = await api.svix.authentication.appPortalAccess('globex', {});
    assert.ok(url.startsWith(`${PUBLIC_URL}/portal#key=`), url);
    const res = await get(pathOf(url));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /(^|; )frame-ancestors \*($|;)/);
    assert.match(csp, /(^|; )script-src 'self'($|;)/);
    assert.match(csp, /(^|; )default-src 'none'($|;)/);
    assert.match(csp, /(^|; )base-uri 'none'($|;)/);
    assert.equal(res.headers.get('x-frame-options'), null, 'no X-Frame-Options: it would forbid the frame');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const html = await res.text();
    assert.ok(!html.includes(token), 'the token is never in the page: only in the fragment');
    const picker = element(html, 'connector-picker');
    assert.equal(attribute(picker, 'api-base'), '');
    assert.equal(attribute(picker, 'theme'), 'auto');
    assert.equal(attribute(picker, 'page'), '');
    // The one inline block is the nonce'd style; scripts are files of this origin.
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.equal(attribute(element(html, 'style'), 'nonce'), nonce);
    // Both deferred, so in this order: the page's own (small, cached) takes the token out of the
    // address bar before the widget has downloaded.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => attribute(m[0], 'src'));
    assert.deepEqual(scripts, ['/portal/portal.js', '/portal/connector-picker.js']);
  });

  it("serves its own script and the widget's files, nothing else under the name", async () => {
    const own = await get('/portal/portal.js');
    assert.equal(own.status, 200);
    assert.match(own.headers.get('content-type') ?? '', /javascript/);
    assert.match(await own.text(), /history\.replaceState/);
    assert.equal((await get('/portal/connector-picker..%2F..%2Fpackage.json')).status, 404);
    assert.equal((await get('/portal/other.js')).status, 404);
  });

  it("reads Svix's theme, deep link and locale from the query, and the language from Accept-Language", async () => {
    const dark = await (await get('/portal?darkMode=true&next=/endpoints/ep_2abc&locale=de-CH')).text();
    assert.equal(attribute(element(dark, 'html'), 'data-theme'), 'dark');
    assert.equal(attribute(element(dark, 'html'), 'lang'), 'de');
    const picker = element(dark, 'connector-picker');
    assert.equal(attribute(picker, 'theme'), 'dark');
    assert.equal(attribute(picker, 'locale'), 'de');
    assert.equal(attribute(picker, 'page'), 'endpoints/ep_2abc');
    assert.match(dark, /Ihre Sitzung ist beendet/);

    const light = await (
      await get('/portal?theme=light&darkMode=true', { 'accept-language': 'fr-FR,fr;q=0.9' })
    ).text();
    assert.equal(attribute(element(light, 'connector-picker'), 'theme'), 'light', '?theme= wins over darkMode');
    assert.equal(attribute(element(light, 'html'), 'lang'), 'fr');
    assert.match(light, /Votre session est terminée/);
    const other = await (await get('/portal?theme=sepia&locale=xx', { 'accept-language': 'ja' })).text();
    assert.equal(attribute(element(other, 'connector-picker'), 'theme'), 'auto');
    assert.equal(attribute(element(other, 'html'), 'lang'), 'en');
  });

  it('writes every value it takes escaped, and ignores what is not a colour, a font name, an https logo or a path', async () => {
    const access = await api.fetch('/api/v1/auth/app-portal-access/globex', {
      method: 'POST',
      body: JSON.stringify({ portal: { vendorName: '<script>alert(1)</script> & "Co"' } }),
    });
    const query = new URL((await access.json()).url).searchParams;
    for (const [name, value] of Object.entries({
      icon: 'javascript:alert(1)',
      primaryColorLight: 'red;}body{display:none',
      fontFamily: 'x"; } body { display: none',
      next: '/endpoints/x"><script>alert(2)</script>',
    }))
      query.set(name, value);
    const html = await (await get(`/portal?${query}`)).text();
    assert.ok(!html.includes('<script>alert'), 'no markup from the query');
    assert.match(html, /<title>&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;Co&quot; · Webhooks<\/title>/);
    assert.match(html, /Ask &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;Co&quot; for a new one\./);
    assert.ok(!html.includes('javascript:'));
    assert.ok(!html.includes('display:none') && !html.includes('display: none'));
    assert.equal(attribute(element(html, 'connector-picker'), 'page'), '');

    const branded = await (
      await get('/portal?icon=https%3A%2F%2Fcdn.example.com%2Flogo.svg&primaryColor=%23AA3300&fontFamily=Roboto')
    ).text();
    assert.equal(attribute(element(branded, 'img'), 'src'), 'https://cdn.example.com/logo.svg');
    assert.match(branded, /--cp-color-accent: #aa3300;/);
    assert.match(branded, /--cp-font-family: "Roboto", system-ui, sans-serif;/);
    assert.match(branded, /<h1><span class="what">Webhooks<\/span><\/h1>/);
    const http = await (await get('/portal?icon=http%3A%2F%2Fcdn.example.com%2Flogo.svg')).text();
    assert.ok(!http.includes('<img'), 'a logo from a link is https only');
  });

  it('carries the per-session look of app-portal-access (Patchbay extension) in the url, validated', async () => {
    // The SDK sends only Svix's fields: the extension is for a vendor's own call.
    const access = await api.fetch('/api/v1/auth/app-portal-access/globex', {
      method: 'POST',
      body: JSON.stringify({
        portal: {
          vendorName: 'Acme Invoices',
          icon: 'https://acme.example/logo.png',
          primaryColorLight: '#1A7F5A',
          primaryColorDark: '7EE2A0',
          fontFamily: 'Inter',
          theme: 'dark',
          locale: 'fr',
        },
      }),
    });
    assert.equal(access.status, 200);
    const { url } = await access.json();
    const parsed = new URL(url);
    assert.equal(parsed.pathname, '/portal');
    const { vendor, ...clear } = Object.fromEntries(parsed.searchParams);
    assert.ok(vendor && !vendor.includes('Acme'), 'the vendor name and logo are sealed');
    assert.deepEqual(clear, {
      primaryColorLight: '1A7F5A',
      primaryColorDark: '7EE2A0',
      fontFamily: 'Inter',
      theme: 'dark',
      locale: 'fr',
    });
    assert.match(parsed.hash, /^#key=[\w-]+$/);
    const html = await (await get(pathOf(url))).text();
    assert.match(html, /:root \{[^}]*--cp-color-accent: #1a7f5a;/);
    assert.match(html, /:root\[data-theme="dark"\] \{[^}]*--cp-color-accent: #7ee2a0;/);
    assert.match(html, /<html lang="fr" data-theme="dark">/);
    assert.match(html, /Demandez-en un nouveau à Acme Invoices\./);
    assert.equal(attribute(element(html, 'img'), 'src'), 'https://acme.example/logo.png');

    // Nobody else puts a name on the page: not in clear, not sealed by someone else, not altered.
    const [version, kid, nonce, sealed] = (vendor as string).split('.');
    const altered = `${version}.${kid}.${nonce}.${(sealed as string).slice(0, -2)}AA`;
    for (const forged of ['vendorName=Evil+Corp', 'vendor=Evil+Corp', `vendor=${altered}`]) {
      const page = await (await get(`/portal?${forged}`)).text();
      assert.ok(!page.includes('Evil') && !page.includes('Acme'), forged);
      assert.match(page, /<title>Webhooks<\/title>/, forged);
    }

    for (const portal of [
      { primaryColorLight: 'red' },
      { icon: 'http://acme.example/logo.png' },
      { fontFamily: 'Inter"; }' },
      { vendorName: '' },
      { theme: 'sepia' },
    ]) {
      const res = await api.fetch('/api/v1/auth/app-portal-access/globex', {
        method: 'POST',
        body: JSON.stringify({ portal }),
      });
      assert.equal(res.status, 422, JSON.stringify(portal));
      const body = await res.json();
      assert.equal(body.code, 'validation_error');
      assert.equal(body.detail[0].loc[1], 'portal', JSON.stringify(body));
    }
  });

  it("writes a vendor's name as it is, `$&` and `$'` included, and refuses one with control or bidi characters", async () => {
    const access = await api.fetch('/api/v1/auth/app-portal-access/globex', {
      method: 'POST',
      body: JSON.stringify({ portal: { vendorName: "Cash$&Carry $' Co" } }),
    });
    const html = await (await get(pathOf((await access.json()).url))).text();
    assert.match(html, /Ask Cash\$&amp;Carry \$&#39; Co for a new one\./);
    for (const vendorName of ['Acme\u202Eevil', 'Acme\u0007', 'Ac\u200Bme']) {
      const res = await api.fetch('/api/v1/auth/app-portal-access/globex', {
        method: 'POST',
        body: JSON.stringify({ portal: { vendorName } }),
      });
      assert.equal(res.status, 422, JSON.stringify(vendorName));
      assert.deepEqual((await res.json()).detail[0].loc, ['body', 'portal', 'vendorName']);
    }
  });
});

describe("the App Portal page, a session's sealed look", () => {
  const clock = manualClock();
  let api: Awaited<ReturnType<typeof startApi>>;
  const get = (path: string) => fetch(`${api.url}${path}`).then((res) => res.text());

  before(async () => {
    api = await startApi({ clock, portal: { frameAncestors: ['*'], look: {}, scriptUrl: null, findWidget: WIDGET } });
    await api.svix.application.create({ name: 'Globex', uid: 'globex' });
  });
  after(() => api.close());

  it('holds the vendor’s name and logo for the session only, and no other logo goes beside the name', async () => {
    const access = await api.fetch('/api/v1/auth/app-portal-access/globex', {
      method: 'POST',
      body: JSON.stringify({
        expiry: 600,
        portal: { vendorName: 'Acme Invoices', icon: 'https://acme.example/logo.png' },
      }),
    });
    const url = new URL((await access.json()).url);
    assert.deepEqual([...url.searchParams.keys()], ['vendor'], 'the logo is sealed with the name');
    const page = await get(pathOf(url.href));
    assert.match(page, /<span>Acme Invoices<\/span>/);
    assert.equal(attribute(element(page, 'img'), 'src'), 'https://acme.example/logo.png');
    url.searchParams.set('icon', 'https://evil.example/logo.png');
    assert.equal(attribute(element(await get(pathOf(url.href)), 'img'), 'src'), 'https://acme.example/logo.png');

    clock.advance(601_000);
    const later = await get(pathOf(url.href));
    assert.ok(!later.includes('Acme'), 'the name is gone with the session');
    assert.match(later, /<title>Webhooks<\/title>/);
    // Svix's own clear `icon` (svix-react's <AppPortal icon>) still shows, without a name beside it.
    assert.equal(attribute(element(later, 'img'), 'src'), 'https://evil.example/logo.png');
  });
});

describe('the App Portal page, configured', () => {
  const servers: { close(): void }[] = [];
  after(() => {
    for (const server of servers) server.close();
  });

  /** The page's router alone, mounted under /patchbay as a vendor's app mounts Patchbay. */
  async function mounted(portal: PortalConfig, findWidget: () => string | null = WIDGET) {
    const { logger, lines } = capturedLogger();
    const app = express();
    app.use('/patchbay', portalPage({ ...portal, logger, findWidget, openLook: () => undefined }));
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { get: (path: string) => fetch(`${base}${path}`), lines };
  }

  it('lets only the configured origins frame it, and uses the configured look', async () => {
    const config = loadConfig({
      PATCHBAY_PORTAL_FRAME_ANCESTORS: 'https://app.example.com, https://*.example.org',
      PATCHBAY_PORTAL_VENDOR_NAME: 'Acme',
      PATCHBAY_PORTAL_LOGO_URL: 'http://assets.acme.internal/logo.png',
      PATCHBAY_PORTAL_ACCENT_COLOR: '0B7285',
      PATCHBAY_PORTAL_FONT_FAMILY: 'IBM Plex Sans',
    });
    assert.deepEqual(config.portal, {
      frameAncestors: ['https://app.example.com', 'https://*.example.org'],
      look: {
        vendorName: 'Acme',
        logo: 'http://assets.acme.internal/logo.png',
        accentColor: '#0b7285',
        fontFamily: 'IBM Plex Sans',
      },
      scriptUrl: null,
    });
    const { get } = await mounted(config.portal);
    const res = await get('/patchbay/portal');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /(^|; )frame-ancestors https:\/\/app\.example\.com https:\/\/\*\.example\.org($|;)/);
    assert.match(
      csp,
      /(^|; )img-src 'self' data: https: http:\/\/assets\.acme\.internal($|;)/,
      'the configured http logo may load',
    );
    const html = await res.text();
    assert.equal(attribute(element(html, 'connector-picker'), 'api-base'), '/patchbay', 'the BFF where it is mounted');
    assert.match(html, /<script src="\/patchbay\/portal\/connector-picker\.js" defer>/);
    assert.equal(attribute(element(html, 'img'), 'src'), 'http://assets.acme.internal/logo.png');
    assert.match(html, /--cp-color-accent: #0b7285;/);
    assert.match(html, /"IBM Plex Sans", system-ui/);
    // A link's look goes over the configured one; a dark accent not asked for is the light one.
    const linked = await (await get('/patchbay/portal?primaryColorLight=AA3300')).text();
    assert.match(linked, /:root \{[^}]*--cp-color-accent: #aa3300;/);
    assert.match(linked, /:root\[data-theme="dark"\] \{[^}]*--cp-color-accent: #aa3300;/);
    assert.match(linked, /<span>Acme<\/span>/);

    const none = await mounted({
      ...config.portal,
      frameAncestors: loadConfig({ PATCHBAY_PORTAL_FRAME_ANCESTORS: 'none' }).portal.frameAncestors,
    });
    assert.match(
      (await none.get('/patchbay/portal')).headers.get('content-security-policy') ?? '',
      /frame-ancestors 'none'/,
    );
  });

  it('refuses to start on a frame-ancestors list, colour, font or logo it cannot use, naming each', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (err) {
        assert.ok(err instanceof ConfigError);
        return err.problems;
      }
      return assert.fail('the configuration was accepted');
    };
    assert.deepEqual(problems({ PATCHBAY_PORTAL_FRAME_ANCESTORS: 'https://app.example.com/path, app.example.com' }), [
      'PATCHBAY_PORTAL_FRAME_ANCESTORS must be *, none, or origins like https://app.example.com or https://*.example.com; got "https://app.example.com/path"',
      'PATCHBAY_PORTAL_FRAME_ANCESTORS must be *, none, or origins like https://app.example.com or https://*.example.com; got "app.example.com"',
    ]);
    // Blank is the default; separators alone are no source at all.
    assert.deepEqual(loadConfig({ PATCHBAY_PORTAL_FRAME_ANCESTORS: ' ' }).portal.frameAncestors, ['*']);
    assert.deepEqual(problems({ PATCHBAY_PORTAL_FRAME_ANCESTORS: ' , ' }), [
      'PATCHBAY_PORTAL_FRAME_ANCESTORS names no source: leave it unset for *, or write *, none, or origins',
    ]);
    assert.deepEqual(problems({ PATCHBAY_PORTAL_VENDOR_NAME: 'Acme\u202E' }), [
      'PATCHBAY_PORTAL_VENDOR_NAME must be 1 to 64 characters, none of them control or invisible; got "Acme\u202E"',
    ]);
    // What would end the directive and add another.
    assert.equal(
      problems({ PATCHBAY_PORTAL_FRAME_ANCESTORS: "https://a.example;script-src 'unsafe-inline'" }).length,
      2,
    );
    assert.deepEqual(
      problems({
        PATCHBAY_PORTAL_ACCENT_COLOR: 'blue',
        PATCHBAY_PORTAL_ACCENT_COLOR_DARK: '#12345',
        PATCHBAY_PORTAL_FONT_FAMILY: 'Inter"; }',
        PATCHBAY_PORTAL_LOGO_URL: 'logo.png',
        PATCHBAY_PORTAL_SCRIPT_URL: 'ftp://cdn.example.com/connector-picker.js',
      }),
      [
        'PATCHBAY_PORTAL_LOGO_URL must be an absolute http(s) URL; got "logo.png"',
        'PATCHBAY_PORTAL_ACCENT_COLOR must be a colour written RRGGBB; got "blue"',
        'PATCHBAY_PORTAL_ACCENT_COLOR_DARK must be a colour written RRGGBB; got "#12345"',
        'PATCHBAY_PORTAL_FONT_FAMILY must be a font family name (letters, digits, spaces, - and _); got "Inter"; }"',
        'PATCHBAY_PORTAL_SCRIPT_URL must be an absolute http(s) URL; got "ftp://cdn.example.com/connector-picker.js"',
      ],
    );
  });

  it('loads the widget from a configured URL, which its CSP then allows', async () => {
    const { get } = await mounted(
      { frameAncestors: ['*'], look: {}, scriptUrl: 'https://cdn.example.com/patchbay/connector-picker.js' },
      () => null,
    );
    const res = await get('/patchbay/portal');
    assert.equal(res.status, 200);
    assert.match(
      res.headers.get('content-security-policy') ?? '',
      /(^|; )script-src 'self' https:\/\/cdn\.example\.com($|;)/,
    );
    assert.match(await res.text(), /<script src="https:\/\/cdn\.example\.com\/patchbay\/connector-picker\.js" defer>/);
  });

  it('says the portal is unavailable (503), and tells the operator why once, when the widget is not installed', async () => {
    const { get, lines } = await mounted({ frameAncestors: ['*'], look: {}, scriptUrl: null }, () => null);
    const res = await get('/patchbay/portal?locale=de');
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const html = await res.text();
    assert.match(html, /Diese Seite ist nicht verfügbar/);
    assert.ok(!html.includes('<connector-picker'));
    await get('/patchbay/portal');
    const warnings = lines.filter((line) => /PATCHBAY_PORTAL_SCRIPT_URL/.test(String(line.msg)));
    assert.equal(warnings.length, 1);
    assert.match(String(warnings[0]?.msg), /install @patchbay\/widget/);
    assert.equal((await get('/patchbay/portal/connector-picker.js')).status, 404);
  });
});
