// The embedded engine behind the Authorizer interface: an in-memory index fed by a Store's
// committed batches, answering checks synchronously in a handful of lookups (DESIGN §4).
import type {
  Authorizer,
  AuthorizerCallOptions,
  CheckQuery,
  Decision,
  EffectivePermissionsQuery,
  Explanation,
  FindMembershipQuery,
  ListMembershipsQuery,
  ListResourcesQuery,
} from '../authorizer.js';
import { AuthorizationUnavailableError, ConfigurationError, isFgaError, ValidationError } from '../errors.js';
import type { ModelContext } from '../model/context.js';
import { settingsRecord } from '../model/settings.js';
import type {
  EnvironmentSettings,
  OrganizationMembership,
  Page,
  Resource,
  ResourceRef,
  Revision,
} from '../model/types.js';
import { MemoryStore } from '../store/memory-store.js';
import type { Change } from '../store/records.js';
import type { CommittedBatch, Store, StoreSnapshot } from '../store/store.js';
import { paginate, readPageOptions } from '../util/paginate.js';
import { UlidGenerator } from '../util/ulid.js';
import { AnswerCache, answerKey } from './answer-cache.js';
import { accessibleDescendants, effectivePermissionSlugs, membershipsWithPermission } from './discovery.js';
import { DecisionTable, evaluate, requireMembership, requireResourceIn } from './evaluate.js';
import { explainDecision } from './explain.js';
import { LocalAdmin } from './local-admin.js';
import { ModelIndex } from './model-index.js';
import type { MembershipNode, ResourceNode } from './nodes.js';
import { checkSettingsOption, seedChanges } from './seed.js';
import { toMembership, toResource } from './to-public.js';

const DEFAULT_CONSISTENCY_TIMEOUT_MS = 5_000;

/** Options shared by `new LocalAuthorizer()` and `LocalAuthorizer.open()`. */
export interface LocalAuthorizerBaseOptions {
  /** Environment settings; applied over what the store holds (an empty store is seeded with them). */
  readonly settings?: Partial<EnvironmentSettings>;
  /** How long `consistency: { atLeast }` waits for the store to reach a revision. Default 5000 ms. */
  readonly consistencyTimeoutMs?: number;
}

/** Options of `new LocalAuthorizer()`: a synchronous store (a `MemoryStore`, new by default). */
export interface LocalAuthorizerOptions extends LocalAuthorizerBaseOptions {
  readonly store?: MemoryStore;
}

/** Options of {@link LocalAuthorizer.open}: any store, loaded asynchronously. */
export interface OpenLocalAuthorizerOptions extends LocalAuthorizerBaseOptions {
  readonly store: Store;
}

interface Opening {
  readonly store: Store;
  readonly snapshot: StoreSnapshot;
  readonly buffered: readonly CommittedBatch[];
}

// Hands the asynchronously loaded snapshot from `open()` to the constructor (which must stay
// synchronous and public); set and cleared within one synchronous call.
let opening: Opening | null = null;

/**
 * The embedded FGA engine: WorkOS FGA semantics (SPEC §2, §8) evaluated in memory.
 *
 * @example In-process, ready immediately
 * ```ts
 * const fga = new LocalAuthorizer();
 * const { data: org } = await fga.admin.createOrganization({ name: 'Acme' });
 * const decision = fga.checkSync({ membershipId, permission: 'project:edit', resource: { id } });
 * ```
 *
 * @example Over another store
 * ```ts
 * const fga = await LocalAuthorizer.open({ store: postgresStore });
 * ```
 */
export class LocalAuthorizer implements Authorizer {
  /** Every admin operation (organizations, users, memberships, roles, permissions, types, resources, assignments). */
  readonly admin: LocalAdmin;
  readonly #index = new ModelIndex();
  readonly #ids = new UlidGenerator();
  readonly #store: Store;
  readonly #decisions = new DecisionTable();
  /** Sorted listResources answers, so paging with cursors does not recompute per page. */
  readonly #resourceAnswers = new AnswerCache<ResourceNode>();
  /** Sorted listMemberships answers, same reason. */
  readonly #membershipAnswers = new AnswerCache<MembershipNode>();
  readonly #waiters = new Set<() => void>();
  readonly #timeoutMs: number;
  readonly #unsubscribe: () => void;

