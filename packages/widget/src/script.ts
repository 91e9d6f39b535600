// The script-tag bundle: one classic script that registers <connector-picker>. Its code editor
// is loaded on demand from connector-picker-editor.js beside it.
import { setEditorLoader } from './editor/load.ts';
import './define.ts';

const here = (document.currentScript as HTMLScriptElement | null)?.src ?? location.href;
setEditorLoader(() => import(/* @vite-ignore */ new URL('connector-picker-editor.js', here).href));
