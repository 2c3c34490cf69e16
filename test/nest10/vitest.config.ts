// Vitest project `nest10`: the adapter conformance suite through @fgakit/nestjs on NestJS 10. Every
// module vite resolves (this folder, the shared ../adapter-conformance/ files, and @fgakit/nestjs's
// dist, which is inlined because its real path is outside node_modules) gets @nestjs/* from here.
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: {
    // resolve these (and their subpaths, e.g. @nestjs/common/constants.js) from this folder, whoever
    // imports them: one copy of Nest 10 in the process; nest-version.test.ts fails otherwise
    dedupe: [
      '@nestjs/common',
      '@nestjs/core',
      '@nestjs/platform-express',
      '@nestjs/platform-fastify',
      'rxjs',
    ],
  },
  test: { name: 'nest10', include: ['**/*.test.ts'], exclude: ['**/node_modules/**'], testTimeout: 30_000 },
});
