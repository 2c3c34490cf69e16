// The embedded engine as a test backend: a fresh LocalAuthorizer on its in-memory store per call.
import { type EnvironmentSettings, LocalAuthorizer } from '@fgakit/core';

/** The engine the suites drive: the Authorizer interface plus its `admin`. */
export type LocalAuthorizerLike = LocalAuthorizer;

/** Whether the built `@fgakit/core` exports `LocalAuthorizer` (false only on a stale dist). */
export const localAuthorizerAvailable = typeof LocalAuthorizer === 'function';

/** A fresh embedded engine with optional environment settings. */
export function createLocalAuthorizer(settings?: Partial<EnvironmentSettings>): LocalAuthorizer {
  return new LocalAuthorizer(settings === undefined ? {} : { settings });
}
