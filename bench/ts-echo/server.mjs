// Baseline for the Pallas benchmarks: what a user might pick instead of Pallas.
// The TypeScript MCP SDK's own stateless Streamable HTTP pattern (a fresh server and transport per
// POST, as in the SDK's simpleStatelessStreamableHttp example) with one `echo` tool.
// Usage: node server.mjs [port]   (listens on 127.0.0.1, path /mcp)
import http from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const port = Number(process.argv[2] ?? process.env.PORT ?? 8310);

function createServer() {
  const server = new McpServer({ name: 'ts-echo', version: '0.1.0' });
  server.registerTool(
    'echo',
    { description: 'Echoes the message back.', inputSchema: { message: z.string() } },
    async ({ message }) => ({ content: [{ type: 'text', text: message }] }),
  );
  return server;
}

const httpServer = http.createServer(async (req, res) => {
  const path = (req.url ?? '').split('?')[0];
  if (req.method === 'GET' && path === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  if (path !== '/mcp') {
    res.writeHead(404).end();
    return;
  }
  if (req.method !== 'POST') {
    // Stateless: no standalone GET stream and no sessions to delete.
    res.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  const server = createServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => {
    transport.close();
    server.close();
  });
  try {
    await server.connect(transport);
    await transport.handleRequest(req, res);
  } catch (error) {
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(
        JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: String(error?.message ?? error) }, id: null }),
      );
    }
  }
});

httpServer.keepAliveTimeout = 65_000;
httpServer.listen(port, '127.0.0.1', () => {
  console.log(`ts-echo listening on http://127.0.0.1:${port}/mcp`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => httpServer.close(() => process.exit(0)));
}
