// The one-liner for demos and tests: an embedded engine with a model file applied to it.
import { LocalAuthorizer } from '../engine/local-authorizer.js';
import type { EnvironmentSettings } from '../model/types.js';
import type { Store } from '../store/store.js';
import { applyModel, type SeededModel } from './apply-model.js';
import { loadModelFile } from './load-model-file.js';
import type { ModelDocument } from './model-document.js';

/** Options of {@link createLocalAuthorizer}. */
export interface CreateLocalAuthorizerOptions {
  /** A model file path (YAML or JSON, by extension) or an already parsed model. None: an empty engine. */
  readonly model?: string | ModelDocument;
  /** Where the engine keeps its state; default a new `MemoryStore`. Any `Store` works (opened asynchronously). */
  readonly store?: Store;
  /** Settings that override the model's `settings`. */
  readonly settings?: Partial<EnvironmentSettings>;
}

/** What {@link createLocalAuthorizer} resolves to. */
export interface LocalAuthorizerWithSeed {
  /** The engine: `authorizer.check(...)`, `authorizer.explain(...)`, `authorizer.admin.*`. */
  readonly authorizer: LocalAuthorizer;
  /** Readable lookups of what the model seeded: `seed.membership('alice@acme.test', 'acme').id`. */
  readonly seed: SeededModel;
}

const EMPTY_MODEL: ModelDocument = {
  source: null,
  settings: {},
  resourceTypes: [],
  permissions: [],
  roles: [],
  organizations: [],
  users: [],
  memberships: [],
};

/**
 * Creates an embedded `LocalAuthorizer` and applies a model file to it (through its Admin API).
 *
 * @throws ValidationError `invalid_model_file` when the model is invalid, listing every problem.
 * @throws ConfigurationError when the model file cannot be read.
 *
 * @example A demo or a test in three lines
 * ```ts
 * const { authorizer: fga, seed } = await createLocalAuthorizer({ model: 'examples/acme.fga.yaml' });
 * const alice = seed.membership('alice@acme.test', 'acme');
 * await fga.check({ membershipId: alice.id, permission: 'app:deploy', resource: { type: 'app', externalId: 'frontend' } });
 * ```
 *
 * @example Over a persistent store, with a setting overridden
 * ```ts
 * const { authorizer } = await createLocalAuthorizer({ model, store: postgresStore, settings: { multipleRoles: false } });
 * ```
 */
export async function createLocalAuthorizer(
  options: CreateLocalAuthorizerOptions = {},
): Promise<LocalAuthorizerWithSeed> {
  const loaded =
    options.model === undefined
      ? EMPTY_MODEL
      : typeof options.model === 'string'
        ? await loadModelFile(options.model)
        : options.model;
  const settings: Partial<EnvironmentSettings> = { ...loaded.settings, ...options.settings };
  const model: ModelDocument = { ...loaded, settings };
  const authorizer =
    options.store === undefined
      ? new LocalAuthorizer({ settings })
      : await LocalAuthorizer.open({ store: options.store, settings });
  const seed = await applyModel(authorizer.admin, model, { trusted: typeof options.model === 'string' });
  return { authorizer, seed };
}
