// What guards.ts and its guard-server.ts children agree on.

export const FRAMEWORKS = ['express5', 'express4', 'koa', 'nest-express', 'nest-fastify'] as const;
export type Framework = (typeof FRAMEWORKS)[number];
/**
 * `jwt`: bearer token (RS256) without a membership id, so the membership is looked up (cached);
 * `jwt-membership`: the same with AuthKit's `organization_membership_id` claim, so no lookup;
 * `custom`: custom identity resolver; `bare`: no fgakit at all.
 */
export const MODES = ['jwt', 'jwt-membership', 'custom', 'bare'] as const;
export type Mode = (typeof MODES)[number];

/** How tables name each identity mode. */
export const IDENTITY_LABEL: Readonly<Record<Mode, string>> = {
  custom: 'custom resolver (engine check only)',
  jwt: 'bearer JWT (RS256 verify + check)',
  'jwt-membership': 'bearer JWT with organization_membership_id',
  bare: 'no FgaModule at all (baseline)',
};

/** Messages from a server to guards.ts. */
export type ServerMessage =
  | {
      readonly type: 'ready';
      readonly port: number;
      readonly token: string;
      /** The same caller's token with the `organization_membership_id` claim. */
      readonly tokenWithMembership: string;
      readonly membershipId: string;
      readonly projectId: string;
    }
  | { readonly type: 'error'; readonly message: string }
  /** The answer to a `'cpu'` request: the server's `process.cpuUsage()` so far, µs. */
  | { readonly type: 'cpu'; readonly user: number; readonly system: number }
  /**
   * The answer to a `'timing'` request: per timed route, the nanoseconds spent inside its middleware
   * (until it called `next()` or returned) and the number of calls, since the last `'timing'`.
   */
  | { readonly type: 'timing'; readonly routes: Readonly<Record<string, TimedTotals>> }
  /**
   * The answer to a `'wall'` request: per route (the path's first segment), the nanoseconds from the
   * server's `'request'` event to the response's `'finish'`, and the number of requests, since the
   * last `'wall'`; recorded only between `'wall-on'` and `'wall'`.
   */
  | { readonly type: 'wall'; readonly routes: Readonly<Record<string, TimedTotals>> };

/** Time spent inside one timed middleware since the last reading. */
export interface TimedTotals {
  readonly ns: number;
  readonly calls: number;
}

/**
 * What guards.ts sends a server: `'cpu'` asks for its CPU time so far, `'timing'` for the timed
 * routes' totals (which it then resets), `'wall-on'` starts recording each request's time in the
 * server and `'wall'` stops it and asks for the totals.
 */
export type ServerRequest = 'cpu' | 'timing' | 'wall-on' | 'wall';
