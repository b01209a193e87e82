// The chat plugin driven by the official socket.io-client (tests/node_modules)
// against the real server binary: both transports, acks, namespaces, rooms,
// rate limit, moderation, anonymous read-only, reconnect, history after restart,
// a deleted room's history, and room:status while ffmpeg publishes over RTMP;
// hardening (issue 20): acks only after the commit, kill -9 loses no acked
// message (bench/chat-fault, one round), a full disk answers not_saved and
// turns /healthz 503 until it recovers, a room:join flood is rate limited,
// bidi controls are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, execFileSync } from 'node:child_process';
import path from 'node:path';
import { mkdirSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServer, waitFor, sleep } from './lib/server.mjs';
import { useChatServer, signUp, createRoom, connect as connectTo, once, call, connected } from './lib/chat.mjs';
import { runChatFault } from '../../bench/chat-fault/run.mjs';

// The server, users, rooms and sockets come from the chat tests' shared helper.
// Every test connects from 127.0.0.1: the per-address event limit has its own test.
const chat = useChatServer({
  pluginNames: ['auth-password', 'chat', 'rtmp'],
  chatConfig: { rateLimitMessages: 5, rateLimitWindowSeconds: 30, eventLimitPerAddress: 100000 },
  started: (s) => { server = s; },
});
const { plugins, configure, sockets } = chat;
let server;

/** This file's sockets sign in as `user`. */
const connect = (srv, { user, ...options } = {}) => connectTo(srv, sockets, { cookie: user?.cookie, ...options });

test('long-polling first, then the upgrade to WebSocket, with acks and broadcast', async () => {
  const owner = await signUp(server);
  const room = await createRoom(server, owner);
  const socket = connect(server, { user: owner });
  // The upgrade may finish before 'connect' fires: note the transport when the engine opens.
  const opened = once(socket.io, 'open').then(() => socket.io.engine.transport.name);
  const upgraded = opened.then(() => once(socket.io.engine, 'upgrade', 10000)).then((transport) => transport.name);
  await connected(socket);
  assert.equal(await opened, 'polling');
  assert.equal(await upgraded, 'websocket');
  assert.equal(socket.io.engine.transport.name, 'websocket');

  const joined = await call(socket, 'room:join', { roomId: room.id });
  assert.equal(joined.room.id, room.id);
  assert.equal(joined.live, false);
  assert.equal(joined.viewers, 0, 'the host is not counted among the viewers (issue 19)');
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
  assert.equal(refused.error.code, 'unauthorized');
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
  assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: 'x' })).error.code, 'not_in_room');
  assert.equal((await call(socket, 'room:join', { roomId: 'missing-room' })).error.code, 'room_not_found');
  await call(socket, 'room:join', { roomId: room.id });
  assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: '   ' })).error.code, 'invalid_text');
  assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: 'y'.repeat(501) })).error.code, 'invalid_text');
  assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: 'é'.repeat(500) })).ok, true);
  const music = await connected(connect(server, { nsp: '/music', user, transports: ['websocket'] }));
  assert.equal((await call(music, 'room:join', { roomId: room.id })).error.code, 'room_not_found');
  assert.equal((await call(socket, 'room:leave', { roomId: room.id })).ok, true);
  assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: 'gone' })).error.code, 'not_in_room');
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
  assert.equal(limited.error.code, 'rate_limited');
  assert.ok(typeof limited.error.message === 'string' && limited.error.message.length > 0);
  assert.equal((await call(tab2, 'chat:send', { roomId: room.id, text: 'still too many' })).error.code, 'rate_limited');
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
  assert.equal((await call(vs, 'chat:delete', { roomId: room.id, messageId: sent.id })).error.code, 'forbidden');
  const deleted = once(vs, 'chat:deleted');
  assert.equal((await call(os, 'chat:delete', { roomId: room.id, messageId: sent.id })).ok, true);
  // `by` says who deleted it, so the page can show "message deleted by the host" (issue 19).
  assert.deepEqual(await deleted, { roomId: room.id, messageId: sent.id, by: 'owner' });
  const reader = await connected(connect(server, { transports: ['websocket'] }));
  const { history } = await call(reader, 'room:join', { roomId: room.id });
  assert.ok(!history.some((m) => m.id === sent.id), 'a deleted message leaves the history');
  reader.close();

  assert.equal((await call(vs, 'chat:mute', { roomId: room.id, userId: room.owner.id, seconds: 60 })).error.code, 'forbidden');
  const userId = (await call(vs, 'chat:send', { roomId: room.id, text: 'who am i' }));
  assert.equal(userId.ok, true);
  const viewerId = (await call(os, 'room:join', { roomId: room.id })).history.find((m) => m.id === userId.id).user.id;
  assert.equal((await call(os, 'chat:mute', { roomId: room.id, userId: viewerId, seconds: 60 })).ok, true);
  assert.equal((await call(vs, 'chat:send', { roomId: room.id, text: 'muted?' })).error.code, 'muted');
  assert.equal((await call(os, 'chat:mute', { roomId: room.id, userId: viewerId, seconds: 0 })).ok, true);
  assert.equal((await call(vs, 'chat:send', { roomId: room.id, text: 'free again' })).ok, true);
  os.close(); vs.close();
});

