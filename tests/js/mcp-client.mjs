// An MCP client that is not ours: the official TypeScript SDK over Streamable HTTP.
// Usage: node mcp-client.mjs <mcp-url> <agent-name> [bearer-token]
// Lists tools, calls send_message with a progress token (collecting progress and logging notifications),
// calls get_health, gets the {agent}_history prompt, and prints one JSON object on stdout.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const [url, agent, token] = process.argv.slice(2);
if (!url || !agent) {
  console.error("usage: node mcp-client.mjs <mcp-url> <agent-name> [bearer-token]");
  process.exit(2);
}

const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: token ? { headers: { Authorization: `Bearer ${token}` } } : undefined,
});
const client = new Client({ name: "pallas-ts-interop", version: "1.0.0" });
const logs = [];
client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
  logs.push(notification.params);
});

const timeout = setTimeout(() => {
  console.error("timed out");
  process.exit(3);
}, 20_000);

try {
  await client.connect(transport);
  const tools = await client.listTools();
  const progress = [];
  const send = await client.callTool(
    { name: "send_message", arguments: { message: "hello from typescript", conversation_id: "ts-1" } },
    undefined,
    { onprogress: (value) => progress.push(value) },
  );
  const health = await client.callTool({ name: "get_health", arguments: {} });
  const prompt = await client.getPrompt({ name: `${agent}_history` });
  console.log(JSON.stringify({
    server: client.getServerVersion(),
    tools: tools.tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema })),
    send,
    progress,
    logs,
    health,
    prompt,
  }));
  await client.close();
} catch (error) {
  console.error(`mcp-client failed: ${error?.message ?? error}`);
  process.exitCode = 1;
} finally {
  clearTimeout(timeout);
}
