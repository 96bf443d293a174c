import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import session, { type SessionData } from 'express-session';

/**
 * express-session's store on the embedded default: one JSON file per
 * session under DATA_DIR (mode 0600), so sign-ins survive a restart without
 * a database. File names are hashes of the session id, never the id itself.
 */
export class FileSessionStore extends session.Store {
  constructor(private readonly dir: string) {
    super();
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  private file(sid: string): string {
    return path.join(this.dir, `${createHash('sha256').update(sid).digest('hex')}.json`);
  }

  override get(sid: string, callback: (error: unknown, data?: SessionData | null) => void): void {
    fs.readFile(this.file(sid), 'utf8', (error, text) => {
      if (error) return callback(error.code === 'ENOENT' ? null : error, null);
      try {
        const { expires, data } = JSON.parse(text) as { expires: number; data: SessionData };
        if (expires <= Date.now()) return this.destroy(sid, () => callback(null, null));
        callback(null, data);
      } catch {
        callback(null, null); // a torn write: as good as no session
      }
    });
  }

  override set(sid: string, data: SessionData, callback?: (error?: unknown) => void): void {
    const expires = data.cookie?.expires
      ? new Date(data.cookie.expires).getTime()
      : Date.now() + 86_400_000;
    const file = this.file(sid);
    // Unique per write: concurrent requests of one session save at the same time.
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    fs.writeFile(temp, JSON.stringify({ expires, data }), { mode: 0o600 }, (error) => {
      if (error) return callback?.(error);
      fs.rename(temp, file, (renameError) => callback?.(renameError ?? undefined));
    });
  }

  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    fs.rm(this.file(sid), { force: true }, (error) => callback?.(error ?? undefined));
  }

  /**
   * Extends the expiry only. Rewriting the data here would let a request that
   * changed nothing (a favicon, a second tab) put back a session another
   * request had just changed, such as a rotated refresh token.
   */
  override touch(sid: string, data: SessionData, callback?: () => void): void {
    const file = this.file(sid);
    fs.readFile(file, 'utf8', (error, text) => {
      if (error) return callback?.();
      try {
        const stored = JSON.parse(text) as { expires: number; data: SessionData };
        const expires = data.cookie?.expires
          ? new Date(data.cookie.expires).getTime()
          : stored.expires;
        if (expires <= stored.expires) return callback?.();
        this.set(sid, { ...stored.data, cookie: data.cookie }, () => callback?.());
      } catch {
        callback?.();
      }
    });
  }
}
