// The brand logos the BFF carries (packages/bff/src/catalog/logos.ts) are what the icon packages
// hold today, and nothing an inlined SVG could abuse: `npm run brand-logos` rewrites the file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CATALOG } from '../../packages/bff/src/catalog/catalog.ts';
import { brandLogosModule, LOGOS_FILE, unsafeSvg } from '../../scripts/brand-logos.ts';

describe('brand logos', () => {
  it('are the icon packages’ own, as generated', () => {
    assert.equal(readFileSync(LOGOS_FILE, 'utf8'), brandLogosModule(), 'run `npm run brand-logos`');
  });

  it('give every service kind a logo with nothing active in it (Windmill, Inngest and Custom keep a monogram)', () => {
    for (const kind of CATALOG) {
      assert.match(kind.logo, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, kind.kind);
      assert.equal(unsafeSvg(kind.logo), null, kind.kind);
    }
    const monograms = CATALOG.filter((k) => k.logo.includes('<text')).map((k) => k.kind);
    assert.deepEqual(monograms, ['Windmill', 'Inngest', 'Custom']);
  });

  it('the sanitizer refuses scripts, handlers and outside references', () => {
    for (const bad of [
      '<svg><script>alert(1)</script></svg>',
      '<svg onload="alert(1)"></svg>',
      '<svg><image href="https://evil.example/x.png"/></svg>',
      '<svg><rect fill="url(https://evil.example/#a)"/></svg>',
      '<svg><foreignObject></foreignObject></svg>',
    ])
      assert.notEqual(unsafeSvg(bad), null, bad);
    assert.equal(unsafeSvg('<svg><rect fill="url(#a)"/><use href="#b"/></svg>'), null);
  });
});
