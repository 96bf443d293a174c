/** The server's version, reported to MCP clients and in the OpenAPI document. */
export const VERSION = '0.1.0';
