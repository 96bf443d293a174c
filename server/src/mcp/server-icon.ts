import type { Icon } from '@modelcontextprotocol/server';

/**
 * The server's icon for MCP clients' connector lists (`serverInfo.icons`). A
 * `data:` URI, which the specification allows, so clients need no further
 * request and the icon is the same on every deployment: a rounded square with
 * a "P", in the web client's colours.
 */
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#1f3a5f"/><text x="32" y="44" font-family="Georgia,serif" font-size="36" text-anchor="middle" fill="#f2c14e">P</text></svg>`;

export const SERVER_ICON: Icon = {
  src: `data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}`,
  mimeType: 'image/svg+xml',
  sizes: ['any'],
};
