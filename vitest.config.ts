import { defineConfig } from 'vitest/config';

// Every package and the cross-package suites in test/ (which also drive the example apps).
export default defineConfig({
  test: {
    projects: ['packages/*', 'test', 'test/nest10'],
  },
});
