import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { csrfOf } from '../../scripts/lib/browser.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test/support/fake-openai.js';
import { signUpOverHttp, startSystem, type TestSystem } from '../../test/support/system.js';

/**
 * With a language model configured on the server, a saved memory's page
 * says which earlier memories it may contradict, once, with the way to
 * replace them. The model is a real HTTP server speaking OpenAI's API.
 */

let openai: FakeOpenAI;
let system: TestSystem;

beforeAll(async () => {
  openai = await startFakeOpenAI();
  system = await startSystem({
    serverEnv: {
      OPENAI_API_KEY: 'sk-test-key',
      OPENAI_BASE_URL: openai.url,
      EMBEDDING_MODEL: 'fake-embed',
    },
  });
});
afterAll(async () => {
  await system?.close();
  await openai?.close();
});

describe('a memory that may contradict another', () => {
  it('is shown on the new memory’s page once, with the reason and a replace button', async () => {
    const { client } = await signUpOverHttp(system, 'worf');
    const save = async (text: string) => {
      const form = await client.request('/memories/new');
      const saved = await client.request('/memories', {
        form: { _csrf: csrfOf(form.body), text, permission: 'private', tags: '', expires: '' },
      });
      expect(saved.status).toBe(303);
      return new URL(saved.location!, system.clientUrl).pathname;
    };
    const old = await save('My favourite song is Aktuh and Melota');
    const fresh = await save('My favourite song is now the Klingon anthem');

    const page = await client.request(fresh);
    expect(page.body).toContain('May contradict');
    expect(page.body).toContain(`href="${old}"`);
    expect(page.body).toContain('Both say something different about the same thing.');
    expect(page.body).toContain('This one replaces it');
    // Shown right after saving only.
    expect((await client.request(fresh)).body).not.toContain('May contradict');
  });
});
