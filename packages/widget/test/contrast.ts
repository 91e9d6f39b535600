/**
 * WCAG 2 contrast of the text a person sees, computed from the browser's own colours: every
 * element showing text, its computed colour composited over its effective background (the
 * backgrounds of it and its ancestors, across shadow roots, painted in order). Colours go
 * through a canvas, so any CSS colour the browser computes (rgb, oklch, color-mix…) reads
 * back as the sRGB the screen shows.
 */

const canvas = new OffscreenCanvas(1, 1);
const ctx = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;

/** Paints `layers` bottom first on white (the page's canvas) and reads the pixel back. */
function paint(layers: string[]): [number, number, number] {
  ctx.globalCompositeOperation = 'copy';
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 1, 1);
  ctx.globalCompositeOperation = 'source-over';
  for (const color of layers) {
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, 1, 1);
  }
  const [r = 0, g = 0, b = 0] = ctx.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}

const channel = (c: number) => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const luminance = ([r, g, b]: [number, number, number]) =>
  0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);

/** The WCAG contrast ratio of two opaque sRGB colours, from 1 to 21. */
export function contrastRatio(a: [number, number, number], b: [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The element's parent, stepping from a shadow root to its host. */
const parentOf = (e: Element): Element | null =>
  e.parentElement ?? ((e.parentNode as ShadowRoot | null)?.host as Element | undefined) ?? null;

/** The backgrounds under `e`, outermost first, down to the first opaque one. */
function backgrounds(e: Element): string[] {
  const layers: string[] = [];
  for (let at: Element | null = e; at; at = parentOf(at)) {
    const color = getComputedStyle(at).backgroundColor;
    layers.unshift(color);
    if (/^rgb\(/.test(color) || (/^color\(|^oklch\(|^oklab\(/.test(color) && !color.includes('/'))) break;
  }
  return layers;
}

/** WCAG's large text: 18 pt, or 14 pt bold. */
function isLarge(style: CSSStyleDeclaration): boolean {
  const px = Number.parseFloat(style.fontSize);
  return px >= 24 || (px >= 18.66 && Number(style.fontWeight) >= 700);
}

export interface LowContrast {
  element: string;
  text: string;
  ratio: number;
  needed: number;
}

/** Every element under `root` (and in the shadow roots within) and the text it shows. */
function* textElements(root: ParentNode): Generator<[Element, string, string | null]> {
  for (const e of root.querySelectorAll('*')) {
    if (e.shadowRoot) yield* textElements(e.shadowRoot);
    const own = [...e.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent ?? '')
      .join('')
      .trim();
    if (own) yield [e, own, null];
    if (e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement) {
      if (e.value) yield [e, e.value.slice(0, 40), null];
      else if (e.placeholder) yield [e, e.placeholder, '::placeholder'];
    }
    if (e instanceof HTMLSelectElement && e.selectedOptions[0]) yield [e, e.selectedOptions[0].text, null];
  }
}

/** Whether a person sees `e`: rendered, not clipped to a pixel (visually hidden), not invisible. */
function visible(e: Element): boolean {
  const rect = e.getBoundingClientRect();
  if (rect.width <= 1 || rect.height <= 1) return false;
  const style = getComputedStyle(e);
  return style.visibility === 'visible' && style.opacity !== '0' && e.checkVisibility({ opacityProperty: true });
}

/** WCAG exempts the text of inactive controls. */
const disabled = (e: Element) => e.closest(':disabled') !== null;

/** The visible text under `root` whose contrast is below AA (4.5:1, 3:1 for large text). */
export function lowContrast(root: ParentNode): LowContrast[] {
  const found: LowContrast[] = [];
  for (const [e, text, pseudo] of textElements(root)) {
    if (!visible(e) || disabled(e)) continue;
    const style = getComputedStyle(e, pseudo);
    const under = backgrounds(e);
    const ratio = contrastRatio(paint([...under, style.color]), paint(under));
    const needed = isLarge(style) ? 3 : 4.5;
    if (ratio < needed) {
      const name = `${e.localName}${e.className && typeof e.className === 'string' ? `.${e.className.trim().replace(/\s+/g, '.')}` : ''}${pseudo ?? ''}`;
      found.push({ element: name, text: text.slice(0, 40), ratio: Math.round(ratio * 100) / 100, needed });
    }
  }
  return found;
}
