// The chat plugin driven by the official socket.io-client (tests/node_modules)
// against the real server binary: both transports, acks, namespaces, rooms,
// rate limit, moderation, anonymous read-only, reconnect and history after restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { io } from 'socket.io-client';
import { startServer, shippedPlugins, CookieJar, waitFor, sleep } from './lib/server.mjs';

const plugins = () => shippedPlugins().filter((p) => ['auth-password', 'chat'].includes(p.name));
const configure = (config) => {
  const chat = config.plugins.find((p) => p.name === 'chat');
  chat.config = { rateLimitMessages: 5, rateLimitWindowSeconds: 30 };
};

let server;
let userCount = 0;
const sockets = new Set();

before(async () => { server = await startServer({ plugins: plugins(), configure }); });
after(async () => {
  for (const s of sockets) s.close();
  if (server) { await server.stop(); server.cleanup(); }
});

async function signUp(srv, name = `user${++userCount}`) {
  const jar = new CookieJar();
  const res = await srv.fetch('/api/auth/sign-up/email', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: srv.publicUrl },
    body: JSON.stringify({ name, email: `${name}-${Date.now()}@example.test`, password: 'correct horse battery staple' }),
  });
  assert.ok(res.ok, `sign-up answered ${res.status}: ${await res.text()}`);
  jar.store(res);
  return { name, cookie: jar.header() };
}

async function createRoom(srv, user, title = 'A room') {
  const res = await srv.fetch('/api/rooms', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: srv.publicUrl, cookie: user.cookie },
    body: JSON.stringify({ channelId: 'gaming', title }),
  });
  assert.equal(res.status, 201, `room creation answered ${res.status}: ${await res.text()}`);
  return (await res.json()).room;
}

function connect(srv, { nsp = '/gaming', user, transports, reconnection = false } = {}) {
  const socket = io(`${srv.baseUrl}${nsp}`, {
    transports: transports || ['polling', 'websocket'],
    extraHeaders: user ? { cookie: user.cookie } : {},
    reconnection,
    reconnectionDelay: 100,
    timeout: 5000,
    forceNew: true,
  });
  sockets.add(socket);
  return socket;
}

function once(socket, event, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (value) => { clearTimeout(timer); resolve(value); });
  });
}

const call = (socket, event, arg) => socket.timeout(5000).emitWithAck(event, arg);

async function connected(socket) {
  if (!socket.connected) await once(socket, 'connect');
  return socket;
}

test('long-polling first, then the upgrade to WebSocket, with acks and broadcast', async () => {
  const owner = await signUp(server);
  const room = await createRoom(server, owner);
  const socket = await connected(connect(server, { user: owner }));
  assert.equal(socket.io.engine.transport.name, 'polling');
  await waitFor(() => socket.io.engine.transport.name === 'websocket', { what: 'the upgrade to websocket' });

  const joined = await call(socket, 'room:join', { roomId: room.id });
  assert.equal(joined.room.id, room.id);
  assert.equal(joined.live, false);
  assert.equal(joined.viewers, 1);
  assert.deepEqual(joined.history, []);

  const received = once(socket, 'chat:message');
  const ack = await call(socket, 'chat:send', { roomId: room.id, text: '  hello world  ' });
  assert.equal(ack.ok, true);
  const message = await received;
  assert.equal(message.text, 'hello world');
  assert.equal(message.roomId, room.id);
  assert.equal(message.user.name, owner.name);
  assert.equal(message.id, ack.id);
  assert.ok(Math.abs(message.ts - Date.now()) < 10000);
  socket.close();
});

test('transports: ["websocket"] connects directly; polling-only works too', async () => {
  const user = await signUp(server);
  const room = await createRoom(server, user);
  const ws = await connected(connect(server, { user, transports: ['websocket'] }));
  assert.equal(ws.io.engine.transport.name, 'websocket');
  const poll = await connected(connect(server, { transports: ['polling'] }));
  await call(ws, 'room:join', { roomId: room.id });
  await call(poll, 'room:join', { roomId: room.id });
  const atPoller = once(poll, 'chat:message');
  assert.equal((await call(ws, 'chat:send', { roomId: room.id, text: 'over both transports' })).ok, true);
  assert.equal((await atPoller).text, 'over both transports');
  ws.close(); poll.close();
});

test('an unknown namespace gets CONNECT_ERROR "Invalid namespace"', async () => {
  const socket = connect(server, { nsp: '/no-such-channel' });
  const error = await once(socket, 'connect_error');
  assert.equal(error.message, 'Invalid namespace');
  socket.close();
  const main = connect(server, { nsp: '/' });
  assert.equal((await once(main, 'connect_error')).message, 'Invalid namespace');
  main.close();
});