test('room:viewers follows joins and leaves, coalesced to at most one a second', async () => {
  const user = await signUp(server);
  const room = await createRoom(server, user);
  const first = await connected(connect(server, { transports: ['websocket'] }));
  await call(first, 'room:join', { roomId: room.id });
  const updates = [];
  first.on('room:viewers', (v) => { assert.equal(v.roomId, room.id); updates.push({ count: v.count, at: Date.now() }); });
  const others = await Promise.all([0, 1, 2, 3, 4].map(() => connected(connect(server, { transports: ['websocket'] }))));
  // Five joins at once: one update (perhaps two if a tick falls between them), never one per join.
  await Promise.all(others.map((s) => call(s, 'room:join', { roomId: room.id })));
  await waitFor(() => updates.at(-1)?.count === 6, { what: 'a viewer count of 6' });
  await sleep(1500);
  const afterJoins = updates.length;
  assert.ok(afterJoins <= 2, `joins were coalesced: ${updates.map((u) => u.count)}`);
  for (const s of others) s.close();
  await waitFor(() => updates.at(-1)?.count === 1, { what: 'a viewer count of 1' });
  assert.ok(updates.length - afterJoins <= 2, `leaves were coalesced: ${updates.map((u) => u.count)}`);
  for (let i = 1; i < updates.length; i++) {
    const gap = updates[i].at - updates[i - 1].at;
    assert.ok(gap >= 800, `room:viewers came ${gap} ms after the previous one`);
  }
  first.close();
});

/** Rows of chat history the server stored for a room, read from its SQLite file. */
function storedMessages(srv, roomId) {
  assert.match(roomId, /^[A-Za-z0-9_-]+$/);
  const out = execFileSync('sqlite3', [path.join(srv.dataDir, 'sockstream.db'),
    `SELECT count(*) FROM chat_messages WHERE room_id = '${roomId}'`], { encoding: 'utf8' });
  return Number(out.trim());
}

