// Conformance backend: LocalAuthorizer on its in-memory store.
import { createLocalAuthorizer, localAuthorizerAvailable } from '../support/local-authorizer.js';
import { defineConformanceSuite } from './define-suite.js';
import type { BackendFactory } from './types.js';

const memory: BackendFactory = {
  name: 'LocalAuthorizer + memory store',
  async create(settings) {
    const fga = createLocalAuthorizer(settings);
    return { authorizer: fga, admin: fga.admin, close: async () => {} };
  },
};

defineConformanceSuite(memory, localAuthorizerAvailable);