test('anonymous viewers read but cannot send; the author comes from the session', async () => {
  const user = await signUp(server);
  const room = await createRoom(server, user);
  const anon = await connected(connect(server, { transports: ['websocket'] }));
  const author = await connected(connect(server, { user, transports: ['websocket'] }));
  await call(anon, 'room:join', { roomId: room.id });
  await call(author, 'room:join', { roomId: room.id });
  const refused = await call(anon, 'chat:send', { roomId: room.id, text: 'let me in' });
  assert.equal(refused.error, 'unauthorized');
  const seen = once(anon, 'chat:message');
  await call(author, 'chat:send', { roomId: room.id, text: 'hi', user: { id: 'forged', name: 'Forged' } });
  const message = await seen;
  assert.equal(message.user.name, user.name);
  assert.notEqual(message.user.id, 'forged');
  anon.close(); author.close();
});

test('text rules and joining rooms: trimmed 1..500 characters, only in a joined room of this channel', async () => {
  const user = await signUp(server);
  const room = await createRoom(server, user);
  const socket = await connected(connect(server, { user, transports: ['websocket'] }));
  assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: 'x' })).error, 'not_in_room');
  assert.equal((await call(socket, 'room:join', { roomId: 'missing-room' })).error, 'room_not_found');
  await call(socket, 'room:join', { roomId: room.id });
  assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: '   ' })).error, 'invalid_text');
  assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: 'y'.repeat(501) })).error, 'invalid_text');
  assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: 'é'.repeat(500) })).ok, true);
  const music = await connected(connect(server, { nsp: '/music', user, transports: ['websocket'] }));
  assert.equal((await call(music, 'room:join', { roomId: room.id })).error, 'room_not_found');
  assert.equal((await call(socket, 'room:leave', { roomId: room.id })).ok, true);
  assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: 'gone' })).error, 'not_in_room');
  socket.close(); music.close();
});

test('per-user rate limit answers an error ack and keeps the connection', async () => {
  const user = await signUp(server);
  const room = await createRoom(server, user);
  const tab1 = await connected(connect(server, { user, transports: ['websocket'] }));
  const tab2 = await connected(connect(server, { user }));  // same user, another tab
  await call(tab1, 'room:join', { roomId: room.id });
  await call(tab2, 'room:join', { roomId: room.id });
  for (let i = 0; i < 5; i++) assert.equal((await call(i % 2 ? tab2 : tab1, 'chat:send', { roomId: room.id, text: `m${i}` })).ok, true);
  const limited = await call(tab1, 'chat:send', { roomId: room.id, text: 'one too many' });
  assert.equal(limited.error, 'rate_limited');
  assert.equal((await call(tab2, 'chat:send', { roomId: room.id, text: 'still too many' })).error, 'rate_limited');
  assert.ok(tab1.connected && tab2.connected);
  tab1.close(); tab2.close();
});

test('the owner moderates: delete and mute; others may not', async () => {
  const owner = await signUp(server);
  const viewer = await signUp(server);
  const room = await createRoom(server, owner);
  const os = await connected(connect(server, { user: owner, transports: ['websocket'] }));
  const vs = await connected(connect(server, { user: viewer, transports: ['websocket'] }));
  await call(os, 'room:join', { roomId: room.id });
  await call(vs, 'room:join', { roomId: room.id });
  const sent = await call(vs, 'chat:send', { roomId: room.id, text: 'spam' });
  assert.equal((await call(vs, 'chat:delete', { roomId: room.id, messageId: sent.id })).error, 'forbidden');
  const deleted = once(vs, 'chat:deleted');
  assert.equal((await call(os, 'chat:delete', { roomId: room.id, messageId: sent.id })).ok, true);
  assert.deepEqual(await deleted, { roomId: room.id, messageId: sent.id });
  const reader = await connected(connect(server, { transports: ['websocket'] }));
  const { history } = await call(reader, 'room:join', { roomId: room.id });
  assert.ok(!history.some((m) => m.id === sent.id), 'a deleted message leaves the history');
  reader.close();

  assert.equal((await call(vs, 'chat:mute', { roomId: room.id, userId: room.ownerId, seconds: 60 })).error, 'forbidden');
  const userId = (await call(vs, 'chat:send', { roomId: room.id, text: 'who am i' }));
  assert.equal(userId.ok, true);
  const viewerId = (await call(os, 'room:join', { roomId: room.id })).history.find((m) => m.id === userId.id).user.id;
  assert.equal((await call(os, 'chat:mute', { roomId: room.id, userId: viewerId, seconds: 60 })).ok, true);
  assert.equal((await call(vs, 'chat:send', { roomId: room.id, text: 'muted?' })).error, 'muted');
  assert.equal((await call(os, 'chat:mute', { roomId: room.id, userId: viewerId, seconds: 0 })).ok, true);
  assert.equal((await call(vs, 'chat:send', { roomId: room.id, text: 'free again' })).ok, true);
  os.close(); vs.close();
});

test('room:viewers follows joins and leaves, coalesced', async () => {
  const user = await signUp(server);
  const room = await createRoom(server, user);
  const first = await connected(connect(server, { transports: ['websocket'] }));
  await call(first, 'room:join', { roomId: room.id });
  const counts = [];
  first.on('room:viewers', (v) => { assert.equal(v.roomId, room.id); counts.push(v.count); });
  const others = [];
  for (let i = 0; i < 3; i++) {
    const s = await connected(connect(server, { transports: ['websocket'] }));
    await call(s, 'room:join', { roomId: room.id });
    others.push(s);
  }
  await waitFor(() => counts.at(-1) === 4, { what: 'a viewer count of 4' });
  for (const s of others) s.close();
  await waitFor(() => counts.at(-1) === 1, { what: 'a viewer count of 1' });
  assert.ok(counts.length <= 4, `counts were coalesced: ${counts}`);
  first.close();
});

