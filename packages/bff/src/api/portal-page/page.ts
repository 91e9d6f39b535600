import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Request, type Response, Router } from 'express';
import {
  PORTAL_COLOR,
  PORTAL_FONT,
  PORTAL_LOGO,
  PORTAL_VENDOR_NAME,
  type PortalConfig,
  type PortalLook,
  portalColor,
} from '../../config.ts';
import { escapeHtml } from '../../domain/markdown.ts';
import type { Logger } from '../../logger.ts';
import { LOCALES, type Locale, TEXTS } from './texts.ts';

// The App Portal page, `GET /portal`: what app-portal-access's `url` opens, at top level or in a
// frame of the vendor's page (Svix's portal is meant to be framed). The token rides in the URL's
// fragment, which browsers never send: the server renders the same page for everyone, and the
// page's script (portal.js) takes the token out of the address bar. Everything the query says is
// validated here and written escaped; what does not validate is ignored, as Svix's portal does.

const THEMES = ['light', 'dark', 'auto'] as const;
type Theme = (typeof THEMES)[number];

/** Where the installed `@patchbay/widget` keeps its script-tag files, found as Node finds any package; null when absent or not built. */
export function installedWidget(): string | null {
  try {
    const file = fileURLToPath(import.meta.resolve('@patchbay/widget/connector-picker.js'));
    return existsSync(file) ? path.dirname(file) : null;
  } catch {
    return null;
  }
}

/** What app-portal-access seals into a session's link (its `vendor` parameter), each part unchecked until the page reads it. */
export interface SealedLook {
  vendorName?: unknown;
  icon?: unknown;
}

export interface PortalPageOptions extends PortalConfig {
  logger: Logger;
  /** A link's `vendor`, as app-portal-access sealed it; undefined for anything else (not sealed by Patchbay, or the session is over). */
  openLook: (sealed: string) => SealedLook | undefined;
  /** Finds the widget's built files; default: {@link installedWidget}, asked again until it answers. */
  findWidget?: () => string | null;
}

/** One query parameter, when it is one string (repeated or absent: undefined). */
const param = (req: Request, name: string): string | undefined => {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** A query parameter through a schema: its value if it passes, else undefined. */
const valid = <T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, value: unknown) =>
  value === undefined ? undefined : schema.safeParse(value).data;

/** `?theme=` (light|dark|auto), else Svix's `?darkMode=` (true|false|auto); default: the system's. */
function themeOf(req: Request): Theme {
  const theme = param(req, 'theme');
  if ((THEMES as readonly string[]).includes(theme ?? '')) return theme as Theme;
  return (
    ({ true: 'dark', false: 'light', auto: 'auto' } as Record<string, Theme>)[param(req, 'darkMode') ?? ''] ?? 'auto'
  );
}

/** `?locale=` (its language, `de-CH` → `de`), else the browser's Accept-Language, among the picker's. */
function localeOf(req: Request): Locale {
  const asked = param(req, 'locale')?.toLowerCase().split(/[-_]/)[0];
  if ((LOCALES as readonly string[]).includes(asked ?? '')) return asked as Locale;
  return (req.acceptsLanguages(...LOCALES) || 'en') as Locale;
}

