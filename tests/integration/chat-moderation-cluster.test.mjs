// Chat moderation across two clustered servers (one PostgreSQL, one Redis):
// what a moderator does on one server is enforced on the other at once,
// from memory (ModerationSync and the chat's mute relay), with no database
// read per message.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { sleep, waitFor } from './lib/server.mjs';
import { useChatCluster } from './lib/chatCluster.mjs';
import { createRoom, call } from './lib/chat.mjs';
import { member, api, joinedSocket } from './lib/moderation.mjs';

const cluster = useChatCluster({
  databaseName: 'sockstream_chat_moderation_cluster',
  chatConfig: { eventLimitPerAddress: 100000, rateLimitMessages: 1000 },
  secrets: {
    SOCKSTREAM_AUTH_SECRET: 'chat-moderation-cluster-auth-secret-0123456789',
    SOCKSTREAM_STREAM_KEY_SECRET: 'chat-moderation-cluster-stream-key-secret-01',
  },
});
const { sockets } = cluster;

/** Retries `send` until its ack satisfies `ok` (the other server learns within milliseconds). */
async function eventually(send, ok, what) {
  let last;
  await waitFor(async () => { last = await send(); return ok(last); }, { timeoutMs: 3000, what: `${what} (last: ${JSON.stringify(last)})` });
  return last;
}

test('a moderator appointed on A moderates on B; a ban on A holds for a client of B, and so does its lifting', async () => {
  const { serverA, serverB } = cluster;
  const owner = await member(serverA, 'owner');
  const mod = await member(serverA, 'mod');
  const viewer = await member(serverA, 'viewer');
  const room = await createRoom(serverA, owner);
  assert.equal((await api(serverA, owner, 'PUT', `/api/rooms/${room.id}/moderators/${mod.id}`)).status, 200);
  const modOnB = (await joinedSocket(serverB, sockets, mod, room.id)).socket;
  const viewerOnB = (await joinedSocket(serverB, sockets, viewer, room.id)).socket;
  const modOnA = (await joinedSocket(serverA, sockets, mod, room.id)).socket;
  assert.equal((await call(viewerOnB, 'chat:send', { roomId: room.id, text: 'hello' })).ok, true);

  // The appointment made on A lets the moderator act on B.
  const banned = await eventually(() => call(modOnB, 'chat:ban', { roomId: room.id, userId: viewer.id }), (r) => r.ok, 'a ban from B');
  assert.equal(banned.ok, true);
  assert.equal((await call(modOnB, 'chat:unban', { roomId: room.id, userId: viewer.id })).ok, true);

  // A ban made on A: refused on B.
  const notice = new Promise((resolve) => viewerOnB.once('chat:moderation', resolve));
  assert.equal((await call(modOnA, 'chat:ban', { roomId: room.id, userId: viewer.id })).ok, true);
  assert.equal((await notice).action, 'ban', 'the notice crosses the cluster');
  const refused = await eventually(() => call(viewerOnB, 'chat:send', { roomId: room.id, text: 'still?' }),
    (r) => r.error?.code === 'banned', 'the ban on B');
  assert.equal(refused.error.code, 'banned');
  assert.equal((await call(modOnA, 'chat:unban', { roomId: room.id, userId: viewer.id })).ok, true);
  await eventually(() => call(viewerOnB, 'chat:send', { roomId: room.id, text: 'free' }), (r) => r.ok, 'the unban on B');

  // Removing the moderator on A ends their powers on B.
  assert.equal((await api(serverA, owner, 'DELETE', `/api/rooms/${room.id}/moderators/${mod.id}`)).status, 200);
  await eventually(() => call(modOnB, 'chat:mute', { roomId: room.id, userId: viewer.id, seconds: 5 }),
    (r) => r.error?.code === 'forbidden', 'the removal on B');
});

test('a timeout made on B holds on A until its end; slow mode set on A holds on B', async () => {
  const { serverA, serverB } = cluster;
  const owner = await member(serverA, 'owner2');
  const viewer = await member(serverA, 'viewer2');
  const room = await createRoom(serverA, owner);
  const ownerOnB = (await joinedSocket(serverB, sockets, owner, room.id)).socket;
  const viewerOnA = (await joinedSocket(serverA, sockets, viewer, room.id)).socket;
  const viewerOnB = (await joinedSocket(serverB, sockets, viewer, room.id)).socket;
  const timedOut = await call(ownerOnB, 'chat:mute', { roomId: room.id, userId: viewer.id, seconds: 2 });
  assert.equal(timedOut.ok, true);
  const refused = await eventually(() => call(viewerOnA, 'chat:send', { roomId: room.id, text: 'x' }),
    (r) => r.error?.code === 'muted', 'the timeout on A');
  assert.equal(refused.error.until, timedOut.until);
  await sleep(Math.max(0, timedOut.until - Date.now()) + 200);
  assert.equal((await call(viewerOnA, 'chat:send', { roomId: room.id, text: 'after' })).ok, true, 'ended on A');

  assert.equal((await api(serverA, owner, 'PUT', `/api/rooms/${room.id}/chat/settings`, { slowModeSeconds: 30 })).status, 200);
  await eventually(async () => {
    const first = await call(viewerOnB, 'chat:send', { roomId: room.id, text: 'one' });
    if (first.error) return first;
    return call(viewerOnB, 'chat:send', { roomId: room.id, text: 'two' });
  }, (r) => r.error?.code === 'slow_mode', 'slow mode on B');
});
