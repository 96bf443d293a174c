import net from 'node:net';

/**
 * A TCP proxy that can be cut and restored, to make a real database server
 * unreachable for a while without touching the server itself.
 */
export interface TcpProxy {
  readonly port: number;
  /** Stops listening and drops every open connection. */
  cut(): Promise<void>;
  /** Keeps accepting connections but never answers on them (a hung server). */
  stall(): void;
  /** Listens and forwards again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let stalled = false;
  const server = net.createServer((client) => {
    if (stalled) {
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      client.on('error', () => client.destroy());
      return;
    }
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listenOn = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listenOn(0);
  const port = (server.address() as net.AddressInfo).port;
  const cut = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  return {
    port,
    cut,
    stall() {
      stalled = true;
      for (const socket of sockets) socket.destroy();
    },
    async restore() {
      stalled = false;
      for (const socket of sockets) socket.destroy();
      if (!server.listening) await listenOn(port);
    },
    close: cut,
  };
}
