import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';

/**
 * The SDK v2 serves MCP over web-standard `Request`/`Response` objects. These
 * two functions carry an Express exchange across: the body is the one
 * `express.json()` already parsed (the SDK is handed it as `parsedBody`
 * too), and the request's signal aborts when the client goes away, which
 * ends the per-request server and any stream it holds.
 */
export function toWebRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const aborted = new AbortController();
  res.on('close', () => aborted.abort());
  const hasBody = req.method === 'POST' && req.body !== undefined;
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.originalUrl}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: JSON.stringify(req.body) } : {}),
    signal: aborted.signal,
  });
}

/** Sends a web `Response` through Express, streaming its body (SSE included) as it comes. */
export async function sendWebResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status);
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (!response.body) {
    res.end();
    return;
  }
  res.flushHeaders();
  const body = Readable.fromWeb(response.body as NodeReadableStream);
  await new Promise<void>((resolve) => {
    body.on('error', () => res.end());
    res.on('close', () => {
      body.destroy();
      resolve();
    });
    body.pipe(res);
  });
}
