import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/** A PostgreSQL URL that goes through a TCP proxy the test can cut and restore. */
export interface DatabaseBehindProxy {
  /** Connect here (PGlite's socket server takes one connection at a time). */
  url: string;
  proxy: TcpProxy;
  /** True when the database is an embedded PGlite served over the wire protocol. */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * The real PostgreSQL of DATABASE_URL, or else an embedded PGlite (with
 * pgvector) served over the Postgres wire protocol, reached through a TCP
 * proxy: the same outage tests run on both.
 */
export async function databaseBehindProxy(): Promise<DatabaseBehindProxy> {
  let target: URL;
  let pglite: PGlite | undefined;
  let socketServer: PGLiteSocketServer | undefined;
  if (process.env.DATABASE_URL) {
    target = new URL(process.env.DATABASE_URL);
  } else {
    pglite = await PGlite.create({ extensions: { vector } });
    socketServer = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0 });
    await socketServer.start();
    target = new URL(`postgresql://postgres@${socketServer.getServerConn()}/postgres`);
  }
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const viaProxy = new URL(target);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  return {
    url: viaProxy.toString(),
    proxy,
    embedded: pglite !== undefined,
    async close() {
      await proxy.close();
      await socketServer?.stop();
      await pglite?.close();
    },
  };
}