test('room lifecycle events reach the channel; a deleted room takes its history', async () => {
  const owner = await signUp(server);
  const lobby = await connected(connect(server, { transports: ['websocket'] }));
  const created = once(lobby, 'room:created');
  const room = await createRoom(server, owner, 'Lifecycle');
  const announced = await created;
  // One shape for every event that carries a room: { roomId, channelId, room } (docs/chat-events.md).
  assert.deepEqual(Object.keys(announced).sort(), ['channelId', 'room', 'roomId']);
  assert.equal(announced.roomId, room.id);
  assert.equal(announced.channelId, 'gaming');
  assert.equal(announced.room.id, room.id);
  assert.deepEqual(announced.room.owner, room.owner, 'room:created carries the REST API\'s room shape');
  assert.equal(announced.room.createdAt, room.createdAt);
  assert.equal(announced.room.state, 'offline');
  assert.equal(announced.room.live, false);
  assert.equal(announced.room.streamKeyMode, undefined, 'the key mode is for the owner only');

  const updated = once(lobby, 'room:updated');
  const patch = await server.fetch(`/api/rooms/${room.id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: owner.cookie },
    body: JSON.stringify({ title: 'Renamed' }),
  });
  const patchBody = await patch.text();
  assert.ok(patch.ok, `update answered ${patch.status}: ${patchBody}`);
  const update = await updated;
  assert.deepEqual(Object.keys(update).sort(), ['channelId', 'room', 'roomId']);
  assert.equal(update.roomId, room.id);
  assert.equal(update.channelId, 'gaming');
  assert.equal(update.room.id, room.id, 'pages read e.room.id');
  assert.equal(update.room.title, 'Renamed');
  assert.equal(update.room.state, 'offline');
  assert.equal(update.room.streamKeyMode, undefined);
  assert.equal(JSON.parse(patchBody).room.streamKeyMode, 'persistent', 'the owner sees the key mode');

  const author = await connected(connect(server, { user: owner, transports: ['websocket'] }));
  await call(author, 'room:join', { roomId: room.id });
  for (const text of ['first', 'second', 'third']) assert.equal((await call(author, 'chat:send', { roomId: room.id, text })).ok, true);
  // Acks go out with the broadcast; the history commit follows within about 30 ms.
  await waitFor(() => storedMessages(server, room.id) === 3, { what: 'the three messages to be stored' });

  const deleted = once(lobby, 'room:deleted');
  const res = await server.fetch(`/api/rooms/${room.id}`, { method: 'DELETE', headers: { origin: server.publicUrl, cookie: owner.cookie } });
  assert.ok(res.ok, `delete answered ${res.status}`);
  assert.deepEqual(await deleted, { roomId: room.id, channelId: 'gaming' });
  await waitFor(() => storedMessages(server, room.id) === 0, { what: 'the room\'s history to be deleted' });
  assert.equal((await call(author, 'chat:send', { roomId: room.id, text: 'anyone?' })).error.code, 'not_in_room');
  assert.equal((await call(author, 'room:join', { roomId: room.id })).error.code, 'room_not_found');
  lobby.close(); author.close();
});

/** A short live encode like OBS would send: lavfi test pattern and tone, H.264 + AAC in FLV. */
function ffmpegLive(url, seconds) {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k', '-f', 'flv', url], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const done = new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch {} }, (seconds + 30) * 1000);
  done.finally(() => clearTimeout(timer));
  return { child, done, kill() { try { process.kill(child.pid, 'SIGKILL'); } catch {} } };
}

test('room:status tells the channel when a broadcast starts and ends', async () => {
  const owner = await signUp(server);
  const room = await createRoom(server, owner);
  const keyRes = await server.fetch(`/api/rooms/${room.id}/stream-key`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: owner.cookie }, body: '{}',
  });
  assert.ok(keyRes.ok, `stream-key answered ${keyRes.status}`);
  const { streamKey, ingest } = await keyRes.json();
  assert.ok(streamKey && ingest.length);

  const lobby = await connected(connect(server, { transports: ['websocket'] }));
  const viewer = await connected(connect(server, { transports: ['polling'] }));
  assert.equal((await call(viewer, 'room:join', { roomId: room.id })).live, false);
  const statuses = [];
  const shapes = [];
  lobby.on('room:status', (s) => { if (s.roomId === room.id) { statuses.push(s.live); shapes.push(s); } });
  const atViewer = [];
  viewer.on('room:status', (s) => { if (s.roomId === room.id) atViewer.push(s.live); });

  const publisher = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 3);
  try {
    await waitFor(() => statuses.includes(true), { timeoutMs: 15000, what: 'room:status live=true' });
    const reader = await connected(connect(server, { transports: ['websocket'] }));
    assert.equal((await call(reader, 'room:join', { roomId: room.id })).live, true, 'room:join reports the live broadcast');
    reader.close();
    const { code, stderr } = await publisher.done;
    assert.equal(code, 0, stderr);
    await waitFor(() => statuses.at(-1) === false, { timeoutMs: 15000, what: 'room:status live=false' });
    assert.deepEqual(statuses, [true, false]);
    assert.deepEqual(shapes, [
      { roomId: room.id, channelId: 'gaming', live: true, state: 'live', reason: 'started' },
      { roomId: room.id, channelId: 'gaming', live: false, state: 'offline', reason: 'ended' },
    ]);
    await waitFor(() => atViewer.length === 2, { what: 'room:status at the polling viewer' });
    assert.deepEqual(atViewer, [true, false]);
    assert.equal((await call(viewer, 'room:join', { roomId: room.id })).live, false);
  } finally {
    publisher.kill();
    lobby.close(); viewer.close();
  }
});

test('room:status says when the encoder is lost, when it resumes and when the host stops it, in one shape', async () => {
  const owner = await signUp(server);
  const room = await createRoom(server, owner);
  const keyRes = await server.fetch(`/api/rooms/${room.id}/stream-key`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: owner.cookie }, body: '{}',
  });
  const { streamKey } = await keyRes.json();
  const lobby = await connected(connect(server, { transports: ['websocket'] }));
  const shapes = [];
  lobby.on('room:status', (s) => { if (s.roomId === room.id) shapes.push(s); });
  const first = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 60);
  let second;
  try {
    await waitFor(() => shapes.length === 1, { timeoutMs: 15000, what: 'room:status started' });
    first.kill();  // SIGKILL: the socket closes without an unpublish
    await waitFor(() => shapes.length === 2, { timeoutMs: 10000, what: 'room:status encoder_lost' });
    const reconnecting = await (await server.fetch(`/api/rooms/${room.id}`)).json();
    assert.equal(reconnecting.room.state, 'reconnecting');
    assert.equal(reconnecting.room.live, false);
    second = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 60);
    await waitFor(() => shapes.length === 3, { timeoutMs: 15000, what: 'room:status resumed' });
    // The owner's stop ends it for good; waiting for it keeps later tests' channel quiet.
    const stop = await server.fetch(`/api/rooms/${room.id}/stop`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: owner.cookie }, body: '{}',
    });
    assert.equal(stop.status, 204);
    await waitFor(() => shapes.length === 4, { timeoutMs: 10000, what: 'room:status ended_by_host' });
    assert.deepEqual(shapes, [
      { roomId: room.id, channelId: 'gaming', live: true, state: 'live', reason: 'started' },
      { roomId: room.id, channelId: 'gaming', live: false, state: 'reconnecting', reason: 'encoder_lost' },
      { roomId: room.id, channelId: 'gaming', live: true, state: 'live', reason: 'resumed' },
      { roomId: room.id, channelId: 'gaming', live: false, state: 'offline', reason: 'ended_by_host' },
    ]);
    await second.done;
  } finally {
    first.kill();
    if (second) second.kill();
    lobby.close();
  }
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

test('a packet over maxPayload closes that session, over either transport', async () => {
  const user = await signUp(server);
  const room = await createRoom(server, user);
  const big = await connected(connect(server, { user, transports: ['websocket'] }));
  await call(big, 'room:join', { roomId: room.id });
  const dropped = once(big, 'disconnect');
  big.emit('chat:send', { roomId: room.id, text: 'x'.repeat(1000001) });
  assert.equal(await dropped, 'transport close');
  big.close();

  const { sid } = JSON.parse((await (await server.fetch('/socket.io/?EIO=4&transport=polling')).text()).slice(1));
  await server.fetch(`/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: `4${'x'.repeat(1000001)}` });
  const gone = await server.fetch(`/socket.io/?EIO=4&transport=polling&sid=${sid}`);
  assert.equal(gone.status, 400);
  assert.equal((await gone.json()).code, 1);

  const fine = await connected(connect(server, { user, transports: ['websocket'] }));
  await call(fine, 'room:join', { roomId: room.id });
  assert.equal((await call(fine, 'chat:send', { roomId: room.id, text: 'x'.repeat(500) })).ok, true);
  fine.close();
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
    // Sent together, acked as their shared commits finish; accepted in order.
    const acks = await Promise.all(Array.from({ length: 105 }, (_, i) => call(socket, 'chat:send', { roomId: room.id, text: `n${i}` })));
    for (const ack of acks) assert.equal(ack.ok, true);
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

test('a paced room gathers messages and delivers them in order, over both transports, none twice to a joiner', async () => {
  // One write a second per member and at most 3 s: three members flush 3 s apart.
  const own = await startServer({
    plugins: plugins(),
    configure: (c) => { configure(c); Object.assign(c.plugins.find((p) => p.name === 'chat').config, { fanOutWritesPerSecond: 1, maxFanOutDelayMs: 3000, rateLimitMessages: 1000 }); },
  });
  try {
    const user = await signUp(own);
    const room = await createRoom(own, user);
    const sender = await connected(connect(own, { user, transports: ['websocket'] }));
    const ws = await connected(connect(own, { transports: ['websocket'] }));
    const poll = await connected(connect(own, { transports: ['polling'] }));
    const seen = { sender: [], ws: [], poll: [] };
    for (const [name, socket] of [['sender', sender], ['ws', ws], ['poll', poll]]) {
      await call(socket, 'room:join', { roomId: room.id });
      socket.on('chat:message', (m) => seen[name].push(m.text));
    }
    const started = Date.now();
    for (let i = 1; i <= 5; i++) assert.equal((await call(sender, 'chat:send', { roomId: room.id, text: `m${i}` })).ok, true);
    // The first went at once; the others wait for the room's next flush, acks do not.
    await waitFor(() => seen.ws.length >= 1 && seen.poll.length >= 1, { timeoutMs: 5000, what: 'the first message' });
    assert.equal(seen.ws[0], 'm1');
    if (Date.now() - started < 2500) assert.deepEqual(seen.ws, ['m1'], 'the rest wait for the flush 3 s after the first');

    // A join flushes first: the members get the held messages now, the joiner
    // finds them in its history and never as events.
    const joiner = await connected(connect(own, { transports: ['websocket'] }));
    const joinerSeen = [];
    joiner.on('chat:message', (m) => joinerSeen.push(m.text));
    const { history } = await call(joiner, 'room:join', { roomId: room.id });
    assert.deepEqual(history.map((m) => m.text), ['m1', 'm2', 'm3', 'm4', 'm5']);
    const all = ['m1', 'm2', 'm3', 'm4', 'm5'];
    await waitFor(() => seen.ws.length === 5 && seen.poll.length === 5 && seen.sender.length === 5, { timeoutMs: 5000, what: 'the held messages' });
    assert.deepEqual(seen, { sender: all, ws: all, poll: all });

    // Held messages after the join reach everyone, joiner included, once each, in order.
    for (let i = 6; i <= 8; i++) assert.equal((await call(sender, 'chat:send', { roomId: room.id, text: `m${i}` })).ok, true);
    await waitFor(() => joinerSeen.length === 3 && seen.poll.length === 8, { timeoutMs: 10000, what: 'the flush after the join' });
    await sleep(300);
    assert.deepEqual(joinerSeen, ['m6', 'm7', 'm8']);
    assert.deepEqual(seen.ws, [...all, 'm6', 'm7', 'm8']);
    assert.deepEqual(seen.poll, [...all, 'm6', 'm7', 'm8']);
    for (const s of [sender, ws, poll, joiner]) s.close();
  } finally {
    await own.stop();
    own.cleanup();
  }
});

// ---- hardening (issue 20) -----------------------------------------------------

test('bidi controls in chat text are refused as invalid_text, in words, as names refuse them', async () => {
  const user = await signUp(server);
  const room = await createRoom(server, user);
  const socket = await connected(connect(server, { user, transports: ['websocket'] }));
  await call(socket, 'room:join', { roomId: room.id });
  for (const control of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
    const answer = await call(socket, 'chat:send', { roomId: room.id, text: `pay ${control}txt.exe` });
    assert.equal(answer.error?.code, 'invalid_text', `U+${control.codePointAt(0).toString(16)}`);
    assert.match(answer.error.message, /bidi controls/);
  }
  // Right-to-left text itself is fine.
  assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: 'שלום' })).ok, true);
  const { history } = await call(socket, 'room:join', { roomId: room.id });
  assert.deepEqual(history.map((m) => m.text), ['שלום']);
  socket.close();
});