  constructor(options: LocalAuthorizerOptions = {}) {
    checkSettingsOption(options.settings);
    this.#timeoutMs = options.consistencyTimeoutMs ?? DEFAULT_CONSISTENCY_TIMEOUT_MS;
    const handoff = opening;
    opening = null;
    const store: Store = handoff?.store ?? options.store ?? new MemoryStore();
    this.#store = store;
    const ctx: ModelContext = { index: this.#index, ids: this.#ids, now: Date.now };
    this.admin = new LocalAdmin(ctx, store);
    if (handoff === null) {
      if (!(store instanceof MemoryStore)) {
        throw new ConfigurationError(
          'invalid_configuration',
          'new LocalAuthorizer({ store }) needs a MemoryStore; use `await LocalAuthorizer.open({ store })` for other stores.',
        );
      }
      this.#unsubscribe = store.subscribe((batch) => this.#receive(batch));
      this.#loadSnapshot(store.snapshotSync());
      const changes = this.#initialChanges(options.settings);
      if (changes.length > 0) store.commitSync(changes, { expectedRevision: this.#index.revision });
    } else {
      this.#unsubscribe = store.subscribe((batch) => this.#receive(batch));
      this.#loadSnapshot(handoff.snapshot);
      for (const batch of handoff.buffered) this.#receive(batch);
    }
  }

  /**
   * Opens an authorizer over any {@link Store}: loads its snapshot, then follows its change feed.
   * An empty store is seeded (settings, the `organization` type, the default role).
   */
  static async open(options: OpenLocalAuthorizerOptions): Promise<LocalAuthorizer> {
    const buffered: CommittedBatch[] = [];
    const stopBuffering = options.store.subscribe((batch) => buffered.push(batch));
    let snapshot: StoreSnapshot;
    try {
      snapshot = await options.store.load();
    } finally {
      stopBuffering();
    }
    opening = { store: options.store, snapshot, buffered };
    const fga = new LocalAuthorizer({
      ...(options.settings === undefined ? {} : { settings: options.settings }),
      ...(options.consistencyTimeoutMs === undefined
        ? {}
        : { consistencyTimeoutMs: options.consistencyTimeoutMs }),
    });
    const changes = fga.#initialChanges(options.settings);
    if (changes.length > 0) {
      const revision = await options.store.commit(changes, { expectedRevision: fga.#index.revision });
      fga.#receive({ revision, changes });
    }
    return fga;
  }

  #loadSnapshot(snapshot: StoreSnapshot): void {
    for (const record of snapshot.records) this.#ids.observe(record.id);
    this.#index.load(snapshot);
  }

  /** Seed for an empty store, or a settings update when options override stored settings. */
  #initialChanges(settings: Partial<EnvironmentSettings> | undefined): Change[] {
    if (this.#index.types.size === 0) return seedChanges(this.#ids, settings);
    if (settings === undefined) return [];
    const current = this.#index.settings;
    const differs = (Object.keys(settings) as (keyof EnvironmentSettings)[]).some(
      (key) => settings[key] !== undefined && settings[key] !== current[key],
    );
    if (!differs) return [];
    try {
      const ctx: ModelContext = { index: this.#index, ids: this.#ids, now: Date.now };
      return [{ op: 'put', record: settingsRecord(ctx, settings) }];
    } catch (error) {
      throw new ConfigurationError(
        'invalid_configuration',
        `settings conflict with the stored model: ${isFgaError(error) ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  #receive(batch: CommittedBatch): void {
    if (!this.#index.applyBatch(batch)) return;
    // The answers are keyed by revision anyway; clearing here just frees old nodes sooner.
    this.#resourceAnswers.clear();
    this.#membershipAnswers.clear();
    for (const waiter of this.#waiters) waiter();
  }

  /** The revision of the state checks are answered from. */
  get revision(): Revision {
    return this.#index.revision;
  }

  /** Whether a permission slug is defined (guards use it to reject unknown slugs at start-up, D17). */
  hasPermission(slug: string): boolean {
    return this.#index.permissions.has(slug);
  }

  /** Whether a resource type slug is defined. */
  hasResourceType(slug: string): boolean {
    return this.#index.types.has(slug);
  }

  /**
   * Synchronous {@link check} for hot paths: a handful of map lookups, no allocation.
   * Throws `NotFoundError` for an unknown membership, or a resource not in its organization.
   */
  checkSync(query: CheckQuery): Decision {
    const membership = requireMembership(this.#index, query.membershipId);
    const resource = requireResourceIn(this.#index, membership.org, checkedRef(query.resource));
    const outcome = evaluate(membership, this.#index.permissions.get(query.permission), resource);
    return this.#decisions.get(outcome, this.#index.revision);
  }

  /** {@inheritDoc Authorizer.check} */
  async check(query: CheckQuery, options?: AuthorizerCallOptions): Promise<Decision> {
    await this.#ready(options);
    return this.checkSync(query);
  }

  /** {@inheritDoc Authorizer.checkNow} Synchronous unless a `consistency: { atLeast }` must be waited for. */
  checkNow(query: CheckQuery, options?: AuthorizerCallOptions): Decision | Promise<Decision> {
    const ready = this.#ready(options);
    return ready === undefined ? this.checkSync(query) : ready.then(() => this.checkSync(query));
  }

  /** {@inheritDoc Authorizer.checkMany} */
  async checkMany(queries: readonly CheckQuery[], options?: AuthorizerCallOptions): Promise<Decision[]> {
    await this.#ready(options);
    return queries.map((query) => this.checkSync(query));
  }

  /** {@inheritDoc Authorizer.effectivePermissions} */
  async effectivePermissions(
    query: EffectivePermissionsQuery,
    options?: AuthorizerCallOptions,
  ): Promise<string[]> {
    await this.#ready(options);
    const membership = requireMembership(this.#index, query.membershipId);
    const resource = requireResourceIn(this.#index, membership.org, checkedRef(query.resource));
    return effectivePermissionSlugs(this.#index, membership, resource);
  }

  /** {@inheritDoc Authorizer.listResources} */
  async listResources(query: ListResourcesQuery, options?: AuthorizerCallOptions): Promise<Page<Resource>> {
    const page = readPageOptions(query.page);
    await this.#ready(options);
    const membership = requireMembership(this.#index, query.membershipId);
    const parent = requireResourceIn(this.#index, membership.org, checkedRef(query.parent, 'parent'));
    const compute = (): ResourceNode[] =>
      accessibleDescendants(membership, this.#index.permissions.get(query.permission), parent);
    // A non-string permission (untyped callers) matches nothing; not worth a cache entry.
    const nodes =
      typeof query.permission === 'string'
        ? this.#resourceAnswers.get(
            answerKey(membership.rec.id, parent.rec.id, query.permission),
            this.#index.revision,
            compute,
          )
        : compute();
    const result = paginate(
      nodes,
      (node) => node.rec.id,
      page,
      (id) => this.#index.resources.has(id),
    );
    return { data: result.data.map(toResource), listMetadata: result.listMetadata };
  }

  /** {@inheritDoc Authorizer.listMemberships} */
  async listMemberships(
    query: ListMembershipsQuery,
    options?: AuthorizerCallOptions,
  ): Promise<Page<OrganizationMembership>> {
    const page = readPageOptions(query.page);
    const assignment = query.assignment ?? 'direct';
    if (assignment !== 'direct' && assignment !== 'indirect') {
      throw new ValidationError('invalid_request_parameters', "assignment must be 'direct' or 'indirect'.", {
        field: 'assignment',
      });
    }
    await this.#ready(options);
    const resource = this.#resolveForListing(query);
    const compute = (): MembershipNode[] =>
      membershipsWithPermission(resource, this.#index.permissions.get(query.permission), assignment);
    const members =
      typeof query.permission === 'string'
        ? this.#membershipAnswers.get(
            answerKey(resource.rec.id, assignment, query.permission),
            this.#index.revision,
            compute,
          )
        : compute();
    const result = paginate(
      members,
      (m) => m.rec.id,
      page,
      (id) => this.#index.memberships.has(id),
    );
    return { data: result.data.map(toMembership), listMetadata: result.listMetadata };
  }

  #resolveForListing(query: ListMembershipsQuery): ResourceNode {
    const ref = checkedRef(query.resource);
    if ('id' in ref) {
      const org =
        query.organizationId === undefined
          ? this.#index.resources.get(ref.id)?.org
          : this.#index.organizations.get(query.organizationId);
      return requireResourceIn(this.#index, org, ref);
    }
    if (query.organizationId === undefined) {
      throw new ValidationError(
        'invalid_request_parameters',
        'organizationId is required to find a resource by type and external id.',
        { field: 'organizationId' },
      );
    }
    return requireResourceIn(this.#index, this.#index.organizations.get(query.organizationId), ref);
  }

  /** {@inheritDoc Authorizer.findMembership} */
  async findMembership(
    query: FindMembershipQuery,
    options?: AuthorizerCallOptions,
  ): Promise<OrganizationMembership | null> {
    await this.#ready(options);
    const membership = this.#index.users.get(query.userId)?.memberships.get(query.organizationId);
    return membership === undefined ? null : toMembership(membership);
  }

  /** {@inheritDoc Authorizer.explain} */
  async explain(query: CheckQuery, options?: AuthorizerCallOptions): Promise<Explanation> {
    await this.#ready(options);
    const membership = requireMembership(this.#index, query.membershipId);
    const resource = requireResourceIn(this.#index, membership.org, checkedRef(query.resource));
    const permission = this.#index.permissions.get(query.permission);
    const decision = this.#decisions.get(evaluate(membership, permission, resource), this.#index.revision);
    return explainDecision(query, decision, membership, permission, resource);
  }

  /** Stops following the store's change feed (the store itself stays open). */
  close(): void {
    this.#unsubscribe();
    for (const waiter of this.#waiters) waiter();
  }

  /** Resolves once the index is at least at the requested revision (D18), or rejects after the timeout. */
  #ready(options: AuthorizerCallOptions | undefined): Promise<void> | undefined {
    const consistency = options?.consistency;
    if (consistency === undefined || typeof consistency === 'string') return undefined;
    const target = consistency.atLeast;
    if (target <= this.#index.revision) return undefined;
    return new Promise<void>((resolve, reject) => {
      const signal = options?.signal;
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#waiters.delete(waiter);
        if (error === undefined) resolve();
        else reject(error);
      };
      const fail = (why: string): void =>
        finish(
          new AuthorizationUnavailableError(
            'authorization_timeout',
            `Revision ${target} was not reached (${why}); the engine is at revision ${this.#index.revision}.`,
          ),
        );
      const onAbort = (): void => fail('the call was aborted');
      const waiter = (): void => {
        if (this.#index.revision >= target) finish();
      };
      const timer = setTimeout(() => fail(`waited ${this.#timeoutMs} ms`), this.#timeoutMs);
      if (signal?.aborted === true) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }
}

/** Rejects a missing or malformed resource reference before it reaches the index. */
function checkedRef(ref: ResourceRef, field = 'resource'): ResourceRef {
  if (typeof ref !== 'object' || ref === null) {
    throw new ValidationError(
      'invalid_request_parameters',
      `${field} must be { id } or { type, externalId }.`,
      {
        field,
      },
    );
  }
  return ref;
}
