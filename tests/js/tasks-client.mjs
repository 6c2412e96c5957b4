// A Tasks-extension (SEP-2663) client for a Pallas agent at MCP revision 2026-07-28, built on the official
// @modelcontextprotocol/client 2.x and @modelcontextprotocol/ext-tasks packages.
//
// Usage:
//   node tasks-client.mjs <url> complete <message>
//     Calls tool send_message {message}; the server answers with a CreateTaskResult
//     ({resultType:"task", taskId, status:"working", createdAt, lastUpdatedAt, ttlMs, pollIntervalMs}).
//     Polls tasks/get until the status is terminal and prints one JSON line:
//       {"created": <CreateTaskResult>, "statuses": [<every status seen, in order>], "final": <last tasks/get result>}
//   node tasks-client.mjs <url> cancel <message> <delay-ms>
//     Creates the task the same way, waits delay-ms, sends tasks/cancel, then polls tasks/get until terminal and
//     prints the same line plus "cancelAck": <the tasks/cancel result>.
//   Exit code 0 on success; on any error, or after 30 s overall, one line on stderr and exit code 1.
//
// Package APIs used:
//   @modelcontextprotocol/client
//     new Client(clientInfo, { capabilities: { extensions: { "io.modelcontextprotocol/tasks": {} } },
//                             versionNegotiation: { mode: { pin: "2026-07-28" } } })
//       connect() probes with server/discover and fails unless the server offers 2026-07-28.
//     StreamableHTTPClientTransport(url), client.getProtocolEra(), client.getServerCapabilities(), client.close()
//   @modelcontextprotocol/ext-tasks/client
//     createTaskSessionFromClient(client, { endpointId, rawDispatch, v2RequestFraming })
//       The package needs a raw request path for V2 task traffic (tools/call and tasks/*), which the SDK's
//       codecs reject: rawDispatch below POSTs the JSON-RPC request itself (its own ids, response matching,
//       Mcp-Method / Mcp-Name headers) and records each raw result for the output line. The adapter adds the
//       _meta framing (protocolVersion, clientInfo, clientCapabilities with the tasks extension).
//     session.callTool("send_message", {message}) -> tools/call; a ToolExecution of kind "task" or "immediate"
//     execution.settle({ onEvent }) -> polls tasks/get (at the server's pollIntervalMs) until terminal
//     execution.cancel() -> tasks/cancel {taskId}; ends the execution's local lifetime
//     session.task(taskId).result() -> polls tasks/get until terminal (used after the cancel)
//     session.close()
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createTaskSessionFromClient } from "@modelcontextprotocol/ext-tasks/client";

const PROTOCOL_VERSION = "2026-07-28";
const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";
const OVERALL_TIMEOUT_MS = 30_000;
const TERMINAL = new Set(["completed", "failed", "cancelled"]);
const CLIENT_INFO = { name: "pallas-tasks-client", version: "1.0.0" };

function fail(message) {
  process.stderr.write(`tasks-client: ${String(message).replace(/\s*\n\s*/g, " ")}\n`);
  process.exit(1);
}

function usage() {
  fail("usage: node tasks-client.mjs <url> complete <message> | node tasks-client.mjs <url> cancel <message> <delay-ms>");
}

function brief(value) {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

function errorText(error) {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  const code = typeof error.code === "number" ? ` [${error.code}]` : "";
  return `${error.message}${code}${cause}`;
}

const [url, mode, message, delayArg, ...extra] = process.argv.slice(2);
if (!url || !message || extra.length > 0) usage();
if (mode !== "complete" && mode !== "cancel") usage();
if ((mode === "cancel") !== (delayArg !== undefined)) usage();
const delayMs = mode === "cancel" ? Number(delayArg) : 0;
if (!Number.isFinite(delayMs) || delayMs < 0) usage();
let endpoint;
try {
  endpoint = new URL(url);
} catch {
  fail(`not a URL: ${url}`);
}

const overall = AbortSignal.timeout(OVERALL_TIMEOUT_MS);
const overallTimer = setTimeout(() => fail(`timed out after ${OVERALL_TIMEOUT_MS / 1000} s`), OVERALL_TIMEOUT_MS);

/** Every raw JSON-RPC exchange rawDispatch made, in order: {method, result} or {method, error}. */
const exchanges = [];
let nextId = 1;

/** Reads the JSON-RPC response with the given id from a JSON or an SSE body. */
async function readResponse(response, id) {
  const type = response.headers.get("content-type") ?? "";
  const text = await response.text();
  const messages = [];
  if (type.includes("text/event-stream")) {
    for (const event of text.split(/\r?\n\r?\n/)) {
      const data = event
        .split(/\r?\n/)
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).replace(/^ /, ""))
        .join("\n");
      if (data) messages.push(JSON.parse(data));
    }
  } else if (text.trim()) {
    const parsed = JSON.parse(text);
    messages.push(...(Array.isArray(parsed) ? parsed : [parsed]));
  }

  const match = messages.find((candidate) => candidate && candidate.id === id && ("result" in candidate || "error" in candidate));
  if (match === undefined) {
    throw new Error(`HTTP ${response.status} with no JSON-RPC response to request ${id}: ${text.slice(0, 200)}`);
  }

  return match;
}

