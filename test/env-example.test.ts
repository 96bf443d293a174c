import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { CLIENT_ENV_VARS } from '../client-web/src/config.js';
import { SERVER_ENV_VARS } from '../server/src/config.js';

/** `.env.example` documents exactly the variables the two config modules read. */
const lines = fs.readFileSync(new URL('../.env.example', import.meta.url), 'utf8').split('\n');
const documented = lines
  .map((line) => /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
  .filter((name): name is string => Boolean(name));

describe('.env.example', () => {
  it('lists every variable the server and the web client read, and nothing else', () => {
    const read = [...new Set([...SERVER_ENV_VARS, ...CLIENT_ENV_VARS])].sort();
    expect([...new Set(documented)].sort()).toEqual(read);
  });

  it('lists each variable once', () => {
    expect(documented.length).toBe(new Set(documented).size);
  });

  it('explains each variable in a comment just above it', () => {
    for (const name of documented) {
      const index = lines.findIndex((line) => new RegExp(`^#?\\s*${name}=`).test(line));
      expect({ name, comment: lines[index - 1]?.startsWith('# ') }).toEqual({
        name,
        comment: true,
      });
    }
  });
});
