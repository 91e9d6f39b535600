import { expect } from '@open-wc/testing';
import { lowContrast } from './contrast.ts';
import { everyView } from './every-view.ts';
import { screenshot } from './helpers.ts';

// axe checks contrast only where it can be sure of the background, and skips the rest; this
// computes it for every visible text of every view, so a colour token below AA cannot hide.
describe('contrast', () => {
  it('computes WCAG ratios as the standard defines them', async () => {
    const { contrastRatio } = await import('./contrast.ts');
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).to.equal(21);
    expect(contrastRatio([255, 255, 255], [255, 255, 255])).to.equal(1);
    // #767676 on white is the classic 4.54:1.
    expect(contrastRatio([0x76, 0x76, 0x76], [255, 255, 255])).to.be.closeTo(4.54, 0.01);
  });

  // The picker's own colours, and a vendor's brand colour (Acme's, from the demo) set once for both themes.
  const palettes: [string, Record<string, string>][] = [
    ['default colours', {}],
    ['a vendor accent', { '--cp-color-accent': '#0b7a55' }],
  ];
  for (const theme of ['light', 'dark'] as const) {
    for (const [palette, style] of palettes) {
      it(`every text is at least 4.5:1 (3:1 large) in every view, ${theme} theme, ${palette}`, async () => {
        const failures: string[] = [];
        await everyView(
          theme,
          async (el, name) => {
            await el.updateComplete;
            for (const low of lowContrast(el.shadowRoot as ShadowRoot)) {
              failures.push(`${name}: ${low.element} "${low.text}" ${low.ratio}:1 (needs ${low.needed})`);
            }
            if (palette !== 'default colours')
              await screenshot(`accent-${theme}-${name.replace(/\W+/g, '-').replace(/-$/, '')}`);
          },
          style,
        );
        expect([...new Set(failures)], failures.join('\n')).to.deep.equal([]);
      });
    }
  }
});
