import { ProtocolError } from '@modelcontextprotocol/server';
import { jsonRpcErrorFrom, RPC_INTERNAL_ERROR } from '../errors/error-mapping.js';
import type { Logger } from '../logger.js';

/**
 * Known errors as JSON-RPC errors; a memory one may not read is simply not
 * found. Anything else is logged and answered with a message that reveals
 * nothing (the SDK would send the error's own message).
 */
export async function answering<T>(
  logger: Logger,
  work: () => Promise<T>,
  resourceUri?: string,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    const rpc = jsonRpcErrorFrom(error, resourceUri);
    if (rpc) throw new ProtocolError(rpc.code, rpc.message, rpc.data);
    logger.error({ err: error }, 'MCP request failed');
    throw new ProtocolError(RPC_INTERNAL_ERROR.code, RPC_INTERNAL_ERROR.message);
  }
}
