// Chat moderation on one server (docs/chat-events.md, "Moderation"): the
// owner appoints moderators; owner and moderators delete, time out, lift
// timeouts, ban and unban; admins ban site-wide; slow mode, the
// established-user minimum and the channel word filter refuse messages in
// words; the owner reads the log; everything survives a restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, shippedPlugins, sleep, waitFor } from './lib/server.mjs';
import { createRoom, call, once } from './lib/chat.mjs';
import { member, memberWithEmail, api, joinedSocket } from './lib/moderation.mjs';

const ADMIN_EMAIL = `chatmod-admin-${process.pid}@example.test`;
const sockets = new Set();
let server;
let firstServer;

function options(dataDir) {
  return {
    ...(dataDir ? { dataDir } : {}),
    plugins: shippedPlugins().filter((p) => ['auth-password', 'chat'].includes(p.name)),
    configure: (config) => {
      config.rooms = { ...(config.rooms || {}), admins: [ADMIN_EMAIL] };
      config.plugins.find((p) => p.name === 'auth-password').config = { rateLimit: { enabled: false } };
      config.plugins.find((p) => p.name === 'chat').config = {
        eventLimitPerAddress: 100000,
        eventLimitPerSocket: 1000,
        rateLimitMessages: 1000,
        wordFilter: { gaming: { words: ['badword'], patterns: ['fr[e3]{2}\\s*money'] } },
      };
    },
  };
}

before(async () => { server = await startServer(options()); firstServer = server; });
after(async () => {
  for (const s of sockets) s.close();
  if (server) await server.stop();
  if (firstServer) { await firstServer.stop(); firstServer.cleanup(); }
});

/** A room with its owner, a moderator and a viewer in it, each with a socket. */
async function staffedRoom() {
  const owner = await member(server, 'owner');
  const mod = await member(server, 'mod');
  const viewer = await member(server, 'viewer');
  const room = await createRoom(server, owner);
  const put = await api(server, owner, 'PUT', `/api/rooms/${room.id}/moderators/${mod.id}`);
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.deepEqual(put.body.moderator, { id: mod.id, name: 'mod' });
  const os = (await joinedSocket(server, sockets, owner, room.id)).socket;
  const ms = await joinedSocket(server, sockets, mod, room.id);
  const vs = (await joinedSocket(server, sockets, viewer, room.id)).socket;
  return { owner, mod, viewer, room, os, ms: ms.socket, modJoin: ms.joined, vs };
}

test('the owner appoints and removes moderators; nobody else may; the list is public', async () => {
  const { owner, mod, viewer, room, modJoin } = await staffedRoom();
  assert.equal(modJoin.moderation.role, 'moderator');
  assert.deepEqual(modJoin.moderation.moderators, [mod.id]);
  assert.equal((await api(server, viewer, 'PUT', `/api/rooms/${room.id}/moderators/${viewer.id}`)).status, 403);
  assert.equal((await api(server, mod, 'PUT', `/api/rooms/${room.id}/moderators/${viewer.id}`)).status, 403);
  assert.equal((await api(server, null, 'PUT', `/api/rooms/${room.id}/moderators/${viewer.id}`)).status, 401);
  assert.equal((await api(server, owner, 'PUT', `/api/rooms/${room.id}/moderators/nosuchuser`)).body.error.code, 'user_not_found');
  const list = await api(server, null, 'GET', `/api/rooms/${room.id}/moderators`);
  assert.deepEqual(list.body.moderators.map((m) => m.id), [mod.id]);
  const other = await member(server, 'second-mod');
  assert.equal((await api(server, owner, 'PUT', `/api/rooms/${room.id}/moderators/${other.id}`)).status, 200);
  assert.equal((await api(server, owner, 'DELETE', `/api/rooms/${room.id}/moderators/${other.id}`)).status, 200);
  assert.deepEqual((await api(server, null, 'GET', `/api/rooms/${room.id}/moderators`)).body.moderators.map((m) => m.id), [mod.id]);
});

