import { defineConfig } from 'tsup';

// One bundle per public entry point, each as ESM + CJS with its own type declarations.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    http: 'src/http/index.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
});
