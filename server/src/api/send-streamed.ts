import { once } from 'node:events';
import type { Response } from 'express';
import type { StreamedFile } from '../transfer/export-service.js';

/**
 * Writes a streamed operation result: the first chunk is produced before
 * anything is sent, so a failure to start (the database down) is still an
 * ordinary problem answer; after that each chunk is written as it comes and
 * the next one is only asked for once the socket has taken the last
 * (backpressure), so memory stays bounded whatever the size. A failure
 * half-way ends the connection abruptly: the client sees a cut-off body, and a
 * Picard bundle without its end line is refused on import.
 */
export async function sendStreamed(res: Response, file: StreamedFile): Promise<void> {
  const chunks = file.chunks[Symbol.asyncIterator]();
  const first = await chunks.next();
  res.status(200);
  res.attachment(file.filename);
  // After attachment(), which would guess the type from the file name.
  res.set('Content-Type', `${file.mediaType}; charset=utf-8`);
  if (!first.done) res.write(first.value);
  try {
    for (;;) {
      if (res.destroyed) {
        await chunks.return?.();
        return;
      }
      const next = await chunks.next();
      if (next.done) break;
      if (!res.write(next.value)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  } catch (error) {
    res.destroy(error as Error);
    throw error;
  }
}
