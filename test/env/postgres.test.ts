// CI runs with FGAKIT_REQUIRE_PG=1: then Postgres must be configured and reachable, so the Postgres
// suites can never be skipped silently by a missing or wrong FGAKIT_PG_URL.
import pg from 'pg';
import { describe, expect, it } from 'vitest';

const url = process.env.FGAKIT_PG_URL;
const required = process.env.FGAKIT_REQUIRE_PG === '1';

describe('Postgres environment', () => {
  it.runIf(required)('FGAKIT_PG_URL is set when Postgres is required', () => {
    expect(url, 'set FGAKIT_PG_URL=postgres://user@host:port/db').toBeTruthy();
  });

  it.runIf(url !== undefined && url !== '')('the database at FGAKIT_PG_URL answers', async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      const { rows } = await client.query<{ one: number }>('select 1 as one');
      expect(rows[0]?.one).toBe(1);
    } finally {
      await client.end();
    }
  });
});