test('a moderator deletes a message and times a user out; the user is told the end and may post after it', async () => {
  const { owner, mod, viewer, room, ms, vs } = await staffedRoom();
  const sent = await call(vs, 'chat:send', { roomId: room.id, text: 'spam' });
  const deleted = once(vs, 'chat:deleted');
  assert.equal((await call(ms, 'chat:delete', { roomId: room.id, messageId: sent.id })).ok, true);
  assert.deepEqual(await deleted, { roomId: room.id, messageId: sent.id, by: 'moderator' });

  const notice = once(vs, 'chat:moderation');
  const timedOut = await call(ms, 'chat:mute', { roomId: room.id, userId: viewer.id, seconds: 2, reason: 'calm down' });
  assert.equal(timedOut.ok, true, JSON.stringify(timedOut));
  const told = await notice;
  assert.equal(told.action, 'timeout');
  assert.equal(told.userId, viewer.id);
  assert.equal(told.by, 'moderator');
  assert.equal(told.until, timedOut.until);
  const refused = await call(vs, 'chat:send', { roomId: room.id, text: 'still here?' });
  assert.equal(refused.error.code, 'muted');
  assert.equal(refused.error.until, timedOut.until);
  // A rejoin (a reload) shows it too.
  const again = await call(vs, 'room:join', { roomId: room.id });
  assert.equal(again.moderation.timedOutUntil, timedOut.until);
  await sleep(Math.max(0, timedOut.until - Date.now()) + 200);
  assert.equal((await call(vs, 'chat:send', { roomId: room.id, text: 'back' })).ok, true, 'the timeout ended');

  // Lifted early with chat:unmute.
  assert.equal((await call(ms, 'chat:mute', { roomId: room.id, userId: viewer.id, seconds: 600 })).ok, true);
  assert.equal((await call(vs, 'chat:send', { roomId: room.id, text: 'x' })).error.code, 'muted');
  assert.equal((await call(ms, 'chat:unmute', { roomId: room.id, userId: viewer.id })).ok, true);
  assert.equal((await call(vs, 'chat:send', { roomId: room.id, text: 'y' })).ok, true);

  // Nobody times out the owner; a moderator not another moderator; a viewer nobody.
  assert.equal((await call(ms, 'chat:mute', { roomId: room.id, userId: owner.id, seconds: 60 })).error.code, 'forbidden');
  const mod2 = await member(server, 'mod2');
  await api(server, owner, 'PUT', `/api/rooms/${room.id}/moderators/${mod2.id}`);
  assert.equal((await call(ms, 'chat:mute', { roomId: room.id, userId: mod2.id, seconds: 60 })).error.code, 'forbidden');
  assert.equal((await call(vs, 'chat:mute', { roomId: room.id, userId: mod.id, seconds: 60 })).error.code, 'forbidden');
  assert.equal((await call(vs, 'chat:ban', { roomId: room.id, userId: mod.id })).error.code, 'forbidden');
  assert.equal((await call(ms, 'chat:mute', { roomId: room.id, userId: viewer.id, seconds: 604801 })).error.code, 'invalid_request');
});