/** Svix's deep link, `?next=/endpoints/ep_…`, as the picker's `page` (no leading slash). */
function pageOf(req: Request): string {
  const next = param(req, 'next');
  return next && /^\/?[\w./-]{0,200}$/.test(next) ? next.replace(/^\//, '') : '';
}

/**
 * The configured look, with what the link's query says instead (Svix's names; svix-react's
 * `primaryColor`; the vendor's name only as app-portal-access sealed it, and its sealed logo over
 * a clear `icon`, so that nobody can put another logo beside the vendor's name).
 */
function lookOf(req: Request, configured: PortalLook, openLook: PortalPageOptions['openLook']): PortalLook {
  const color = (name: string) => {
    const value = valid(PORTAL_COLOR, param(req, name));
    return value && portalColor(value);
  };
  const light = color('primaryColorLight') ?? color('primaryColor');
  const dark = color('primaryColorDark') ?? color('primaryColor');
  const look: PortalLook = { ...configured };
  const sealedParam = param(req, 'vendor');
  const sealed = sealedParam === undefined ? undefined : openLook(sealedParam);
  const vendorName = valid(PORTAL_VENDOR_NAME, sealed?.vendorName);
  const logo = valid(PORTAL_LOGO, sealed?.icon) ?? valid(PORTAL_LOGO, param(req, 'icon'));
  const fontFamily = valid(PORTAL_FONT, param(req, 'fontFamily'));
  if (vendorName) look.vendorName = vendorName;
  if (logo) look.logo = logo;
  if (fontFamily) look.fontFamily = fontFamily;
  if (light) {
    look.accentColor = light;
    // A light accent asked for alone is the dark theme's too (the widget lightens its text there).
    if (!dark) delete look.accentColorDark;
  }
  if (dark) look.accentColorDark = dark;
  return look;
}

/** The page's styles: the widget full page, in the vendor's accent and font; the dark palette mirrors the widget's. */
function styles(look: PortalLook): string {
  const accent = look.accentColor ? `--cp-color-accent: ${look.accentColor};` : '';
  const dark = look.accentColorDark ?? look.accentColor;
  const darkAccent = dark ? `--cp-color-accent: ${dark};` : '';
  const font = look.fontFamily ? `"${look.fontFamily}", system-ui, sans-serif` : 'system-ui, sans-serif';
  const darkPage = `--bg: #141923; --fg: #e8ecf3; --muted: #aab4c5; --line: #4a5566; color-scheme: dark; ${darkAccent}`;
  return `
:root { --bg: #fff; --fg: #1d2433; --muted: #4f5b6d; --line: #c9cfd8; --cp-font-family: ${font}; ${accent} color-scheme: light; }
:root[data-theme="dark"] { ${darkPage} }
@media (prefers-color-scheme: dark) { :root[data-theme="auto"] { ${darkPage} } }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px / 1.5 var(--cp-font-family); }
/* The header's content lines up with the picker's column. */
.brand { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; padding: 12px max(24px, calc((100% - 960px) / 2)); border-bottom: 1px solid var(--line); }
.brand img { height: 32px; max-width: 160px; object-fit: contain; }
.brand h1 { margin: 0; font-size: 1.1rem; font-weight: 600; }
.brand .what { color: var(--muted); font-weight: 400; }
main { max-width: 960px; margin: 0 auto; padding: 16px 24px 32px; }
.message { max-width: 36rem; margin: 48px auto; }
.message:focus { outline: none; }
.message h2 { font-size: 1.25rem; }
@media (max-width: 480px) { .brand { padding: 10px 12px; } main { padding: 8px 12px 24px; } }
`;
}

export function portalPage(options: PortalPageOptions): Router {
  const { logger, look: configured } = options;
  const findWidget = options.findWidget ?? installedWidget;
  let widget: string | null = null;
  let warned = false;
  /** The widget's directory, looked up until found (a checkout may build it after starting). */
  const widgetDir = () => {
    widget ??= options.scriptUrl ? null : findWidget();
    return widget;
  };
  const scriptOrigin = options.scriptUrl ? new URL(options.scriptUrl).origin : '';
  const logo = configured.logo ? URL.parse(configured.logo) : null;
  // The configured logo may be http (the operator's own choice); a link's is https, which img-src has.
  const logoOrigin = logo?.protocol === 'http:' ? logo.origin : '';
  const csp = (nonce: string) =>
    [
      "default-src 'none'",
      `script-src 'self' ${scriptOrigin}`.trim(),
      `style-src 'self' 'nonce-${nonce}'`,
      `img-src 'self' data: https: ${logoOrigin}`.trim(),
      "connect-src 'self'",
      "font-src 'self' data:",
      "form-action 'self'",
      "base-uri 'none'",
      `frame-ancestors ${options.frameAncestors.join(' ')}`,
    ].join('; ');

  function send(res: Response, status: number, html: string, nonce: string): void {
    res.status(status);
    res.setHeader('content-security-policy', csp(nonce));
    res.setHeader('referrer-policy', 'no-referrer');
    // The token is in the fragment, never here; still, a portal page is nobody's to keep.
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    res.type('html').send(html);
  }

  const router = Router();
  router.get('/portal', (req, res) => {
    const base = req.baseUrl;
    const locale = localeOf(req);
    const t = TEXTS[locale];
    const look = lookOf(req, configured, options.openLook);
    const theme = themeOf(req);
    const nonce = randomBytes(16).toString('base64');
    const vendor = look.vendorName ? escapeHtml(look.vendorName) : '';
    const title = vendor ? `${vendor} · ${t.title}` : t.title;
    const header =
      vendor || look.logo
        ? `<header class="brand">${look.logo ? `<img src="${escapeHtml(look.logo)}" alt="">` : ''}<h1>${vendor ? `<span>${vendor}</span> ` : ''}<span class="what">${t.title}</span></h1></header>`
        : '';
    const head = `<!doctype html>
<html lang="${locale}" data-theme="${theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${title}</title>
<style nonce="${nonce}">${styles(look)}</style>`;
    const script = options.scriptUrl ?? (widgetDir() ? `${base}/portal/connector-picker.js` : null);
    if (!script) {
      if (!warned) {
        warned = true;
        logger.warn(
          'GET /portal needs the widget: install @patchbay/widget beside @patchbay/bff (in a checkout: npm run build), or set PATCHBAY_PORTAL_SCRIPT_URL',
        );
      }
      send(
        res,
        503,
        `${head}
</head>
<body>${header}<main><section class="message"><h2>${t.unavailableTitle}</h2><p>${t.unavailable}</p></section></main></body>
</html>
`,
        nonce,
      );
      return;
    }
    // A function, so that `$&` or `$'` in a vendor's name are its letters, not replacement patterns.
    const ended = (vendor ? t.endedAskVendor : t.endedAskAnyone).replace('{vendor}', () => vendor);
    send(
      res,
      200,
      `${head}
<script src="${escapeHtml(base)}/portal/portal.js" defer></script>
<script src="${escapeHtml(script)}" defer></script>
</head>
<body>
${header}
<main>
<connector-picker api-base="${escapeHtml(base)}" theme="${theme}" locale="${locale}" page="${escapeHtml(pageOf(req))}"></connector-picker>
<section id="ended" class="message" hidden tabindex="-1" aria-labelledby="ended-title"><h2 id="ended-title">${t.endedTitle}</h2><p>${ended}</p></section>
<noscript><p class="message">${t.noScript}</p></noscript>
</main>
</body>
</html>
`,
      nonce,
    );
  });

  const here = path.dirname(fileURLToPath(import.meta.url));
  router.get('/portal/portal.js', (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('x-content-type-options', 'nosniff');
    res.sendFile(path.join(here, 'portal.js'));
  });
  // The script-tag bundle and what it imports from beside itself (its main module, chunks, catalogs).
  router.get(/^\/portal\/(connector-picker[\w-]*\.js)$/, (req, res, next) => {
    const dir = widgetDir();
    if (!dir) {
      next();
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('x-content-type-options', 'nosniff');
    res.sendFile(path.join(dir, (req.params as Record<string, string>)[0] as string), (err) => {
      if (err && !res.headersSent) next();
    });
  });
  return router;
}
