// The script-tag bundle: a classic script, so that a plain <script src> (with or without defer)
// works, which imports the widget's modules from beside itself. Those register
// <connector-picker> and share one Lit with the parts they import on demand (the code editor,
// the catalogs other than English, the connections views).
const here = (document.currentScript as HTMLScriptElement | null)?.src ?? location.href;
import(/* @vite-ignore */ new URL('connector-picker-main.js', here).href).catch((err: unknown) => {
  console.error('<connector-picker> could not load connector-picker-main.js beside connector-picker.js:', err);
});