test('room lifecycle events reach the channel; a deleted room takes its history', async () => {
  const owner = await signUp(server);
  const lobby = await connected(connect(server, { transports: ['websocket'] }));
  const created = once(lobby, 'room:created');
  const room = await createRoom(server, owner, 'Lifecycle');
  assert.equal((await created).id, room.id);
  const deleted = once(lobby, 'room:deleted');
  const res = await server.fetch(`/api/rooms/${room.id}`, { method: 'DELETE', headers: { origin: server.publicUrl, cookie: owner.cookie } });
  assert.ok(res.ok, `delete answered ${res.status}`);
  assert.equal((await deleted).roomId, room.id);
  lobby.close();
});

test('malformed packets and reserved event names close only that session', async () => {
  const handshake = await (await server.fetch('/socket.io/?EIO=4&transport=polling')).text();
  assert.match(handshake, /^0\{/);
  const { sid, pingInterval, pingTimeout, maxPayload, upgrades } = JSON.parse(handshake.slice(1));
  assert.deepEqual({ pingInterval, pingTimeout, maxPayload, upgrades }, { pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000, upgrades: ['websocket'] });
  const post = (body) => server.fetch(`/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body });
  assert.equal(await (await post('40/gaming,')).text(), 'ok');
  const opened = await (await server.fetch(`/socket.io/?EIO=4&transport=polling&sid=${sid}`)).text();
  assert.match(opened, /^40\/gaming,\{"sid":"[^"]+"\}$/);
  await post('42/gaming,["disconnect"]');
  const after = await server.fetch(`/socket.io/?EIO=4&transport=polling&sid=${sid}`);
  assert.equal(after.status, 400);
  assert.equal((await after.json()).code, 1);

  const bad = await (await server.fetch('/socket.io/?EIO=4&transport=polling')).text();
  const badSid = JSON.parse(bad.slice(1)).sid;
  await server.fetch(`/socket.io/?EIO=4&transport=polling&sid=${badSid}`, { method: 'POST', body: '42/gaming,["x"' });
  assert.equal((await server.fetch(`/socket.io/?EIO=4&transport=polling&sid=${badSid}`)).status, 400);
  assert.equal((await server.fetch('/socket.io/?EIO=3&transport=polling')).status, 400);

  const socket = await connected(connect(server, { transports: ['websocket'] }));
  assert.ok(socket.connected, 'the server goes on');
  socket.close();
});

test('WebSocket upgrades from a foreign Origin are refused', async () => {
  const status = await new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: server.httpPort, path: '/socket.io/?EIO=4&transport=websocket',
      headers: {
        connection: 'Upgrade', upgrade: 'websocket', origin: 'https://evil.example',
        'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.on('response', (res) => { res.resume(); resolve(res.statusCode); });
    req.on('upgrade', (res, sock) => { sock.destroy(); resolve(101); });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.end();
  });
  assert.equal(status, 403);
});

test('the client reconnects after its connection drops', async () => {
  const user = await signUp(server);
  const room = await createRoom(server, user);
  const socket = await connected(connect(server, { user, transports: ['websocket'], reconnection: true }));
  await call(socket, 'room:join', { roomId: room.id });
  const reconnected = once(socket.io, 'reconnect', 10000);
  socket.io.engine.close();  // as if the network dropped
  await reconnected;
  await connected(socket);
  const joined = await call(socket, 'room:join', { roomId: room.id });
  assert.equal(joined.room.id, room.id);
  assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: 'back again' })).ok, true);
  socket.close();
});

test('history survives a restart, oldest first, at most 100', async () => {
  const own = await startServer({ plugins: plugins(), configure: (c) => { configure(c); c.plugins.find((p) => p.name === 'chat').config.rateLimitMessages = 1000; } });
  let restarted;
  try {
    const user = await signUp(own);
    const room = await createRoom(own, user);
    const socket = await connected(connect(own, { user, transports: ['websocket'] }));
    await call(socket, 'room:join', { roomId: room.id });
    for (let i = 0; i < 105; i++) assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: `n${i}` })).ok, true);
    socket.close();
    await own.stop();
    restarted = await startServer({ plugins: plugins(), configure, dataDir: own.dataDir, httpPort: own.httpPort });
    const reader = await connected(connect(restarted, { transports: ['websocket'] }));
    const { history } = await call(reader, 'room:join', { roomId: room.id });
    assert.equal(history.length, 100);
    assert.equal(history[0].text, 'n5');
    assert.equal(history[99].text, 'n104');
    reader.close();
  } finally {
    if (restarted) await restarted.stop();
    await own.stop();
    own.cleanup();
  }
});
