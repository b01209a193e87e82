// The chat replay's read by time range (GET /api/rooms/{roomId}/chat/history),
// against the real server: messages posted with socket.io-client come back
// by the window they were sent in, oldest first, paged with `more`; a
// message the owner deleted never comes back; bad queries are refused in
// words; an unknown room is 404. The window's SQL is an index range scan
// (the migration's index, read from the server's own SQLite file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { sleep } from './lib/server.mjs';
import { useChatServer, signUp, createRoom, connect as connectTo, once, call, connected } from './lib/chat.mjs';

let server;
const chat = useChatServer({
  chatConfig: { rateLimitMessages: 1000, eventLimitPerAddress: 100000 },
  started: (s) => { server = s; },
});
const connect = (user) => connectTo(server, chat.sockets, { cookie: user?.cookie });

async function history(roomId, query) {
  const res = await server.fetch(`/api/rooms/${roomId}/chat/history?${new URLSearchParams(query)}`);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** Sends `text` and returns the message as the room saw it (with the server's ts). */
async function send(socket, roomId, text) {
  const seen = new Promise((resolve) => {
    const onMessage = (m) => { if (m.text === text) { socket.off('chat:message', onMessage); resolve(m); } };
    socket.on('chat:message', onMessage);
  });
  const ack = await call(socket, 'chat:send', { roomId, text });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  return seen;
}

test('messages come back by the window they were sent in, oldest first, half-open', async () => {
  const owner = await signUp(server);
  const room = await createRoom(server, owner);
  const socket = await connected(connect(owner));
  await call(socket, 'room:join', { roomId: room.id });
  const sent = [];
  for (const text of ['first', 'second', 'third']) {
    sent.push(await send(socket, room.id, text));
    await sleep(30); // distinct milliseconds, so the windows below split them
  }
  const [a, b, c] = sent;
  assert.ok(a.ts < b.ts && b.ts < c.ts);

  const all = await history(room.id, { from: a.ts, to: c.ts + 1 });
  assert.equal(all.status, 200);
  assert.equal(all.headers.get('cache-control'), 'no-cache');
  assert.deepEqual(all.body.messages.map((m) => m.text), ['first', 'second', 'third']);
  assert.equal(all.body.more, false);
  const m = all.body.messages[0];
  assert.deepEqual({ id: m.id, user: m.user, text: m.text, ts: m.ts },
    { id: a.id, user: a.user, text: 'first', ts: a.ts }, 'each message as chat:message carried it');

  // from inclusive, to exclusive: consecutive windows see each message once.
  assert.deepEqual((await history(room.id, { from: a.ts, to: b.ts })).body.messages.map((x) => x.text), ['first']);
  assert.deepEqual((await history(room.id, { from: b.ts, to: c.ts })).body.messages.map((x) => x.text), ['second']);
  assert.deepEqual((await history(room.id, { from: c.ts + 1, to: c.ts + 60000 })).body.messages, []);
  assert.deepEqual((await history(room.id, { from: 0, to: a.ts })).body.messages, [], 'nothing before the first');
});

test('a window over the limit pages with more; the next page starts at the last ts', async () => {
  const owner = await signUp(server);
  const room = await createRoom(server, owner);
  const socket = await connected(connect(owner));
  await call(socket, 'room:join', { roomId: room.id });
  const texts = Array.from({ length: 7 }, (_, i) => `m${i}`);
  const sent = [];
  for (const text of texts) sent.push(await send(socket, room.id, text));
  const to = sent.at(-1).ts + 1;

  const seen = [];
  let from = sent[0].ts;
  for (let page = 0; page < 10; page++) {
    const { status, body } = await history(room.id, { from, to, limit: 3 });
    assert.equal(status, 200);
    assert.ok(body.messages.length <= 3);
    for (const message of body.messages) if (!seen.some((s) => s.id === message.id)) seen.push(message);
    if (!body.more) break;
    from = body.messages.at(-1).ts;
  }
  assert.deepEqual(seen.map((m) => m.text), texts);
});

test('a message the owner deleted is not replayed; other rooms are not mixed in', async () => {
  const owner = await signUp(server);
  const room = await createRoom(server, owner, 'Room one');
  const other = await createRoom(server, await signUp(server), 'Room two');
  const socket = await connected(connect(owner));
  await call(socket, 'room:join', { roomId: room.id });
  const keep = await send(socket, room.id, 'keep me');
  const drop = await send(socket, room.id, 'delete me');
  await call(socket, 'room:join', { roomId: other.id });
  await send(socket, other.id, 'elsewhere');
  const deleted = once(socket, 'chat:deleted');
  assert.equal((await call(socket, 'chat:delete', { roomId: room.id, messageId: drop.id })).ok, true);
  await deleted;

  const window = { from: keep.ts - 1000, to: Date.now() + 1000 };
  // The delete is queued behind the commits: read until it has landed (bounded).
  let texts = [];
  for (let i = 0; i < 20; i++) {
    texts = (await history(room.id, window)).body.messages.map((m) => m.text);
    if (!texts.includes('delete me')) break;
    await sleep(100);
  }
  assert.deepEqual(texts, ['keep me']);
  assert.deepEqual((await history(other.id, window)).body.messages.map((m) => m.text), ['elsewhere']);
});

test('anyone may read it, signed in or not, as anyone may join a room', async () => {
  const owner = await signUp(server);
  const room = await createRoom(server, owner);
  const socket = await connected(connect(owner));
  await call(socket, 'room:join', { roomId: room.id });
  const m = await send(socket, room.id, 'public');
  const res = await history(room.id, { from: m.ts, to: m.ts + 1 });
  assert.equal(res.status, 200);
  assert.equal(res.body.messages[0].text, 'public');
});

test('bad queries are refused with 400 and words; an unknown room is 404', async () => {
  const owner = await signUp(server);
  const room = await createRoom(server, owner);
  const cases = [
    [{ to: '5' }, /'from' is missing/],
    [{ from: '5' }, /'to' is missing/],
    [{ from: 'abc', to: '5' }, /'from' must be a time in Unix milliseconds/],
    [{ from: '-1', to: '5' }, /'from' must be/],
    [{ from: '1', to: '1e9' }, /'to' must be/],
    [{ from: '10', to: '10' }, /'to' must be later than 'from'/],
    [{ from: '1', to: '5', limit: '0' }, /'limit' must be a whole number from 1 to 1000/],
    [{ from: '1', to: '5', limit: '1001' }, /'limit'/],
    [{ from: '1', to: '5', limit: 'x' }, /'limit'/],
    [{ from: '1'.repeat(16), to: '2'.repeat(16) }, /'from' must be/],
  ];
  for (const [query, message] of cases) {
    const { status, body } = await history(room.id, query);
    assert.equal(status, 400, JSON.stringify(query));
    assert.equal(body.error.code, 'invalid_query');
    assert.match(body.error.message, message);
  }
  const missing = await history('no-such-room', { from: 1, to: 5 });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'room_not_found');
  const post = await server.fetch(`/api/rooms/${room.id}/chat/history?from=1&to=5`, { method: 'POST' });
  assert.equal(post.status, 405);
});

test('the migration adds the index, so a window is an index range scan', async () => {
  const db = path.join(server.dataDir, 'sockstream.db');
  const plan = execFileSync('sqlite3', [db,
    "EXPLAIN QUERY PLAN SELECT id, user_id, user_name, text, created_at FROM chat_messages WHERE room_id = 'r' "
    + 'AND created_at >= 1 AND created_at < 2 ORDER BY created_at, seq LIMIT 501'], { encoding: 'utf8' });
  assert.match(plan, /SEARCH chat_messages USING INDEX chat_messages_room_time \(room_id=\? AND created_at>\? AND created_at<\?\)/);
  assert.doesNotMatch(plan, /TEMP B-TREE/);
});
