import { defineConfig } from 'vite';

// The widget is built twice from one source (`vite build --mode esm|script`):
// - esm: modules for bundler users, with `lit` left as a bare import they share;
// - script: one self-registering file with Lit inlined, for a plain <script> tag.
const widget = 'packages/widget';

export default defineConfig(({ mode }) => {
  if (mode === 'esm') {
    return {
      build: {
        outDir: `${widget}/dist/esm`,
        emptyOutDir: true,
        sourcemap: true,
        minify: false,
        lib: {
          entry: { index: `${widget}/src/index.ts`, define: `${widget}/src/define.ts` },
          formats: ['es'],
        },
        rolldownOptions: { external: [/^lit/] },
      },
    };
  }
  if (mode === 'script') {
    return {
      build: {
        outDir: `${widget}/dist`,
        emptyOutDir: false,
        sourcemap: true,
        lib: {
          entry: `${widget}/src/define.ts`,
          name: 'PatchbayConnectorPicker',
          formats: ['iife'],
          fileName: () => 'connector-picker.js',
        },
      },
    };
  }
  throw new Error(`vite.config.ts: use --mode esm or --mode script (got "${mode}")`);
});
