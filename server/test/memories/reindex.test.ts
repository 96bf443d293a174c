import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { LOCAL_MODEL } from '../../src/embeddings/local-embedder.js';
import { createTestStore, createUser } from '../../../test/support/factories.js';
import { REPO_ROOT } from '../../../scripts/lib/spawn-app.js';
import { testSecretsEnv } from '../../../test/support/test-config.js';

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-reindex-'));
const env = { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...testSecretsEnv() };
const pgliteDir = path.join(dataDir, 'pglite');

beforeAll(async () => {
  // Memories embedded by some earlier model, as after switching providers.
  const db = await createDatabase({ kind: 'pglite', dir: pgliteDir });
  await migrate(db.sql);
  const store = await createTestStore(db);
  const user = await createUser(db, 'switcher');
  for (const text of ['I like rivers', 'I like mountains', 'I like deserts']) {
    await store.memories.create(user.id, { text });
  }
  await db.sql.query("UPDATE memories SET embedding_model = 'old-model'");
  // …and written before the keyword index existed.
  await db.sql.query(
    "UPDATE memories SET keyword_hashes = '{}', keyword_freqs = '{}', keyword_length = 0, keyword_key_id = NULL",
  );
  await db.close();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npm run reindex', () => {
  it('re-embeds every memory with the active model, reporting progress', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'server/src/memories/reindex-cli.ts')],
      { cwd: REPO_ROOT, env },
    );
    expect(stdout).toContain(`Embedding 3 memories with ${LOCAL_MODEL}`);
    expect(stdout).toContain(`Done: 3 memories embedded with ${LOCAL_MODEL}`);
    expect(stderr).toMatch(/\[#+\] 100% 3\/3/);
    expect(stdout).toContain('Building the keyword index of 3 memories');
    expect(stdout).toContain('Done: 3 memories in the keyword index');

    const db = await createDatabase({ kind: 'pglite', dir: pgliteDir });
    try {
      const rows = await db.sql.query<{ embedding_model: string }>(
        'SELECT embedding_model FROM memories',
      );
      expect(rows.map((row) => row.embedding_model)).toEqual([
        LOCAL_MODEL,
        LOCAL_MODEL,
        LOCAL_MODEL,
      ]);
      const indexed = await db.sql.query<{ keyword_key_id: string | null; terms: number }>(
        'SELECT keyword_key_id, cardinality(keyword_hashes) AS terms FROM memories',
      );
      for (const row of indexed) {
        expect(row.keyword_key_id).not.toBeNull();
        expect(Number(row.terms)).toBeGreaterThan(0);
      }
      // The old memories are now found by their words.
      const store = await createTestStore(db);
      const [owner] = await db.sql.query<{ user_id: string }>('SELECT user_id FROM memories');
      const hits = await store.search.search(owner!.user_id, { query: 'deserts', mode: 'keyword' });
      expect(hits.map((hit) => hit.memory.text)).toEqual(['I like deserts']);
    } finally {
      await db.close();
    }
  });
});
