// Vitest project `test`: the cross-package suites, on the Nest 11 of this package. nest10/ is its own
// project (test/nest10/vitest.config.ts), whose files must not run here under the wrong Nest.
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'test',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'nest10/**'],
    testTimeout: 30_000,
  },
});
