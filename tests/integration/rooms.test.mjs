// Channels, rooms and stream keys over HTTP against the real server: ownership
// rules, precise 4xx errors that write nothing, keys that never leak to others,
// and a restart that keeps rooms, owners, sessions and unused keys.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startServer, CookieJar, waitFor } from './lib/server.mjs';

let server;
const dataDir = mkdtempSync(path.join(tmpdir(), 'sockstream-rooms-'));
const ADMIN_EMAIL = 'admin@example.org';

function start() {
  return startServer({
    dataDir,
    rooms: { admins: [ADMIN_EMAIL], titleMaxLength: 40, reconnectGraceSeconds: 3 },
    // More sign-ups from one address than the default limit allows.
    configure: (config) => {
      const password = config.plugins.find((p) => p.name === 'auth-password');
      password.config = { ...password.config, rateLimit: { enabled: false } };
    },
  });
}

async function call(method, pathname, { jar, body, origin } = {}) {
  const headers = { origin: origin ?? server.baseUrl };
  if (jar) headers.cookie = jar.header();
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await server.fetch(pathname, {
    method, headers, body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  if (jar) jar.store(response);
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null, text };
}

async function signUp(name) {
  const jar = new CookieJar();
  const email = `${name.toLowerCase()}@example.org`;
  const res = await call('POST', '/api/auth/sign-up/email', { jar, body: { name, email, password: `${name} has a long passphrase 42` } });
  assert.equal(res.status, 200, res.text);
  return { jar, user: res.json.user };
}

function assertError(res, status, code) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.code, code, res.text);
  assert.ok(res.json.error.message.length > 0);
}

