/**
 * A chunk's styles as a constructed stylesheet, which the picker adopts beside its own (Ui's
 * `adopt`): a page whose CSP refuses inline `<style>`, as the App Portal page's does, allows it.
 */
export function sheet(css: string): CSSStyleSheet {
  const made = new CSSStyleSheet();
  made.replaceSync(css);
  return made;
}
