// Issue 25, the protocol part: the chat's Engine.IO v4 / Socket.IO v5 server
// checked from outside against what the reference server (engine.io 6,
// socket.io 4.8) does, with raw HTTP and WebSocket exchanges and the official
// socket.io-client, at the short heartbeat settings clients' tests use
// (pingInterval 300 ms, pingTimeout 200 ms):
// 1. a PUT handshake is 400 "Bad handshake method" (not the router's 405);
// 2. the GET held when the client POSTs close is answered with a noop (6);
// 3. a second WebSocket for a session that already upgraded is accepted, then closed;
// 4. heartbeats are on time (tolerances below), over long-polling and WebSocket,
//    and a silent client is dropped pingTimeout after its ping.
// And issue 19's leftover: chat:deleted says who deleted (`by`), here an admin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { sleep, waitFor, CookieJar } from './lib/server.mjs';
import { useChatServer, signUp, createRoom, connect as connectTo, call, connected } from './lib/chat.mjs';

const PING_INTERVAL = 300;
const PING_TIMEOUT = 200;
const ADMIN_EMAIL = `chat-admin-${process.pid}@example.test`;

const chat = useChatServer({
  chatConfig: { pingIntervalMs: PING_INTERVAL, pingTimeoutMs: PING_TIMEOUT, eventLimitPerAddress: 100000 },
  configure: (config) => { config.rooms = { ...(config.rooms || {}), admins: [ADMIN_EMAIL] }; },
  started: (s) => { server = s; },
});
let server;

const eio = (query = '') => `/socket.io/?EIO=4&transport=polling${query}`;
const wsUrl = (sid) => `${server.baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket${sid ? `&sid=${sid}` : ''}`;

/** A raw long-polling handshake: the open packet's fields. */
async function pollingHandshake() {
  const res = await server.fetch(eio());
  assert.equal(res.status, 200);
  const body = await res.text();
  assert.equal(body[0], '0', body);
  return JSON.parse(body.slice(1));
}

/** A raw WebSocket that records its text messages with their arrival times. */
function rawWebSocket(url) {
  const socket = new WebSocket(url);
  socket.messages = [];
  socket.on('message', (data, binary) => {
    if (!binary) socket.messages.push({ text: data.toString(), at: performance.now() });
  });
  return socket;
}
const opened = (socket) => new Promise((resolve, reject) => {
  socket.once('open', resolve);
  socket.once('unexpected-response', (req, res) => reject(new Error(`HTTP ${res.statusCode} instead of a WebSocket`)));
  socket.once('error', reject);
});
const closed = (socket) => new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
const nextMessage = (socket, text, timeoutMs = 3000) => waitFor(() => socket.messages.some((m) => m.text === text),
  { timeoutMs, intervalMs: 5, what: `"${text}" on the WebSocket` });

test('fix 1: a PUT handshake is 400 "Bad handshake method", as from engine.io', async () => {
  for (const method of ['PUT', 'DELETE', 'PATCH']) {
    const res = await server.fetch(eio(), { method });
    assert.equal(res.status, 400, `${method} answered ${res.status}`);
    assert.deepEqual(await res.json(), { code: 2, message: 'Bad handshake method' });
  }
  // With a sid it is a bad request of that session (engine.io's code 3), which stays open.
  const { sid } = await pollingHandshake();
  const put = await server.fetch(eio(`&sid=${sid}`), { method: 'PUT', body: '1' });
  assert.equal(put.status, 400);
  assert.equal((await put.json()).code, 3);
  const post = await server.fetch(eio(`&sid=${sid}`), { method: 'POST', body: '1', headers: { 'content-type': 'text/plain' } });
  assert.equal(post.status, 200, 'the session was still open');
});

test('fix 2: the GET held when the client POSTs close is answered with a noop (6)', async () => {
  const { sid } = await pollingHandshake();
  // Well within the first pingInterval, so the held GET has nothing else to carry.
  const held = server.fetch(eio(`&sid=${sid}`)).then(async (res) => ({ status: res.status, body: await res.text() }));
  await sleep(50);
  const close = await server.fetch(eio(`&sid=${sid}`), { method: 'POST', body: '1', headers: { 'content-type': 'text/plain' } });
  assert.equal(close.status, 200);
  assert.deepEqual(await held, { status: 200, body: '6' });
  // The session is gone.
  const after = await server.fetch(eio(`&sid=${sid}`));
  assert.equal(after.status, 400);
  assert.deepEqual(await after.json(), { code: 1, message: 'Session ID unknown' });
});

test('fix 3: a second WebSocket for an upgraded session is accepted, then closed; the session goes on', async () => {
  const { sid } = await pollingHandshake();
  const first = rawWebSocket(wsUrl(sid));
  first.on('message', (data) => { if (data.toString() === '2') first.send('3'); });  // answer the server's pings
  await opened(first);
  first.send('2probe');
  await nextMessage(first, '3probe');
  first.send('5');

  for (let attempt = 0; attempt < 2; attempt++) {
    const second = rawWebSocket(wsUrl(sid));
    const secondClosed = closed(second);
    await opened(second);  // an HTTP 400 would reject here
    const { code } = await secondClosed;
    assert.equal(code, 1008);
    assert.deepEqual(second.messages, [], 'nothing of the session reached the second WebSocket');
  }
  // The first still carries the session: a client ping is answered.
  first.messages.length = 0;
  first.send('2hello');
  await nextMessage(first, '3hello');
  assert.equal(first.readyState, WebSocket.OPEN);
  const firstClosed = closed(first);
  first.close();
  await firstClosed;
});

