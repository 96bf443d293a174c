import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import { API_TYPES_PATH, currentApiDocument, renderApiTypes } from '../../scripts/lib/api-types.js';

/**
 * The web client speaks to the API through types generated from the OpenAPI
 * document the server serves. These tests fail when the two drift apart.
 */
describe('the web client’s generated API types', () => {
  it('are exactly what the current OpenAPI document generates (run `npm run api:types`)', async () => {
    const checkedIn = await readFile(API_TYPES_PATH, 'utf8');
    expect(await renderApiTypes(currentApiDocument())).toBe(checkedIn);
  });

  it('no longer match once the document changes (a new field on Memory)', async () => {
    const checkedIn = await readFile(API_TYPES_PATH, 'utf8');
    const document = currentApiDocument();
    const memory = document.components.schemas.Memory as {
      properties: Record<string, unknown>;
      required: string[];
    };
    memory.properties.colour = { type: 'string' };
    memory.required.push('colour');
    const drifted = await renderApiTypes(document);
    expect(drifted).not.toBe(checkedIn);
    expect(drifted).toMatch(/colour: string;/);
  });
});
