import { writeFile } from 'node:fs/promises';
import { API_TYPES_PATH, currentApiDocument, renderApiTypes } from './lib/api-types.js';

// Regenerates the web client's API types from the server's OpenAPI document.
await writeFile(API_TYPES_PATH, await renderApiTypes(currentApiDocument()));
console.log(`wrote ${API_TYPES_PATH}`);
