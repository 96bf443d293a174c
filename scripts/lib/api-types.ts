import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';
import { openApiDocument } from '../../server/src/api/openapi.js';
import { VERSION } from '../../server/src/version.js';

/** Where the web client keeps the API's types, generated from the OpenAPI document. */
export const API_TYPES_PATH = 'client-web/src/api/generated/picard-api.ts';

const HEADER = `/**
 * Picard's REST API as TypeScript types, generated from its OpenAPI document
 * by \`npm run api:types\`. Do not edit: a test fails when this file and the
 * document drift apart.
 */
`;

/** The document the server serves; its URL does not appear in the types. */
export const currentApiDocument = () =>
  openApiDocument({ publicUrl: 'http://localhost:8001', version: VERSION });

/** The types file for `document`, formatted as the repository formats code. */
export async function renderApiTypes(document: object): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0], {
    alphabetize: true,
    exportType: true,
  });
  const options = (await prettier.resolveConfig(API_TYPES_PATH)) ?? {};
  return prettier.format(HEADER + astToString(ast), { ...options, parser: 'typescript' });
}
