// Conformance backend: the decision cache (`cached()`) over LocalAuthorizer, invalidated by revision.
import { invalidatingAdmin, longLivedCache } from '../support/cached-backend.js';
import { createLocalAuthorizer, localAuthorizerAvailable } from '../support/local-authorizer.js';
import { defineConformanceSuite } from './define-suite.js';
import type { BackendFactory } from './types.js';

const memoryCached: BackendFactory = {
  name: 'cached(LocalAuthorizer + memory store)',
  async create(settings) {
    const fga = createLocalAuthorizer(settings);
    const authorizer = longLivedCache(fga);
    return {
      authorizer,
      admin: invalidatingAdmin(fga.admin, authorizer),
      close: async () => authorizer.clear(),
    };
  },
};

defineConformanceSuite(memoryCached, localAuthorizerAvailable);
