import { createHmac } from 'node:crypto';
import { termFrequencies, termsOf } from './keyword-terms.js';
import type { TextCipher } from './text-cipher.js';

/**
 * Turns terms into the keyed hashes the keyword index stores. Each owner
 * gets their own key (HMAC of the owner's id under a key derived from the
 * memory encryption key), so the same word hashes differently for two
 * people, and nothing in the index can be checked against guessed words
 * without the key. Within one owner's memories equal terms hash equally:
 * that, with term counts and lengths, is what the index reveals.
 */

/** Bytes kept of each HMAC-SHA256: 96 bits, far beyond any one person's vocabulary. */
const HASH_BYTES = 12;

/** A memory's entry in the keyword index. */
export interface KeywordEntry {
  /** Distinct term hashes, sorted. */
  hashes: string[];
  /** How often each of `hashes` occurs, same order. */
  freqs: number[];
  /** The text's length in terms. */
  length: number;
  /** The key that hashed them. */
  keyId: string;
}

/** A keyword index entry as a memory's columns. */
export function keywordColumns(entry: KeywordEntry) {
  return {
    keywordHashes: entry.hashes,
    keywordFreqs: entry.freqs,
    keywordLength: entry.length,
    keywordKeyId: entry.keyId,
  };
}

/** A query's hashes under one owner's keys. */
export interface OwnerQueryHashes {
  ownerId: string;
  hashes: string[];
  /** `termOf[i]` is the query term (0 to `terms - 1`) that `hashes[i]` hashes. */
  termOf: number[];
}

/**
 * Whom a share gives a memory to, whose key hashes the share's copy of its
 * postings (migration 0024): a person, or a group (its members at read time).
 * The names keyed are distinct from every owner's, so a person's own index
 * and what others shared with them never hash alike.
 */
export type SharePrincipal = { userId: string } | { groupId: string };

const principalKeyName = (principal: SharePrincipal) =>
  'userId' in principal ? `shared-with:${principal.userId}` : `group:${principal.groupId}`;

/** The id a share principal's postings are stored under. */
export const principalId = (principal: SharePrincipal) =>
  'userId' in principal ? principal.userId : principal.groupId;

export interface KeywordHasher {
  /** Id of the key new entries are hashed with. */
  readonly keyId: string;
  /** The index entry for one memory's text. */
  entryFor(ownerId: string, text: string): KeywordEntry;
  /**
   * The distinct terms of a query, hashed for each owner under every
   * configured key (so memories not yet re-keyed after a rotation still
   * match), and how many distinct terms there were: the same under every
   * owner and key.
   */
  queryFor(
    ownerIds: readonly string[],
    query: string,
  ): { owners: OwnerQueryHashes[]; terms: number };
  /** A shared memory's index entry under the key of whom it is shared with. */
  entryForShare(principal: SharePrincipal, text: string): KeywordEntry;
  /**
   * A query's hashes under the keys of the principals a reader reads shares
   * through (themselves, their groups), `ownerId` being each principal's id.
   */
  queryForShares(principals: readonly SharePrincipal[], query: string): OwnerQueryHashes[];
}

/**
 * Owner keys kept, per configured key: a shared search hashes the query for
 * every person who shares with the reader (100 people: 100 HMACs saved per
 * search), and a busy server's active owners fit many times over.
 */
const OWNER_KEYS_KEPT = 10_000;

export function createKeywordHasher(cipher: TextCipher): KeywordHasher {
  const keys = cipher.derivedKeys('keyword-index').map(({ keyId, key }) => ({
    keyId,
    key,
    owners: new Map<string, Buffer>(),
  }));
  const current = keys[0]!;
  const ownerKey = (entry: (typeof keys)[number], ownerId: string) => {
    const kept = entry.owners.get(ownerId);
    if (kept) return kept;
    const derived = createHmac('sha256', entry.key).update(ownerId).digest();
    // Oldest first out: a Map iterates in insertion order.
    if (entry.owners.size >= OWNER_KEYS_KEPT)
      entry.owners.delete(entry.owners.keys().next().value!);
    entry.owners.set(ownerId, derived);
    return derived;
  };
  const hash = (key: Buffer, term: string) =>
    createHmac('sha256', key).update(term).digest().subarray(0, HASH_BYTES).toString('base64url');

  const entryUnder = (keyName: string, text: string): KeywordEntry => {
    const key = ownerKey(current, keyName);
    const { counts, length } = termFrequencies(text);
    const pairs = [...counts].map(([term, count]) => [hash(key, term), count] as const);
    pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      hashes: pairs.map(([h]) => h),
      freqs: pairs.map(([, count]) => count),
      length,
      keyId: current.keyId,
    };
  };
  /** The query's terms under each named key, stored as `ids[i]`. */
  const queryUnder = (keyNames: readonly string[], ids: readonly string[], query: string) => {
    const terms = [...new Set(termsOf(query))];
    const termOf = keys.flatMap(() => terms.map((_, i) => i));
    const owners = keyNames.map((keyName, i) => ({
      ownerId: ids[i]!,
      hashes: keys.flatMap((entry) => {
        const owned = ownerKey(entry, keyName);
        return terms.map((term) => hash(owned, term));
      }),
      termOf,
    }));
    return { owners, terms: terms.length };
  };

  return {
    keyId: current.keyId,
    entryFor: entryUnder,
    queryFor: (ownerIds, query) => queryUnder(ownerIds, ownerIds, query),
    entryForShare: (principal, text) => entryUnder(principalKeyName(principal), text),
    queryForShares: (principals, query) =>
      queryUnder(principals.map(principalKeyName), principals.map(principalId), query).owners,
  };
}