test('a ban stops posting in the room, not reading; unban lifts it; admins ban site-wide', async () => {
  const { owner, viewer, room, os, ms, vs } = await staffedRoom();
  const notice = once(vs, 'chat:moderation');
  assert.equal((await call(ms, 'chat:ban', { roomId: room.id, userId: viewer.id, reason: 'spam' })).ok, true);
  assert.equal((await notice).action, 'ban');
  const refused = await call(vs, 'chat:send', { roomId: room.id, text: 'hello?' });
  assert.equal(refused.error.code, 'banned');
  assert.match(refused.error.message, /banned from this room/);
  // Still reads: joins with history and gets the room's messages.
  const rejoined = await call(vs, 'room:join', { roomId: room.id });
  assert.equal(rejoined.moderation.banned, true);
  const seen = once(vs, 'chat:message');
  assert.equal((await call(os, 'chat:send', { roomId: room.id, text: 'for everyone' })).ok, true);
  assert.equal((await seen).text, 'for everyone');
  const sanctions = await api(server, owner, 'GET', `/api/rooms/${room.id}/chat/sanctions`);
  assert.deepEqual(sanctions.body.bans.map((b) => b.userId), [viewer.id]);
  assert.equal((await api(server, viewer, 'GET', `/api/rooms/${room.id}/chat/sanctions`)).status, 403);
  assert.equal((await call(ms, 'chat:unban', { roomId: room.id, userId: viewer.id })).ok, true);
  assert.equal((await call(vs, 'chat:send', { roomId: room.id, text: 'thanks' })).ok, true);

  // Site-wide: only an admin; it holds in every room.
  assert.equal((await call(os, 'chat:ban', { roomId: room.id, userId: viewer.id, site: true })).error.code, 'forbidden');
  const admin = await memberWithEmail(server, 'admin', ADMIN_EMAIL);
  const as = (await joinedSocket(server, sockets, admin, room.id)).socket;
  assert.equal((await call(as, 'chat:ban', { roomId: room.id, userId: viewer.id, site: true })).ok, true);
  const elsewhere = await createRoom(server, await member(server, 'other-host'));
  const there = (await joinedSocket(server, sockets, viewer, elsewhere.id));
  assert.equal(there.joined.moderation.bannedOnSite, true);
  const siteRefusal = await call(there.socket, 'chat:send', { roomId: elsewhere.id, text: 'hi' });
  assert.equal(siteRefusal.error.code, 'banned');
  assert.match(siteRefusal.error.message, /on this site/);
  assert.equal((await call(as, 'chat:unban', { roomId: room.id, userId: viewer.id, site: true })).ok, true);
  assert.equal((await call(there.socket, 'chat:send', { roomId: elsewhere.id, text: 'hi again' })).ok, true);
  // The admin is exempt from nobody's tools but cannot be banned by the owner.
  assert.equal((await call(os, 'chat:ban', { roomId: room.id, userId: admin.id })).error.code, 'forbidden');
});

test('slow mode: one message per N seconds per user, staff exempt; only staff set it', async () => {
  const { owner, mod, viewer, room, os, vs } = await staffedRoom();
  assert.equal((await api(server, viewer, 'PUT', `/api/rooms/${room.id}/chat/settings`, { slowModeSeconds: 2 })).status, 403);
  assert.equal((await api(server, owner, 'PUT', `/api/rooms/${room.id}/chat/settings`, { slowModeSeconds: 99999 })).status, 400);
  const settingsNotice = once(vs, 'chat:settings');
  const set = await api(server, mod, 'PUT', `/api/rooms/${room.id}/chat/settings`, { slowModeSeconds: 2 });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.deepEqual(await settingsNotice, { roomId: room.id, slowModeSeconds: 2, establishedMinutes: 0 });
  assert.deepEqual((await api(server, null, 'GET', `/api/rooms/${room.id}/chat/settings`)).body,
    { slowModeSeconds: 2, establishedMinutes: 0 });
  assert.equal((await call(vs, 'chat:send', { roomId: room.id, text: 'one' })).ok, true);
  const slow = await call(vs, 'chat:send', { roomId: room.id, text: 'two' });
  assert.equal(slow.error.code, 'slow_mode');
  assert.ok(slow.error.until > Date.now() && slow.error.until <= Date.now() + 2100, JSON.stringify(slow));
  assert.equal((await call(os, 'chat:send', { roomId: room.id, text: 'owner one' })).ok, true);
  assert.equal((await call(os, 'chat:send', { roomId: room.id, text: 'owner two' })).ok, true, 'the owner is exempt');
  await sleep(Math.max(0, slow.error.until - Date.now()) + 100);
  assert.equal((await call(vs, 'chat:send', { roomId: room.id, text: 'two, later' })).ok, true);
  assert.equal((await api(server, owner, 'PUT', `/api/rooms/${room.id}/chat/settings`, { slowModeSeconds: 0 })).status, 200);
  assert.equal((await call(vs, 'chat:send', { roomId: room.id, text: 'three' })).ok, true);
});

test('established-user mode: accounts younger than N minutes read but do not post', async () => {
  const { owner, room, os, vs } = await staffedRoom();
  assert.equal((await api(server, owner, 'PUT', `/api/rooms/${room.id}/chat/settings`, { establishedMinutes: 10 })).status, 200);
  const refused = await call(vs, 'chat:send', { roomId: room.id, text: 'new here' });
  assert.equal(refused.error.code, 'not_established');
  assert.match(refused.error.message, /10 minutes/);
  assert.ok(refused.error.until > Date.now() + 9 * 60_000);
  assert.equal((await call(os, 'chat:send', { roomId: room.id, text: 'hosts may' })).ok, true);
  assert.equal((await api(server, owner, 'PUT', `/api/rooms/${room.id}/chat/settings`, { establishedMinutes: 0 })).status, 200);
  assert.equal((await call(vs, 'chat:send', { roomId: room.id, text: 'now I may' })).ok, true);
});

