// createDemo(): everything a demo app needs besides its routes — the engine seeded from
// examples/acme.fga.yaml, the identity options, the documents store and the handlers.
import { fileURLToPath } from 'node:url';
import {
  ConfigurationError,
  createLocalAuthorizer,
  type LocalAuthorizer,
  type SeededModel,
} from '@fgakit/core';
import {
  authKitJwksUrl,
  bearerToken,
  createTokenVerifier,
  type FgaRuntimeOptions,
  type ResourceLoader,
} from '@fgakit/core/http';
import { createTestIssuer } from '@fgakit/core/testing';
import { demoBanner } from './banner.js';
import { createDevTokenHandler } from './dev-token.js';
import { createDocumentStore, type DemoDocument, documentLoader } from './documents.js';
import { createHandlers, type DemoHandlers } from './handlers.js';
import type { DemoResult } from './result.js';

/** The demo model every example and doc uses. */
export const ACME_MODEL_PATH = fileURLToPath(new URL('../../acme.fga.yaml', import.meta.url));

/** Issuer and audience of the demo's own dev tokens. */
export const DEMO_ISSUER = 'urn:fgakit:demo';
export const DEMO_AUDIENCE = 'fgakit-demo';

/** Options of {@link createDemo}. */
export interface DemoOptions {
  /** Read for `NODE_ENV`, `PORT`, `WORKOS_CLIENT_ID` and `WORKOS_ISSUER`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Which framework prints the banner. */
  readonly framework?: string;
}

/** What a demo app is built from. */
export interface Demo {
  readonly authorizer: LocalAuthorizer;
  readonly seed: SeededModel;
  /** `NODE_ENV !== 'production'`: dev tokens and the local JWKS are served. */
  readonly demoMode: boolean;
  readonly port: number;
  /** `authorizer` + `identity`: pass to the adapter's `createFga` / `FgaModule.forRoot`. */
  readonly runtimeOptions: FgaRuntimeOptions;
  readonly documents: ReadonlyMap<string, DemoDocument>;
  /** Guard loader for `GET /documents/:documentId` (checks `document:view` on the project). */
  readonly loadDocument: ResourceLoader<DemoDocument>;
  readonly handlers: DemoHandlers;
  /** `POST /dev/token`; `undefined` outside demo mode (then the route must not exist). */
  readonly issueDevToken: ((body: unknown) => Promise<DemoResult>) | undefined;
  /** `GET /.well-known/jwks.json`; `undefined` outside demo mode. */
  readonly jwks: (() => Promise<unknown>) | undefined;
  /** The start-up text: the `listening on` line and, in demo mode, curl commands to try. */
  banner(url: string): string;
}

/**
 * Build the demo. In demo mode tokens come from the app's own key; with `NODE_ENV=production`
 * they must be WorkOS AuthKit tokens, and `WORKOS_CLIENT_ID` is required.
 */
export async function createDemo(options: DemoOptions = {}): Promise<Demo> {
  const env = options.env ?? process.env;
  const demoMode = env.NODE_ENV !== 'production';
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigurationError(
      'invalid_configuration',
      `PORT must be a port number (0-65535), got "${env.PORT}"`,
    );
  }
  const { authorizer, seed } = await createLocalAuthorizer({ model: ACME_MODEL_PATH });
  const documents = createDocumentStore();

  let identity: FgaRuntimeOptions['identity'];
  let issueDevToken: Demo['issueDevToken'];
  let jwks: Demo['jwks'];
  if (demoMode) {
    const issuer = await createTestIssuer({ issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE });
    identity = bearerToken(createTokenVerifier(issuer.verifierOptions()));
    issueDevToken = createDevTokenHandler(authorizer.admin, issuer);
    jwks = async () => issuer.jwks();
  } else {
    const clientId = env.WORKOS_CLIENT_ID;
    if (clientId === undefined || clientId === '') {
      throw new ConfigurationError(
        'invalid_configuration',
        'NODE_ENV=production needs WORKOS_CLIENT_ID (your AuthKit client id) to verify access tokens; unset NODE_ENV to run the demo mode instead',
      );
    }
    identity = bearerToken(
      createTokenVerifier({
        jwksUrl: authKitJwksUrl(clientId),
        algorithms: ['RS256'],
        issuer: env.WORKOS_ISSUER ?? 'https://api.workos.com',
      }),
    );
  }

  const framework = options.framework ?? 'fgakit';
  return {
    authorizer,
    seed,
    demoMode,
    port,
    runtimeOptions: { authorizer, identity },
    documents,
    loadDocument: documentLoader(documents),
    handlers: createHandlers(authorizer.admin),
    issueDevToken,
    jwks,
    banner: (url) => demoBanner(url, { demoMode, framework }),
  };
}