/** The host request path ext-tasks needs for V2 task traffic (RawClientDispatch). */
async function rawDispatch(request, options = {}) {
  const id = `tasks-client-${nextId++}`;
  const params = request.params ?? {};
  const name = request.method === "tools/call" ? params.name : request.method.startsWith("tasks/") ? params.taskId : undefined;
  // Header names are case-insensitive: the package's own context headers (it sends Mcp-Name: <taskId> on task
  // follow-ups) replace ours rather than duplicating them.
  const headers = new Headers({
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": PROTOCOL_VERSION,
    "mcp-method": request.method,
    ...(typeof name === "string" ? { "mcp-name": name } : {}),
  });
  for (const [header, value] of Object.entries(options.context?.headers ?? {})) headers.set(header, value);
  const signals = [overall, options.signal, options.context?.requestTimeoutMs ? AbortSignal.timeout(options.context.requestTimeoutMs) : undefined];
  const response = await fetch(endpoint, {
    method: "POST",
    headers,
    body: JSON.stringify({ ...request, jsonrpc: "2.0", id }),
    signal: AbortSignal.any(signals.filter(Boolean)),
  });
  const answer = await readResponse(response, id);
  if ("error" in answer) {
    exchanges.push({ method: request.method, error: answer.error });
    return { kind: "error", error: answer.error };
  }

  exchanges.push({ method: request.method, result: answer.result });
  return { kind: "result", result: answer.result };
}

function results(method) {
  return exchanges.filter((exchange) => exchange.method === method && "result" in exchange).map((exchange) => exchange.result);
}

async function run() {
  const client = new Client(CLIENT_INFO, {
    capabilities: { extensions: { [TASKS_EXTENSION]: {} } },
    versionNegotiation: { mode: { pin: PROTOCOL_VERSION } },
  });
  try {
    await client.connect(new StreamableHTTPClientTransport(endpoint), { signal: overall });
  } catch (error) {
    throw new Error(`could not connect to ${url} at ${PROTOCOL_VERSION}: ${errorText(error)}`);
  }

  if (client.getProtocolEra() !== "modern") {
    throw new Error(`${url} did not negotiate ${PROTOCOL_VERSION} (era ${client.getProtocolEra()})`);
  }

  const declaresTasks = client.getServerCapabilities()?.extensions?.[TASKS_EXTENSION] !== undefined;
  const session = createTaskSessionFromClient(client, {
    endpointId: endpoint.href,
    rawDispatch,
    v2RequestFraming: {
      protocolVersion: PROTOCOL_VERSION,
      clientInfo: CLIENT_INFO,
      clientCapabilities: { extensions: { [TASKS_EXTENSION]: {} } },
    },
  });
  try {
    const execution = await session.callTool("send_message", { message }, { signal: overall });
    if (execution.kind !== "task") {
      const immediate = await execution.result().catch((error) => ({ error: errorText(error) }));
      throw new Error(
        `tools/call send_message did not create a task: the server answered with an immediate result` +
          (declaresTasks ? "" : ` (server/discover does not declare the ${TASKS_EXTENSION} extension)`) +
          `: ${brief(immediate.result ?? immediate)}`,
      );
    }

    const created = results("tools/call").at(-1);
    if (created?.resultType !== "task" || created.taskId !== execution.handle.taskId) {
      throw new Error(`tools/call send_message returned no CreateTaskResult: ${brief(created)}`);
    }

    let cancelAck;
    if (mode === "complete") {
      await execution.settle({ signal: overall });
    } else {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await execution.cancel(overall);
      cancelAck = results("tasks/cancel").at(-1);
      await session.task(execution.handle.taskId).result({ signal: overall });
    }

    const polled = results("tasks/get");
    const final = polled.at(-1);
    if (final === undefined || !TERMINAL.has(final.status)) {
      throw new Error(`tasks/get never reported a terminal status (last: ${brief(final)})`);
    }

    const line = { created, statuses: [created.status, ...polled.map((task) => task.status)], final };
    if (mode === "cancel") line.cancelAck = cancelAck;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    await session.close().catch(() => {});
    await client.close().catch(() => {});
  }
}

run().then(
  () => {
    clearTimeout(overallTimer);
    process.exit(0);
  },
  (error) => {
    const failed = exchanges.find((exchange) => "error" in exchange);
    fail(failed && !errorText(error).includes(failed.error.message) ? `${errorText(error)}; ${failed.method} error: ${brief(failed.error)}` : errorText(error));
  },
);
