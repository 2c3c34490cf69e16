import { defineConfig } from 'vitest/config';

// Every package, the cross-package suites in test/ and the examples are vitest projects.
export default defineConfig({
  test: {
    projects: ['packages/*', 'test', 'examples/*'],
  },
});