describe('channels, rooms and stream keys', () => {
  let ada, bob, admin, room, firstKey;

  before(async () => {
    server = await start();
    ada = await signUp('Ada');
    bob = await signUp('Bob');
    admin = await signUp('Admin');
  });
  after(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('channels come from config in order, with room counts', async () => {
    const res = await call('GET', '/api/channels');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.channels.map((c) => c.id), ['gaming', 'music', 'sports']);
    for (const channel of res.json.channels) {
      assert.equal(channel.liveRooms, 0);
      assert.equal(typeof channel.title, 'string');
    }
    assertError(await call('GET', '/api/channels/nope/rooms'), 404, 'channel_not_found');
  });

  test('creating a room needs a session and valid input, and writes nothing otherwise', async () => {
    assertError(await call('POST', '/api/rooms', { body: { channelId: 'gaming', title: 'x' } }), 401, 'not_signed_in');
    assertError(await call('POST', '/api/rooms', { jar: ada.jar, body: { channelId: 'nope', title: 'x' } }), 400, 'unknown_channel');
    assertError(await call('POST', '/api/rooms', { jar: ada.jar, body: { channelId: 'gaming', title: '   ' } }), 400, 'invalid_title');
    assertError(await call('POST', '/api/rooms', { jar: ada.jar, body: { channelId: 'gaming', title: 'x'.repeat(41) } }), 400, 'invalid_title');
    assertError(await call('POST', '/api/rooms', { jar: ada.jar, body: { channelId: 'gaming', title: 'two\nlines' } }), 400, 'invalid_title');
    assertError(await call('POST', '/api/rooms', { jar: ada.jar, body: { channelId: 'gaming' } }), 400, 'missing_field');
    assertError(await call('POST', '/api/rooms', { jar: ada.jar, body: { channelId: 'gaming', title: 7 } }), 400, 'invalid_field');
    assertError(await call('POST', '/api/rooms', { jar: ada.jar, body: '[1,2]' }), 400, 'invalid_json');
    assertError(await call('POST', '/api/rooms', { jar: ada.jar, body: '{"title":' }), 400, 'invalid_json');
    assertError(await call('GET', '/api/me/room', { jar: ada.jar }), 404, 'no_room');
    const list = await call('GET', '/api/channels/gaming/rooms');
    assert.deepEqual(list.json.rooms, []);
  });

  test('a room is created with an opaque id, HTML kept as text, one per user', async () => {
    const title = '<b>Speedrun</b> night 🎮';
    const res = await call('POST', '/api/rooms', { jar: ada.jar, body: { channelId: 'gaming', title, description: "Let's go" } });
    assert.equal(res.status, 201, res.text);
    room = res.json.room;
    assert.match(room.id, /^[A-Za-z0-9_-]{8,}$/);
    assert.equal(room.title, title);
    assert.equal(room.owner.id, ada.user.id);
    assert.equal(room.owner.name, 'Ada');
    assert.equal(room.live, false);
    // How to watch it is what the playback plugins declared, filled in for this room.
    assert.equal(room.playbackUrl, undefined);
    assert.deepEqual(room.playback.map((p) => [p.protocol, p.mimeType, p.latency]),
      [['hls', 'application/vnd.apple.mpegurl', 'low-latency'], ['whep', 'application/sdp', 'real-time']]);
    assert.ok(room.playback[0].url.startsWith('/') && room.playback[0].url.includes(`/${room.id}/`), room.playback[0].url);
    assert.equal(room.thumbnailUrl, room.playback[0].thumbnailUrl);
    assert.deepEqual(room.ingest.map((e) => e.protocol), ['rtmp', 'whip'], 'the owner sees how to reach each ingest');
    assertError(await call('POST', '/api/rooms', { jar: ada.jar, body: { channelId: 'music', title: 'Second' } }), 409, 'room_limit');
    const mine = await call('GET', '/api/me/room', { jar: ada.jar });
    assert.equal(mine.json.room.id, room.id);
    const listed = await call('GET', '/api/channels/gaming/rooms');
    assert.deepEqual(listed.json.rooms.map((r) => r.id), [room.id]);
    assertError(await call('GET', '/api/rooms/doesnotexist'), 404, 'room_not_found');
  });

  test('only the owner or an admin may edit or delete; others get 403, unknown ids 404', async () => {
    assertError(await call('PATCH', `/api/rooms/${room.id}`, { jar: bob.jar, body: { title: 'Mine now' } }), 403, 'not_room_owner');
    assertError(await call('DELETE', `/api/rooms/${room.id}`, { jar: bob.jar }), 403, 'not_room_owner');
    assertError(await call('PATCH', '/api/rooms/doesnotexist', { jar: ada.jar, body: { title: 'x' } }), 404, 'room_not_found');
    assertError(await call('PATCH', `/api/rooms/${room.id}`, { body: { title: 'x' } }), 401, 'not_signed_in');

    const edited = await call('PATCH', `/api/rooms/${room.id}`, { jar: ada.jar, body: { title: 'Any% attempts', channelId: 'music' } });
    assert.equal(edited.status, 200, edited.text);
    assert.equal(edited.json.room.title, 'Any% attempts');
    assert.equal(edited.json.room.channelId, 'music');
    const byAdmin = await call('PATCH', `/api/rooms/${room.id}`, { jar: admin.jar, body: { description: 'Moderated' } });
    assert.equal(byAdmin.status, 200, byAdmin.text);
    assert.equal(byAdmin.json.room.description, 'Moderated');
    assert.equal((await call('GET', `/api/rooms/${room.id}`)).json.room.title, 'Any% attempts');
  });

  test('stream keys: owner only, shown once, never visible to others', async () => {
    assertError(await call('POST', `/api/rooms/${room.id}/stream-key`, { jar: bob.jar }), 403, 'not_room_owner');
    assertError(await call('POST', `/api/rooms/${room.id}/stream-key`, { jar: admin.jar }), 403, 'not_room_owner');
    const res = await call('POST', `/api/rooms/${room.id}/stream-key`, { jar: ada.jar });
    assert.equal(res.status, 200, res.text);
    firstKey = res.json.streamKey;
    const [ingest] = res.json.ingest;
    assert.match(ingest.serverUrl, /^rtmp:\/\/127\.0\.0\.1:\d+\/live$/);
    assert.equal(ingest.publishUrl, `${ingest.serverUrl}/${res.json.streamKey}`, 'the one-URL form carries the new key');
    // >= 128 random bits: base64url characters after the prefix.
    assert.ok(firstKey.replace(/^live_/, '').length * 6 >= 128);
    // Persistent by default, as OBS users expect: no expiry, until reset.
    assert.equal(res.json.mode, 'persistent');
    assert.equal(res.json.expiresAt, null);
    const status = await call('GET', `/api/rooms/${room.id}/stream-key`, { jar: ada.jar });
    assert.deepEqual(status.json, {
      ingest: [
        { protocol: 'rtmp', name: 'RTMP', serverUrl: ingest.serverUrl, keyLabel: 'Stream key', keyIn: 'url', publishUrl: `${ingest.serverUrl}/{streamKey}` },
        // WHIP takes the key as a Bearer token: no URL carries it.
        { protocol: 'whip', name: 'WHIP (OBS 30+, browsers)', serverUrl: `${server.publicUrl}/whip`, keyLabel: 'Bearer Token', keyIn: 'bearer', publishUrl: null },
      ],
      mode: 'persistent', hasKey: true, expiresAt: null, state: 'idle',
    });
    assert.equal(ingest.serverUrl, server.rtmpUrl, 'the URL the rtmp plugin listens on');
    assert.ok(!status.text.includes(firstKey), 'the status never shows the key');
    assertError(await call('GET', `/api/rooms/${room.id}/stream-key`, { jar: bob.jar }), 403, 'not_room_owner');
    for (const pathname of [`/api/rooms/${room.id}`, '/api/channels/music/rooms', '/api/channels']) {
      const other = await call('GET', pathname, { jar: bob.jar });
      assert.ok(!other.text.includes(firstKey), `${pathname} leaks the key`);
    }
    const again = await call('GET', '/api/me/room', { jar: ada.jar });
    assert.ok(!again.text.includes(firstKey), 'the key is shown once, at minting');
    assert.ok(!server.output.includes(firstKey), 'the key never reaches the log');
  });

  test('the key mode is the owner\'s choice; the owner sees it, others do not', async () => {
    const toStrict = await call('PATCH', `/api/rooms/${room.id}`, { jar: ada.jar, body: { streamKeyMode: 'per-broadcast' } });
    assert.equal(toStrict.status, 200, toStrict.text);
    assert.equal(toStrict.json.room.streamKeyMode, 'per-broadcast');
    const strict = await call('GET', `/api/rooms/${room.id}/stream-key`, { jar: ada.jar });
    assert.equal(strict.json.mode, 'per-broadcast');
    assert.ok(Date.parse(strict.json.expiresAt) > Date.now() + 55 * 60 * 1000, 'the unused key now expires');
    assertError(await call('PATCH', `/api/rooms/${room.id}`, { jar: ada.jar, body: { streamKeyMode: 'forever' } }), 400,
      'invalid_stream_key_mode');
    const back = await call('PATCH', `/api/rooms/${room.id}`, { jar: ada.jar, body: { streamKeyMode: 'persistent' } });
    assert.equal(back.json.room.streamKeyMode, 'persistent');
    assert.equal((await call('GET', '/api/me/room', { jar: ada.jar })).json.room.streamKeyMode, 'persistent');
    const publicRoom = await call('GET', `/api/rooms/${room.id}`, { jar: bob.jar });
    assert.equal(publicRoom.json.room.streamKeyMode, undefined);
    assert.equal(publicRoom.json.room.state, 'offline');
  });

  test('stop and health: owner and admin only; stop answers 409 not_live while nothing publishes', async () => {
    assertError(await call('POST', `/api/rooms/${room.id}/stop`, { jar: bob.jar }), 403, 'not_room_owner');
    assertError(await call('POST', `/api/rooms/${room.id}/stop`, { jar: ada.jar }), 409, 'not_live');
    assertError(await call('POST', `/api/rooms/${room.id}/stop`, { jar: admin.jar }), 409, 'not_live');
    assertError(await call('POST', '/api/rooms/nope/stop', { jar: ada.jar }), 404, 'room_not_found');
    assertError(await call('GET', `/api/rooms/${room.id}/health`, { jar: bob.jar }), 403, 'not_room_owner');
    assertError(await call('GET', '/api/rooms/nope/health', { jar: ada.jar }), 404, 'room_not_found');
    assert.equal((await call('GET', `/api/rooms/${room.id}/health`)).status, 401);
    const health = await call('GET', `/api/rooms/${room.id}/health`, { jar: admin.jar });
    assert.equal(health.status, 200, health.text);
    assert.equal(health.json.health.state, 'offline');
    assert.equal(health.json.health.video, null);
    assert.equal(health.json.health.audio, null);
    assert.equal(health.json.health.uptimeSeconds, 0);
    assert.deepEqual(health.json.health.warnings, []);
  });

  test('the session answer names the role: "admin" for a user in rooms.admins (by email), "user" otherwise', async () => {
    const asAdmin = await call('GET', '/api/auth/session', { jar: admin.jar });
    assert.equal(asAdmin.status, 200, asAdmin.text);
    assert.equal(asAdmin.json.user.role, 'admin');
    const asViewer = await call('GET', '/api/auth/session', { jar: bob.jar });
    assert.equal(asViewer.json.user.role, 'user');
  });

  test('24 simultaneous creates by one user with a limit of 1 make exactly one room', async () => {
    const racer = await signUp('Racer');
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) =>
      call('POST', '/api/rooms', { jar: racer.jar, body: { channelId: 'gaming', title: `Race ${i}` } })));
    const statuses = answers.map((a) => a.status).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 1, `answers: ${statuses.join(',')}`);
    assert.equal(statuses.filter((s) => s === 409).length, 23, `answers: ${statuses.join(',')}`);
    for (const refused of answers.filter((a) => a.status === 409)) assert.equal(refused.json.error.code, 'room_limit');
    const listed = await call('GET', '/api/channels/gaming/rooms');
    assert.equal(listed.json.rooms.filter((r) => r.owner.id === racer.user.id).length, 1);
  });

  test('foreign origins cannot act with a session cookie', async () => {
    const res = await call('PATCH', `/api/rooms/${room.id}`, { jar: ada.jar, origin: 'https://evil.example', body: { title: 'pwned' } });
    assertError(res, 403, 'foreign_origin');
    assert.equal((await call('GET', `/api/rooms/${room.id}`)).json.room.title, 'Any% attempts');
  });

  test('a restart keeps rooms, owners, sessions and the unused key; live state starts offline', async () => {
    await server.stop();
    server = await start();
    const mine = await call('GET', '/api/me/room', { jar: ada.jar });
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.json.room.id, room.id);
    assert.equal(mine.json.room.owner.id, ada.user.id);
    assert.equal(mine.json.room.live, false);
    assertError(await call('PATCH', `/api/rooms/${room.id}`, { jar: bob.jar, body: { title: 'x' } }), 403, 'not_room_owner');

    // The key minted before the restart still publishes.
    const rtmp = `${server.rtmpUrl}/${firstKey}`;
    const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440',
      '-t', '20', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac',
      '-f', 'flv', rtmp], { stdio: 'ignore' });
    try {
      await waitFor(async () => (await call('GET', `/api/rooms/${room.id}`)).json.room.live,
        { timeoutMs: 15000, what: 'the room to go live with the pre-restart key' });
      const channels = await call('GET', '/api/channels');
      assert.equal(channels.json.channels.find((c) => c.id === 'music').liveRooms, 1);
      assertError(await call('POST', `/api/rooms/${room.id}/stream-key`, { jar: ada.jar }), 409, 'room_live');
      assertError(await call('DELETE', `/api/rooms/${room.id}`, { jar: ada.jar }), 409, 'room_live');
    } finally {
      ffmpeg.kill('SIGKILL');
    }
  });

  test('the owner deletes the room; it is gone for everyone', async () => {
    // The encoder was killed: wait out the reconnect window's effect on the key, not on deletion.
    await waitFor(async () => (await call('GET', `/api/rooms/${room.id}`)).json.room.state === 'offline',
      { timeoutMs: 15000, what: 'the room to go offline after the grace window' });
    const res = await call('DELETE', `/api/rooms/${room.id}`, { jar: ada.jar });
    assert.equal(res.status, 204, res.text);
    assertError(await call('GET', `/api/rooms/${room.id}`), 404, 'room_not_found');
    assertError(await call('GET', '/api/me/room', { jar: ada.jar }), 404, 'no_room');
    const created = await call('POST', '/api/rooms', { jar: ada.jar, body: { channelId: 'sports', title: 'Fresh start' } });
    assert.equal(created.status, 201, created.text);
  });
});
