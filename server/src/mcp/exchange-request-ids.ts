import { randomInt } from 'node:crypto';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';

/** Requests one exchange may send to the client (elicitation, sampling): far more than it does. */
const SPAN = 2 ** 16;
/** Offsets are multiples of SPAN below 2^48: integers every JSON-RPC client reads exactly. */
const SLOTS = 2 ** 32;

/**
 * Gives the requests a server sends over `inner` (a 2025-era exchange) ids
 * of their own within the session. Each request of a 2025 session is served
 * by a fresh server, which numbers its requests from 0, and the client's
 * replies are handed to every exchange of the session that is still open
 * (session-relay.ts): two tool calls asking for confirmation at once sent
 * two `elicitation/create` requests with id 0 and both took the first answer
 * back. JSON-RPC 2.0 §4 has the id identify the request; here each
 * exchange's ids start at a random multiple of 2^16 below 2^48 (two open
 * exchanges of a session collide with odds of 2^-32), and a reply is passed
 * on, with its id as the server numbered it, only to the exchange that sent
 * the request.
 */
export function withExchangeRequestIds<T extends Transport>(inner: T): T {
  const offset = randomInt(1, SLOTS) * SPAN;
  const outgoing = (message: JSONRPCMessage): JSONRPCMessage => {
    if ('method' in message && 'id' in message && typeof message.id === 'number') {
      return { ...message, id: message.id + offset };
    }
    // The server's own request, called off (the client's cancellations pass untouched).
    if (
      'method' in message &&
      message.method === 'notifications/cancelled' &&
      typeof message.params?.requestId === 'number'
    ) {
      return {
        ...message,
        params: { ...message.params, requestId: message.params.requestId + offset },
      };
    }
    return message;
  };
  const incoming = (message: JSONRPCMessage): JSONRPCMessage | undefined => {
    if ('method' in message || !('id' in message)) return message;
    // A reply: to one of this exchange's requests, or to another exchange's.
    const { id } = message;
    if (typeof id !== 'number' || id < offset || id >= offset + SPAN) return undefined;
    return { ...message, id: id - offset };
  };
  let handler: Transport['onmessage'];
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'send') {
        return (message: JSONRPCMessage, options?: Parameters<Transport['send']>[1]) =>
          target.send(outgoing(message), options);
      }
      if (property === 'onmessage') return handler;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
    set(target, property, value) {
      if (property !== 'onmessage') return Reflect.set(target, property, value, target);
      handler = value as Transport['onmessage'];
      target.onmessage = handler
        ? (message, extra) => {
            const translated = incoming(message);
            if (translated) handler!(translated, extra);
          }
        : undefined;
      return true;
    },
  });
}
