import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface RunningServer {
  readonly server: Server;
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /**
   * Stops accepting connections, lets in-flight requests finish, and closes
   * what is still open after `timeoutMs`. Resolves once the server is closed.
   */
  shutdown(timeoutMs: number): Promise<void>;
}

/** Starts `app` on host:port and resolves once it is accepting connections. */
export function listen(
  app: Express,
  options: { host: string; port: number },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(options.port, options.host);
    let inFlight = 0;
    let closing = false;
    server.on('request', (_req, res) => {
      inFlight += 1;
      if (closing) res.setHeader('Connection', 'close');
      res.on('close', () => {
        inFlight -= 1;
        // A keep-alive connection that just finished its last request is idle now.
        if (closing) setImmediate(() => server.closeIdleConnections());
      });
    });
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      let stopped: Promise<void> | undefined;
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        shutdown(timeoutMs) {
          stopped ??= new Promise<void>((done) => {
            closing = true;
            const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
            server.close(() => {
              clearTimeout(force);
              done();
            });
            if (inFlight === 0) server.closeIdleConnections();
          });
          return stopped;
        },
      });
    });
  });
}
