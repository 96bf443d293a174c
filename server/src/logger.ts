import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger. Request logs carry only method, path, status and
 * request id: no headers, query strings or bodies, so tokens, cookies,
 * passwords and memory text never reach the logs.
 */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['req.headers', 'res.headers', '*.password', '*.token', '*.text'],
      remove: true,
    },
  });
}
