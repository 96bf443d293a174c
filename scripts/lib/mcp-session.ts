/** An initialised MCP session over plain HTTP, as any Streamable HTTP client opens one. */
export async function openMcpSession(url: string, token: string, clientName = 'picard-bench') {
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  let id = 0;
  const body = (name: string, args: Record<string, unknown>) =>
    JSON.stringify({
      jsonrpc: '2.0',
      id: (id += 1),
      method: 'tools/call',
      params: { name, arguments: args },
    });
  const init = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: clientName, version: '1' },
      },
    }),
  });
  await init.text();
  const sessionHeaders = {
    ...headers,
    'mcp-session-id': init.headers.get('mcp-session-id')!,
    'mcp-protocol-version': '2025-06-18',
  };
  await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: sessionHeaders,
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  }).then((res) => res.text());
  return {
    headers: sessionHeaders,
    body,
    async call(name: string, args: Record<string, unknown>) {
      const res = await fetch(`${url}/mcp`, {
        method: 'POST',
        headers: sessionHeaders,
        body: body(name, args),
      });
      const text = await res.text();
      return res.status === 200 && !text.includes('"isError":true');
    },
  };
}
