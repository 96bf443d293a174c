import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small HTTP load balancer with no affinity at all: each request goes to
 * the next upstream in turn, whatever its cookies or `Mcp-Session-Id`, and
 * bodies (SSE streams too) are piped both ways as they come.
 */
export interface RoundRobinProxy {
  readonly url: string;
  /** Where requests go, in turn; set once the upstreams listen. */
  setUpstreams(urls: string[]): void;
  /** How many requests each upstream has been sent, by upstream URL. */
  readonly served: Map<string, number>;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  let upstreams: URL[] = [];
  let next = 0;
  const served = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const target = upstreams[next++ % upstreams.length]!;
    served.set(target.origin, (served.get(target.origin) ?? 0) + 1);
    const forward = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    res.on('close', () => forward.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setUpstreams(urls) {
      upstreams = urls.map((url) => new URL(url));
    },
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
