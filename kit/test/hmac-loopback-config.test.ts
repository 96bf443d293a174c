import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ConfigError, parseVariables } from '../src/config.js';
import { hmacSign, hmacVerify } from '../src/hmac.js';
import { isLoopbackHost, servedSafely } from '../src/loopback.js';

describe('hmac', () => {
  it('verifies its own signatures only, for the same purpose and secret', () => {
    const signature = hmacSign('secret', 'session', 'abc');
    expect(hmacVerify('secret', 'session', 'abc', signature)).toBe(true);
    expect(hmacVerify('secret', 'csrf', 'abc', signature)).toBe(false);
    expect(hmacVerify('other', 'session', 'abc', signature)).toBe(false);
    expect(hmacVerify('secret', 'session', 'abd', signature)).toBe(false);
    expect(hmacVerify('secret', 'session', 'abc', `${signature}x`)).toBe(false);
  });
});

describe('loopback', () => {
  it.each([
    ['https://picard.example', true],
    ['http://localhost:8001', true],
    ['http://127.0.0.1', true],
    ['http://[::1]:3000', true],
    ['http://picard.example', false],
    ['http://localhost.evil.example', false],
  ])('%s is served safely: %s', (url, safe) => {
    expect(servedSafely(url)).toBe(safe);
  });

  it('knows the loopback host names', () => {
    expect(['localhost', '127.0.0.1', '[::1]', '10.0.0.1'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('parseVariables', () => {
  const schema = z.object({ PORT: z.coerce.number().int().default(8000), NAME: z.string() });

  it('ignores blank variables and names the first one at fault', () => {
    expect(parseVariables(schema, { PORT: ' ', NAME: 'x' })).toEqual({ PORT: 8000, NAME: 'x' });
    expect(() => parseVariables(schema, { PORT: 'eighty', NAME: 'x' })).toThrow(ConfigError);
    expect(() => parseVariables(schema, { PORT: 'eighty', NAME: 'x' })).toThrow(/^PORT /);
  });
});