test('the channel word filter refuses listed words and patterns with a clear error', async () => {
  const { room, vs } = await staffedRoom();
  const refused = await call(vs, 'chat:send', { roomId: room.id, text: 'what a BadWord!' });
  assert.equal(refused.error.code, 'word_filtered');
  assert.match(refused.error.message, /does not allow/);
  assert.equal((await call(vs, 'chat:send', { roomId: room.id, text: 'get FR33   money now' })).error.code, 'word_filtered');
  assert.equal((await call(vs, 'chat:send', { roomId: room.id, text: 'badwordy is not the word' })).ok, true);
});

test('the moderation log: who did what to whom, when and why; the owner reads it, nobody else', async () => {
  const { owner, mod, viewer, room, ms } = await staffedRoom();
  assert.equal((await call(ms, 'chat:mute', { roomId: room.id, userId: viewer.id, seconds: 60, reason: 'too loud' })).ok, true);
  assert.equal((await call(ms, 'chat:ban', { roomId: room.id, userId: viewer.id })).ok, true);
  const log = await api(server, owner, 'GET', `/api/rooms/${room.id}/moderation/log`);
  assert.equal(log.status, 200);
  const actions = log.body.entries.map((e) => e.action);
  assert.deepEqual(actions.slice(0, 3), ['ban', 'timeout', 'moderator_add']);
  const timeout = log.body.entries[1];
  assert.deepEqual(timeout.actor, { id: mod.id, name: 'mod' });
  assert.deepEqual(timeout.target, { id: viewer.id, name: 'viewer' });
  assert.equal(timeout.reason, 'too loud');
  assert.ok(timeout.until > Date.now() && timeout.at <= Date.now());
  assert.equal((await api(server, mod, 'GET', `/api/rooms/${room.id}/moderation/log`)).status, 403);
  assert.equal((await api(server, viewer, 'GET', `/api/rooms/${room.id}/moderation/log`)).status, 403);
  assert.equal((await api(server, null, 'GET', `/api/rooms/${room.id}/moderation/log`)).status, 401);
  assert.equal((await api(server, owner, 'GET', `/api/rooms/${room.id}/moderation/log?limit=0`)).status, 400);
});

test('moderators, bans, timeouts and settings survive a restart', async () => {
  const { owner, mod, viewer, room, ms } = await staffedRoom();
  const timedOut = await member(server, 'timed');
  assert.equal((await call(ms, 'chat:ban', { roomId: room.id, userId: viewer.id })).ok, true);
  assert.equal((await call(ms, 'chat:mute', { roomId: room.id, userId: timedOut.id, seconds: 600 })).ok, true);
  assert.equal((await api(server, owner, 'PUT', `/api/rooms/${room.id}/chat/settings`, { slowModeSeconds: 30 })).status, 200);
  for (const s of sockets) s.close();
  sockets.clear();
  await server.stop();
  server = await startServer(options(firstServer.dataDir));
  await waitFor(async () => (await server.fetch('/healthz')).ok, { what: 'the restarted server' });
  const vs = await joinedSocket(server, sockets, viewer, room.id);
  assert.equal(vs.joined.moderation.banned, true);
  assert.equal((await call(vs.socket, 'chat:send', { roomId: room.id, text: 'after restart' })).error.code, 'banned');
  const ts = await joinedSocket(server, sockets, timedOut, room.id);
  assert.ok(ts.joined.moderation.timedOutUntil > Date.now());
  assert.equal((await call(ts.socket, 'chat:send', { roomId: room.id, text: 'after restart' })).error.code, 'muted');
  const msAgain = await joinedSocket(server, sockets, mod, room.id);
  assert.equal(msAgain.joined.moderation.role, 'moderator');
  assert.equal(msAgain.joined.moderation.slowModeSeconds, 30);
  assert.equal((await call(msAgain.socket, 'chat:unban', { roomId: room.id, userId: viewer.id })).ok, true);
});
