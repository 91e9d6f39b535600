import { readdirSync } from 'node:fs';
import { defineConfig, type UserConfig } from 'vite';

// The widget is built from one source into (`vite build --mode …`):
// - esm: modules for bundler users, with `lit` left as a bare import they share, the code
//   editor split into a chunk of its own;
// - script: one self-registering classic script with Lit inlined, for a plain <script> tag;
// - chunks: what the script loads on demand from beside itself: the code editor
//   (connector-picker-editor.js) and each catalog but English (connector-picker-de.js, …).
const widget = 'packages/widget';

// Every catalog but English, which the script carries: de.ts, fr.ts, …
const catalogs = readdirSync(`${widget}/src/i18n`).filter((file) => /^[a-z]{2}\.ts$/.test(file) && file !== 'en.ts');

// `npm test` builds quietly: warnings and errors only.
const logLevel: UserConfig['logLevel'] = process.env.PATCHBAY_BUILD_QUIET ? 'warn' : 'info';

/** Files in dist/, side by side, for pages that load them by URL: `connector-picker<name>.js` each. */
const classic = (entry: Record<string, string>, format: 'iife' | 'es', external: RegExp[]): UserConfig => ({
  logLevel,
  build: {
    outDir: `${widget}/dist`,
    emptyOutDir: false,
    // Maps are built for debugging here; the packages ship none, so no comment points at one.
    sourcemap: 'hidden',
    lib: {
      entry,
      name: 'PatchbayConnectorPicker',
      formats: [format],
      fileName: (_format, name) => `connector-picker${name}.js`,
    },
    rolldownOptions: { external },
  },
});

export default defineConfig(({ mode }) => {
  if (mode === 'esm') {
    return {
      logLevel,
      build: {
        outDir: `${widget}/dist/esm`,
        emptyOutDir: true,
        sourcemap: 'hidden',
        minify: false,
        lib: {
          entry: { index: `${widget}/src/index.ts`, define: `${widget}/src/define.ts` },
          formats: ['es'],
        },
        // @lit/task imports @lit/reactive-element: external like lit itself, or the ESM build carries a second copy.
        rolldownOptions: { external: [/^lit/, /^@lit\/reactive-element/] },
      },
    };
  }
  if (mode === 'script') {
    // The script swaps in loaders for the files beside it, so the editor and the catalogs stay out of it.
    return classic({ '': `${widget}/src/script.ts` }, 'iife', [
      /code-editor\.ts$/,
      ...catalogs.map((file) => new RegExp(`i18n/${file.replace('.', '\\.')}$`)),
    ]);
  }
  if (mode === 'chunks') {
    return classic(
      {
        '-editor': `${widget}/src/editor/code-editor.ts`,
        ...Object.fromEntries(catalogs.map((file) => [`-${file.slice(0, 2)}`, `${widget}/src/i18n/${file}`])),
      },
      'es',
      [],
    );
  }
  throw new Error(`vite.config.ts: use --mode esm, script or chunks (got "${mode}")`);
});
