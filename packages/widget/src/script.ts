// The script-tag bundle: one classic script that registers <connector-picker>. Its code editor
// and its catalogs other than English are loaded on demand from the files beside it
// (connector-picker-editor.js, connector-picker-de.js, …).
import { setEditorLoader } from './editor/load.ts';
import { setCatalogLoader } from './i18n/i18n.ts';
import './define.ts';

const here = (document.currentScript as HTMLScriptElement | null)?.src ?? location.href;
const beside = (file: string) => import(/* @vite-ignore */ new URL(file, here).href);
setEditorLoader(() => beside('connector-picker-editor.js'));
setCatalogLoader((language) => beside(`connector-picker-${language}.js`));