test('kill -9 while users chat at the rate limit loses no acked message (bench/chat-fault, one round)', async () => {
  const lines = [];
  const summary = await runChatFault({ rounds: 1, users: 5, rate: 20, log: (line) => lines.push(line) });
  const [round] = summary.rounds;
  assert.equal(round.signal, 'SIGKILL');
  assert.ok(round.acked >= 20, `too few acked messages to prove anything: ${lines.join('\n')}`);
  assert.equal(summary.lost, 0, `acked messages missing from history after the restart: ${lines.join('\n')}`);
});

test('a room:join flood from one socket is rate limited; other users keep chatting', async () => {
  // The default event limits (30 per connection, 300 per address, per 10 s).
  const own = await startServer({
    plugins: plugins(),
    configure: (c) => { configure(c); c.plugins.find((p) => p.name === 'chat').config = { rateLimitMessages: 100, rateLimitWindowSeconds: 30 }; },
  });
  try {
    const user = await signUp(own);
    const room = await createRoom(own, user);
    const sender = await connected(connect(own, { user, transports: ['websocket'] }));
    const receiver = await connected(connect(own, { transports: ['websocket'] }));
    await call(sender, 'room:join', { roomId: room.id });
    await call(receiver, 'room:join', { roomId: room.id });
    const received = [];
    receiver.on('chat:message', (m) => received.push(m.text));

    const flooder = await connected(connect(own, { transports: ['websocket'] }));
    const answers = { ok: 0, rate_limited: 0, other: 0 };
    let flooding = true;
    const flood = (async () => {
      for (let burst = 0; flooding && flooder.connected && burst < 400; burst++) {
        const acks = [];
        for (let i = 0; i < 50; i++) acks.push(call(flooder, 'room:join', { roomId: room.id }).then((a) => a, () => null));
        for (const a of await Promise.all(acks)) {
          if (a?.history) answers.ok++;
          else if (a?.error?.code === 'rate_limited') { answers.rate_limited++; answers.message = a.error.message; }
          else answers.other++;
        }
      }
    })();
    for (let i = 0; i < 10; i++) {
      assert.equal((await call(sender, 'chat:send', { roomId: room.id, text: `during the flood ${i}` })).ok, true);
    }
    await waitFor(() => received.length === 10, { timeoutMs: 5000, what: 'the messages sent during the flood' });
    flooding = false;
    await flood;
    assert.deepEqual(received, Array.from({ length: 10 }, (_, i) => `during the flood ${i}`));
    assert.ok(answers.ok <= 30, `at most the per-connection limit joins: ${JSON.stringify(answers)}`);
    assert.ok(answers.rate_limited >= 100, `the flood is answered rate_limited: ${JSON.stringify(answers)}`);
    assert.match(answers.message, /Too many requests; wait \d+ seconds/);
    // It went on regardless: 10 x its limit refused in a row closes it (the
    // joins in flight then go unanswered).
    await waitFor(() => !flooder.connected, { timeoutMs: 5000, what: 'the flooder to be disconnected' });
    assert.ok(answers.rate_limited <= 300 + 50, `closed after 300 refusals in a row: ${JSON.stringify(answers)}`);

    // A client that waits after rate_limited keeps its connection.
    const polite = await connected(connect(own, { transports: ['websocket'] }));
    const politeAnswers = [];
    for (let i = 0; i < 35; i++) politeAnswers.push(await call(polite, 'room:leave', { roomId: room.id }));
    assert.equal(politeAnswers.filter((a) => a.ok).length, 30);
    assert.equal(politeAnswers.at(-1).error.code, 'rate_limited');
    assert.ok(polite.connected);

    // Many connections from one address share its limit: a fresh connection
    // from the flooder's address is refused too once the address spent 300.
    const extra = [];
    for (let c = 0; c < 12; c++) extra.push(await connected(connect(own, { transports: ['websocket'] })));
    const spread = await Promise.all(extra.flatMap((s) => Array.from({ length: 30 }, () => call(s, 'room:join', { roomId: room.id }))));
    assert.ok(spread.some((a) => a.error?.code === 'rate_limited'), 'the address limit holds across connections');
    for (const s of [sender, receiver, flooder, polite, ...extra]) s.close();
  } finally {
    await own.stop();
    own.cleanup();
  }
});

