import type pg from 'pg';
import type { Database } from '../db/database.js';
import type { PostgresDriver } from '../db/postgres-driver.js';
import {
  createSessionRelay,
  ReplyTooLargeError,
  type ReplyChannel,
  type SessionRelay,
} from './session-relay.js';

/** One channel for the whole database; each message names its session. */
const CHANNEL = 'picard_mcp_replies';

/**
 * A {@link ReplyChannel} over PostgreSQL's LISTEN/NOTIFY, so instances on one
 * database hand each other 2025-era clients' replies without any other
 * service. One pooled connection listens, from the first held exchange on.
 * NOTIFY payloads are limited to 8000 bytes: a longer reply (a sampling
 * answer of several pages) is refused rather than cut, and the request
 * waiting for it ends as a failed sampling (the answer is then extractive).
 */
export function postgresReplyChannel(pool: pg.Pool): ReplyChannel {
  let listener: pg.PoolClient | undefined;
  return {
    async publish(message) {
      if (Buffer.byteLength(message) > 7_900) throw new ReplyTooLargeError();
      await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, message]);
    },
    async listen(onMessage, onLost) {
      const client = await pool.connect();
      listener = client;
      // A dropped connection (database restart, outage) must not take the
      // process down: the client goes back destroyed and the next exchange
      // that needs replies listens again.
      const lost = (error?: Error) => {
        if (listener !== client) return;
        listener = undefined;
        client.release(error ?? true);
        onLost();
      };
      client.on('error', lost);
      client.on('end', () => lost());
      client.on('notification', (notification) => {
        if (notification.channel === CHANNEL && notification.payload) {
          onMessage(notification.payload);
        }
      });
      try {
        await client.query(`LISTEN ${CHANNEL}`);
      } catch (error) {
        lost(error as Error);
        throw error;
      }
    },
    async close() {
      const client = listener;
      listener = undefined;
      if (!client) return;
      await client.query(`UNLISTEN ${CHANNEL}`).catch(() => {});
      client.release();
    },
  };
}

/** The relay for a database: across instances on PostgreSQL; PGlite has one process. */
export function createSessionRelayFor(db: Database): SessionRelay {
  return createSessionRelay(
    db.kind === 'postgres'
      ? { channel: postgresReplyChannel((db.sql as PostgresDriver).pool) }
      : {},
  );
}
