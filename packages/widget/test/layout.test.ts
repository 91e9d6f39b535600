import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import { everyView } from './every-view.ts';
import { screenshot } from './helpers.ts';

const classes = (e: Element) =>
  typeof e.className === 'string' && e.className.trim() ? `.${e.className.trim().split(/\s+/).join('.')}` : '';

/** Inside visually hidden text (clipped to a pixel, for screen readers only), where nothing can stick out. */
function clipped(e: Element): boolean {
  for (let at: Element | null = e; at; at = at.parentElement) {
    const style = getComputedStyle(at);
    if (style.clipPath !== 'none' && at.getBoundingClientRect().width <= 1) return true;
  }
  return false;
}

/** The elements of the picker (and of the shadow roots within) that stick out of it (or of the viewport) sideways, or scroll sideways inside. */
function tooWide(el: ConnectorPicker): string[] {
  const picker = el.getBoundingClientRect();
  // A modal dialog sits above the page, in the viewport rather than in the picker.
  const viewport = new DOMRect(0, 0, document.documentElement.clientWidth, window.innerHeight);
  const out: string[] = [];
  const walk = (root: ParentNode) => {
    for (const e of root.querySelectorAll('*')) {
      if (e.shadowRoot) walk(e.shadowRoot);
      const box = e.closest('dialog[open]') ? viewport : picker;
      const r = e.getBoundingClientRect();
      if ((r.width === 0 && r.height === 0) || clipped(e)) continue;
      // Content that scrolls sideways inside its box is as hidden as content off the page; a
      // code editor's long line is the exception (code is not wrapped), and visually hidden
      // text, clipped to a pixel, is for screen readers only.
      if (
        e.localName !== 'textarea' &&
        e.clientWidth > 1 &&
        e.scrollWidth > e.clientWidth + 1 &&
        getComputedStyle(e).overflowX !== 'visible'
      ) {
        out.push(`${e.localName}${classes(e)} scrolls sideways: ${e.scrollWidth} px of content in ${e.clientWidth}`);
      }
      if (r.width > box.width + 0.5 || r.right > box.right + 0.5 || r.left < box.left - 0.5) {
        out.push(
          `${e.localName}${classes(e)} ${Math.round(r.width)} px at ${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(box.width)}`,
        );
      }
    }
  };
  walk(el.shadowRoot as ShadowRoot);
  return out;
}

describe('layout', () => {
  // From the narrowest phone up: the page never scrolls sideways and nothing leaves the picker.
  for (const width of [320, 375]) {
    for (const theme of ['light', 'dark'] as const) {
      it(`no view scrolls sideways at ${width} px, ${theme} theme`, async () => {
        await setViewport({ width, height: 800 });
        const failures: string[] = [];
        try {
          await everyView(theme, async (el, name) => {
            await el.updateComplete;
            const page = document.documentElement.scrollWidth;
            if (page > window.innerWidth) failures.push(`${name}: the page is ${page} px wide in ${window.innerWidth}`);
            for (const wide of tooWide(el)) failures.push(`${name}: ${wide}`);
            await screenshot(`${width}-${theme}-${name.replace(/\W+/g, '-').replace(/-$/, '')}`);
          });
        } finally {
          await setViewport({ width: 900, height: 900 });
        }
        expect(failures, failures.join('\n')).to.deep.equal([]);
      });
    }
  }
});
