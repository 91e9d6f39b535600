import { defineConfig, type UserConfig } from 'vite';

// The widget is built from one source into (`vite build --mode …`):
// - esm: modules for bundler users, with `lit` left as a bare import they share;
// - script: the same modules with Lit inside, for pages without a bundler, as
//   connector-picker-main.js and the connector-picker-*-<hash>.js chunks it imports;
// - loader: connector-picker.js, the classic script a plain <script> tag loads, which imports
//   connector-picker-main.js from beside itself.
// In both module builds, what a customer may never open (the code editor, CodeMirror 6 inside
// it in the script build, each catalog but English, the connections views) is a chunk of its
// own, imported when it is first needed.
const widget = 'packages/widget';

// `npm test` builds quietly: warnings and errors only.
const logLevel: UserConfig['logLevel'] = process.env.PATCHBAY_BUILD_QUIET ? 'warn' : 'info';

// Maps are built for debugging here; the packages ship none, so no comment points at one.
const sourcemap = 'hidden';

/** A build into dist/ itself, beside the others there, for pages that load its files by URL. */
const inDist = (
  lib: NonNullable<NonNullable<UserConfig['build']>['lib']>,
  rolldownOptions?: NonNullable<UserConfig['build']>['rolldownOptions'],
): UserConfig => ({
  logLevel,
  build: {
    outDir: `${widget}/dist`,
    emptyOutDir: false,
    sourcemap,
    lib,
    ...(rolldownOptions ? { rolldownOptions } : {}),
  },
});

export default defineConfig(({ mode }) => {
  if (mode === 'esm') {
    return {
      logLevel,
      build: {
        outDir: `${widget}/dist/esm`,
        emptyOutDir: true,
        sourcemap,
        minify: false,
        lib: {
          entry: { index: `${widget}/src/index.ts`, define: `${widget}/src/define.ts` },
          formats: ['es'],
        },
        // @lit/task imports @lit/reactive-element: external like lit itself, or the ESM build carries a second copy.
        // CodeMirror (the editor chunk) likewise: a bundler resolves it from the package's
        // dependencies, once, even for an app with an editor of its own.
        rolldownOptions: { external: [/^lit/, /^@lit\/reactive-element/, /^@codemirror\//, /^@lezer\//] },
      },
    };
  }
  if (mode === 'script') {
    return inDist(
      { entry: { main: `${widget}/src/define.ts` }, formats: ['es'], fileName: () => 'connector-picker-main.js' },
      {
        // The entry may export what its chunks share with it: no third chunk to load first.
        preserveEntrySignatures: 'allow-extension',
        // Beside the loader, under names a vendor serves with one rule (connector-picker*.js);
        // library builds in ES format are only mangled by default, and these are served as built.
        output: { chunkFileNames: 'connector-picker-[name]-[hash].js', minify: true },
      },
    );
  }
  if (mode === 'loader') {
    return inDist({
      entry: `${widget}/src/script.ts`,
      name: 'PatchbayConnectorPicker',
      formats: ['iife'],
      fileName: () => 'connector-picker.js',
    });
  }
  throw new Error(`vite.config.ts: use --mode esm, script or loader (got "${mode}")`);
});
