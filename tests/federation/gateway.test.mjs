// Checks gateway.config.mjs with the real Hive Gateway CLI: run with `node --test tests/federation/`.
//
// 1. The config loads and the gateway answers `{ __typename }` over HTTP for a supergraph
//    composed from fixtures/all-in-one.graphql (no subgraph needs to run for that).
// 2. Against a small fake subgraph (HTTP on /graphql, graphql-transport-ws on /graphql/ws),
//    the caller's authorization reaches the subgraph: as the `authorization` header of HTTP
//    requests, and as {"Authorization": …} in the connection_init payload of the WebSocket
//    the gateway opens for a subscription, whether the client came over HTTP (SSE) or over
//    WebSocket. This is the gateway side only; the hub's own subgraphs are tested elsewhere.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { graphql, buildSchema, subscribe } from 'graphql';
import { createClient } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import WebSocket, { WebSocketServer } from 'ws';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, 'node_modules', '.bin', 'hive-gateway');
const config = join(here, 'gateway.config.mjs');
const dir = mkdtempSync(join(tmpdir(), 'hub-gateway-test-'));

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

function composeSupergraph(out, subgraphs, urls = []) {
  const r = spawnSync(process.execPath, [join(here, 'compose.mjs'), '--out', out, ...urls.flatMap((u) => ['--url', u]), ...subgraphs], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/** Starts `hive-gateway supergraph FILE -c gateway.config.mjs` with PORT set; resolves once it listens. */
async function startGateway(t, supergraph) {
  const port = await freePort();
  const child = spawn(bin, ['supergraph', supergraph, '-c', config], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((r) => child.on('exit', r));
  t.after(async () => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  });
  const deadline = Date.now() + 30_000;
  while (!/Listening on/.test(log)) {
    if (child.exitCode !== null) assert.fail(`gateway exited ${child.exitCode}:\n${log}`);
    if (Date.now() > deadline) assert.fail(`gateway did not start in 30 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(log, /Loaded config/);
  return { url: `http://127.0.0.1:${port}/graphql`, wsUrl: `ws://127.0.0.1:${port}/graphql`, log: () => log };
}

async function post(url, query, headers = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: await res.json() };
}

function wsOperation(wsUrl, query, connectionParams) {
  return new Promise((resolve, reject) => {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0 });
    const got = [];
    const timer = setTimeout(() => { client.dispose(); reject(new Error('WebSocket operation timed out')); }, 15_000);
    client.subscribe({ query }, {
      next: (v) => got.push(v),
      error: (e) => { clearTimeout(timer); client.dispose(); reject(e instanceof Error ? e : new Error(JSON.stringify(e))); },
      complete: () => { clearTimeout(timer); client.dispose(); resolve(got); },
    });
  });
}

after(() => rmSync(dir, { recursive: true, force: true }));

test('hive-gateway --help runs', () => {
  const r = spawnSync(bin, ['--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /supergraph \[options\] \[schemaPathOrUrl\]/);
});

test('the config loads and the gateway answers { __typename } for the fixture supergraph', async (t) => {
  const supergraph = join(dir, 'fixture-supergraph.graphql');
  composeSupergraph(supergraph, [`directory=${join(here, 'fixtures', 'all-in-one.graphql')}`]);
  const gw = await startGateway(t, supergraph);
  const r = await post(gw.url, '{ __typename }');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { data: { __typename: 'Query' } });
});

// A fake subgraph: `whoami` returns the Authorization header it received; `ticks` yields
// twice the Authorization entry of the WebSocket connection_init payload.
const fake = { http: [], wsInit: [], wsPaths: [] };
let fakeServer;
let fakeUrl;

before(async () => {
  const schema = buildSchema('type Query { whoami: String } type Subscription { ticks: String! }');
  fakeServer = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/graphql') { res.writeHead(404).end(); return; }
    let body = '';
    for await (const chunk of req) body += chunk;
    const { query, variables } = JSON.parse(body);
    fake.http.push({ authorization: req.headers.authorization });
    const result = await graphql({
      schema, source: query, variableValues: variables,
      rootValue: { whoami: () => req.headers.authorization ?? '(none)' },
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  });
  const wss = new WebSocketServer({ noServer: true });
  fakeServer.on('upgrade', (req, socket, head) => {
    fake.wsPaths.push(req.url);
    if (req.url !== '/graphql/ws') { socket.destroy(); return; }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  useServer({
    schema,
    onConnect: (ctx) => { fake.wsInit.push(ctx.connectionParams ?? null); },
    subscribe: (args) => subscribe({
      ...args,
      rootValue: {
        ticks: async function* () {
          const who = args.contextValue.connectionParams?.Authorization ?? '(none)';
          for (let i = 0; i < 2; i++) yield { ticks: `${i}:${who}` };
        },
      },
    }),
    context: (ctx) => ({ connectionParams: ctx.connectionParams }),
  }, wss);
  await new Promise((r) => fakeServer.listen(0, '127.0.0.1', r));
  fakeUrl = `http://127.0.0.1:${fakeServer.address().port}/graphql`;
  fakeServer.on('close', () => wss.close());
});

after(() => new Promise((r) => { fakeServer?.closeAllConnections?.(); fakeServer?.close(r); }));

test('authorization is forwarded to subgraphs over HTTP and in the WebSocket connection_init payload', async (t) => {
  const sdl = join(dir, 'fake.graphql');
  writeFileSync(sdl, 'type Query { whoami: String } type Subscription { ticks: String! }');
  const supergraph = join(dir, 'fake-supergraph.graphql');
  composeSupergraph(supergraph, [`fake=${sdl}`], [`fake=${fakeUrl}`]);
  const gw = await startGateway(t, supergraph);

  // HTTP in, HTTP out.
  assert.deepEqual((await post(gw.url, '{ whoami }', { authorization: 'Bearer http-token' })).body, { data: { whoami: 'Bearer http-token' } });
  assert.deepEqual((await post(gw.url, '{ whoami }')).body, { data: { whoami: '(none)' } });

  // WebSocket in (token in the client's connection_init payload), HTTP out.
  assert.deepEqual(await wsOperation(gw.wsUrl, '{ whoami }', { Authorization: 'Bearer ws-query' }), [{ data: { whoami: 'Bearer ws-query' } }]);

  // WebSocket in, WebSocket out on /graphql/ws.
  assert.deepEqual(await wsOperation(gw.wsUrl, 'subscription { ticks }', { Authorization: 'Bearer ws-token' }), [
    { data: { ticks: '0:Bearer ws-token' } },
    { data: { ticks: '1:Bearer ws-token' } },
  ]);
  // The payload key is matched case-insensitively on the way in and sent as `Authorization`.
  assert.deepEqual(await wsOperation(gw.wsUrl, 'subscription { ticks }', { authorization: 'Bearer lower' }), [
    { data: { ticks: '0:Bearer lower' } },
    { data: { ticks: '1:Bearer lower' } },
  ]);
  assert.deepEqual(await wsOperation(gw.wsUrl, 'subscription { ticks }', undefined), [
    { data: { ticks: '0:(none)' } },
    { data: { ticks: '1:(none)' } },
  ]);

  // HTTP (server-sent events) in, WebSocket out.
  const sse = await fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: 'Bearer sse-token' },
    body: JSON.stringify({ query: 'subscription { ticks }' }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await sse.text();
  assert.match(text, /"ticks":"0:Bearer sse-token"/);
  assert.match(text, /"ticks":"1:Bearer sse-token"/);

  assert.ok(fake.wsPaths.length >= 4 && fake.wsPaths.every((p) => p === '/graphql/ws'), JSON.stringify(fake.wsPaths));
  assert.deepEqual(fake.wsInit.map((p) => p?.Authorization ?? null).sort(), [
    'Bearer lower', 'Bearer sse-token', 'Bearer ws-token', null,
  ]);
  // An anonymous subscription sends no Authorization at all (not an empty one).
  assert.ok(fake.wsInit.some((p) => p === null || !('Authorization' in p)));
  assert.deepEqual(fake.http.map((h) => h.authorization ?? null), ['Bearer http-token', null, 'Bearer ws-query']);
});