test('a full disk: chat:send answers not_saved in words, /healthz says why with 503, both recover', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to mount a small tmpfs');
  const mountPoint = path.join(tmpdir(), `sockstream-full-disk-${process.pid}`);
  mkdirSync(mountPoint, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint]);
  } catch (e) {
    rmdirSync(mountPoint);
    return t.skip(`cannot mount a tmpfs here: ${e.message}`);
  }
  let own;
  const filler = path.join(mountPoint, 'filler');
  try {
    own = await startServer({ plugins: plugins(), configure, dataDir: mountPoint });
    const user = await signUp(own);
    const room = await createRoom(own, user);
    const socket = await connected(connect(own, { user, transports: ['websocket'] }));
    await call(socket, 'room:join', { roomId: room.id });
    assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: 'saved' })).ok, true);

    try { execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' }); } catch { /* ENOSPC: full */ }
    let refused;
    const saved = ['saved'];
    for (let i = 0; i < 4 && !refused; i++) {
      const answer = await call(socket, 'chat:send', { roomId: room.id, text: `lost ${i}` });
      if (answer.error) refused = answer.error;
      else saved.push(`lost ${i}`);  // the disk had a page left
    }
    assert.deepEqual(refused, { code: 'not_saved', message: 'Your message could not be saved; try again.' });
    // The room saw it and is told it is gone, withdrawn on its author's behalf.
    await waitFor(() => socket.received.some((e) => e.event === 'chat:deleted' && e.arg.by === 'author'),
      { what: 'chat:deleted with by "author"' });
    const sick = await own.fetch('/healthz');
    assert.equal(sick.status, 503);
    const body = await sick.json();
    assert.equal(body.status, 'degraded');
    assert.deepEqual(body.failing, [{ check: 'chat.database', reason: 'the database refuses writes: chat messages are not being saved' }]);
    assert.match(own.output, /chat: a commit failed, chat messages are not being saved/);

    rmSync(filler);
    // The store probes the database every 5 s while failing: no message needed.
    await waitFor(async () => (await own.fetch('/healthz')).status === 200, { timeoutMs: 20000, what: '/healthz to recover' });
    assert.equal((await call(socket, 'chat:send', { roomId: room.id, text: 'saved again' })).ok, true);
    const { history } = await call(socket, 'room:join', { roomId: room.id });
    assert.deepEqual(history.map((m) => m.text), [...saved, 'saved again'], 'a refused message is not in history');
    socket.close();
  } finally {
    if (own) await own.stop();
    try { execFileSync('umount', [mountPoint]); } catch { /* left mounted: say so below */ }
    rmdirSync(mountPoint);
  }
});