/** Gaps between successive pings a socket.io-client socket received over `transports` in `ms`. */
async function pingGaps(transports, ms) {
  const socket = await connected(connectTo(server, chat.sockets, { transports }));
  const pings = [];
  socket.io.engine.on('ping', () => pings.push(performance.now()));
  const disconnects = [];
  socket.on('disconnect', (reason) => disconnects.push(reason));
  await sleep(ms);
  const result = { gaps: pings.slice(1).map((t, i) => t - pings[i]), disconnects: [...disconnects], stillConnected: socket.connected };
  socket.close();
  return result;
}

for (const transports of [['polling'], ['websocket']]) {
  test(`fix 4: heartbeats at ${PING_INTERVAL}/${PING_TIMEOUT} ms keep socket.io-client connected over ${transports[0]}, pings on time`, async () => {
    const { gaps, disconnects, stillConnected } = await pingGaps(transports, 4000);
    assert.deepEqual(disconnects, [], 'no "ping timeout" (with a 1-second sweep the client dropped at these settings)');
    assert.ok(stillConnected);
    // The next ping leaves pingInterval after the pong arrives: a gap is
    // 300 ms plus a round trip. Tolerances allow for a shared, busy machine;
    // a 1-second sweep made gaps of 1000-2000 ms.
    assert.ok(gaps.length >= 8, `only ${gaps.length + 1} pings in 4 s: ${gaps.map(Math.round)}`);
    const sorted = [...gaps].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    assert.ok(sorted[0] >= PING_INTERVAL - 10, `a ping came early: gaps ${gaps.map(Math.round)}`);
    assert.ok(median <= PING_INTERVAL + 40, `median gap ${median.toFixed(1)} ms: gaps ${gaps.map(Math.round)}`);
    assert.ok(sorted.at(-1) <= PING_INTERVAL + 200, `a ping was late: gaps ${gaps.map(Math.round)}`);
  });
}

test('fix 4: a client that does not answer is pinged after pingInterval and dropped pingTimeout later', async () => {
  const socket = rawWebSocket(wsUrl());
  const socketClosed = closed(socket);
  await opened(socket);
  await waitFor(() => socket.messages.length > 0, { intervalMs: 5, what: 'the open packet' });
  const open = socket.messages[0];
  assert.equal(open.text[0], '0');
  assert.equal(JSON.parse(open.text.slice(1)).pingInterval, PING_INTERVAL);
  await nextMessage(socket, '2');
  const ping = socket.messages.find((m) => m.text === '2');
  const { code } = await socketClosed;
  const closedAt = performance.now();
  const pingAfter = ping.at - open.at;
  const closeAfter = closedAt - ping.at;
  assert.ok(pingAfter >= PING_INTERVAL - 10 && pingAfter <= PING_INTERVAL + 100, `ping ${pingAfter.toFixed(1)} ms after the open`);
  assert.ok(closeAfter >= PING_TIMEOUT - 10 && closeAfter <= PING_TIMEOUT + 100, `closed ${closeAfter.toFixed(1)} ms after the ping`);
  assert.equal(code, 1000);
});

test('issue 19: chat:deleted says an admin deleted the message (by "admin")', async () => {
  const jar = new CookieJar();
  const res = await server.postJson(jar, '/api/auth/sign-up/email',
    { name: 'admin', email: ADMIN_EMAIL, password: 'correct horse battery staple' });
  assert.ok(res.ok, await res.text());
  const admin = { cookie: jar.header() };
  const owner = await signUp(server);
  const room = await createRoom(server, owner);
  const ownerSocket = await connected(connectTo(server, chat.sockets, { cookie: owner.cookie, transports: ['websocket'] }));
  const adminSocket = await connected(connectTo(server, chat.sockets, { cookie: admin.cookie, transports: ['websocket'] }));
  await call(ownerSocket, 'room:join', { roomId: room.id });
  await call(adminSocket, 'room:join', { roomId: room.id });
  const sent = await call(ownerSocket, 'chat:send', { roomId: room.id, text: 'to be removed' });
  assert.equal(sent.ok, true);
  assert.equal((await call(adminSocket, 'chat:delete', { roomId: room.id, messageId: sent.id })).ok, true);
  await waitFor(() => ownerSocket.received.some((e) => e.event === 'chat:deleted'), { what: 'chat:deleted' });
  assert.deepEqual(ownerSocket.received.find((e) => e.event === 'chat:deleted').arg,
    { roomId: room.id, messageId: sent.id, by: 'admin' });
  ownerSocket.close(); adminSocket.close();
});
