// A broadcast's life against the real server (issue 18): stream keys as a state
// machine with no dead ends, persistent keys, the owner's stop, stream health,
// and kill -9 of the server at each stage. Encoders are real ffmpeg processes and
// a minimal RTMP client (lib/rtmpClient.mjs) for what encoders never do on
// purpose: publish and leave before any media. Viewers are socket.io-clients.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { io } from 'socket.io-client';

import { startServer, shippedPlugins, CookieJar, waitFor, sleep } from './lib/server.mjs';
import { rtmpPublishOnly } from './lib/rtmpClient.mjs';
import { run } from './lib/processes.mjs';

const GRACE_SECONDS = 3;
const OPEN_TIMEOUT_SECONDS = 2;
const rooms = { reconnectGraceSeconds: GRACE_SECONDS, publishOpenTimeoutSeconds: OPEN_TIMEOUT_SECONDS };

function plugins() {
  return shippedPlugins().filter((p) => ['auth-password', 'chat', 'rtmp'].includes(p.name)).map((p) =>
    (p.name === 'auth-password' ? { ...p, config: { rateLimit: { enabled: false } } } : p));
}

function start(options = {}) {
  return startServer({ plugins: plugins(), rooms, ...options });
}

/** A live encode; `obs` emulates OBS's defaults: a keyframe every 250 frames, 2 B-frames, 2500 kb/s. */
function ffmpegLive(url, seconds, { obs = false } = {}) {
  const video = obs
    ? ['-c:v', 'libx264', '-preset', 'veryfast', '-g', '250', '-bf', '2', '-sc_threshold', '0', '-b:v', '2500k', '-r', '30']
    : ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25'];
  return run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=${obs ? 30 : 25}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', String(seconds), ...video, '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k', '-f', 'flv', url], { timeoutMs: (seconds + 30) * 1000 });
}

/** A signed-up host with a room; `call` speaks JSON to `account.server` with the host's cookie. */
async function host(server, { mode } = {}) {
  const jar = new CookieJar();
  const id = crypto.randomBytes(6).toString('hex');
  const account = {
    jar,
    server,
    async call(method, pathname, body) {
      const res = await account.server.fetch(pathname, {
        method,
        headers: { 'content-type': 'application/json', origin: account.server.publicUrl, cookie: jar.header() },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      jar.store(res);
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null, text };
    },
  };
  const signUp = await account.call('POST', '/api/auth/sign-up/email',
    { name: `Host ${id}`, email: `host-${id}@example.test`, password: `pw-${id}-long-enough-to-pass` });
  assert.ok(signUp.status < 300, signUp.text);
  const created = await account.call('POST', '/api/rooms', { channelId: 'gaming', title: `Room ${id}` });
  assert.equal(created.status, 201, created.text);
  account.room = created.json.room;
  if (mode) assert.equal((await account.call('PATCH', `/api/rooms/${account.room.id}`, { streamKeyMode: mode })).status, 200);
  return account;
}

async function mint(account) {
  const res = await account.call('POST', `/api/rooms/${account.room.id}/stream-key`, {});
  assert.equal(res.status, 200, `stream-key answered ${res.status}: ${res.text}`);
  return res.json;
}

async function keyStatus(account) {
  const res = await account.call('GET', `/api/rooms/${account.room.id}/stream-key`);
  assert.equal(res.status, 200, res.text);
  assert.match(res.json.ingest[0].serverUrl, /^rtmp:\/\/127\.0\.0\.1:\d+\//, 'the status names the server URL for OBS');
  assert.equal(res.json.streamKey, undefined, 'the status never carries the key itself');
  return res.json;
}

async function roomOf(server, roomId) {
  const res = await server.fetch(`/api/rooms/${roomId}`);
  assert.equal(res.status, 200);
  return (await res.json()).room;
}

function viewer(server, { cookie } = {}) {
  const socket = io(`${server.baseUrl}/gaming`, {
    transports: ['websocket'], reconnection: false, extraHeaders: cookie ? { cookie } : {},
  });
  const events = [];
  socket.onAny((name, payload) => events.push({ name, payload }));
  return { socket, events, close: () => socket.close() };
}

async function joined(client, roomId) {
  await waitFor(() => client.socket.connected, { what: 'the socket to connect' });
  const ack = await client.socket.timeout(5000).emitWithAck('room:join', { roomId });
  assert.equal(ack.room.id, roomId);
  return ack;
}

describe('stream keys never get stuck', () => {
  let server;
  before(async () => { server = await start(); });
  after(async () => { await server.stop(); server.cleanup(); });

  test('publish, then the socket closes before any media: a new key at once, the old key back after the open timeout', async () => {
    const owner = await host(server);
    const { streamKey, mode, expiresAt } = await mint(owner);
    assert.equal(mode, 'persistent');
    assert.equal(expiresAt, null, 'persistent keys do not expire');
    const session = await rtmpPublishOnly(server.rtmpPort, streamKey);
    assert.equal(session.status, 'NetStream.Publish.Start');
    assert.equal((await keyStatus(owner)).state, 'authorised');
    session.close();
    // The key was never carrying media: it must never block the room.
    await waitFor(async () => (await keyStatus(owner)).state === 'idle',
      { timeoutMs: (OPEN_TIMEOUT_SECONDS + 4) * 1000, what: 'authorised -> idle after the open timeout' });
    assert.equal((await roomOf(server, owner.room.id)).state, 'offline');
    // The persistent key still works with a real encoder.
    const { code, stderr } = await ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 2).done;
    assert.equal(code, 0, stderr);
  });

  test('publish, then FCUnpublish/deleteStream before any media: minting answers 200, not 409 room_live', async () => {
    const owner = await host(server);
    const { streamKey } = await mint(owner);
    const session = await rtmpPublishOnly(server.rtmpPort, streamKey);
    assert.equal(session.status, 'NetStream.Publish.Start');
    await session.unpublish();
    const again = await owner.call('POST', `/api/rooms/${owner.room.id}/stream-key`, {});
    assert.equal(again.status, 200, again.text);
    const old = await rtmpPublishOnly(server.rtmpPort, streamKey);
    assert.equal(old.status, 'NetStream.Publish.BadName', 'the replaced key is refused');
    old.close();
    const fresh = await rtmpPublishOnly(server.rtmpPort, again.json.streamKey);
    assert.equal(fresh.status, 'NetStream.Publish.Start');
    fresh.close();
  });

  test('minting is refused (409 room_live) only while media flows', async () => {
    const owner = await host(server);
    const { streamKey } = await mint(owner);
    const encoder = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 30);
    try {
      await waitFor(async () => (await roomOf(server, owner.room.id)).state === 'live', { timeoutMs: 15000, what: 'live' });
      const refused = await owner.call('POST', `/api/rooms/${owner.room.id}/stream-key`, {});
      assert.equal(refused.status, 409);
      assert.equal(refused.json.error.code ?? refused.json.error, 'room_live');
      assert.equal((await keyStatus(owner)).state, 'live');
    } finally {
      await encoder.kill();
    }
    // The encoder is gone (reconnecting): a new key is allowed and ends the broadcast.
    await waitFor(async () => (await roomOf(server, owner.room.id)).state === 'reconnecting', { what: 'reconnecting' });
    assert.equal((await owner.call('POST', `/api/rooms/${owner.room.id}/stream-key`, {})).status, 200);
    assert.equal((await roomOf(server, owner.room.id)).state, 'offline');
  });

  test('a persistent key carries broadcast after broadcast; a per-broadcast key is spent', async () => {
    const owner = await host(server);
    const { streamKey } = await mint(owner);
    for (let round = 0; round < 2; round++) {
      const { code, stderr } = await ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 2).done;
      assert.equal(code, 0, `round ${round}: ${stderr}`);
      await waitFor(async () => (await keyStatus(owner)).state === 'idle', { what: `idle after round ${round}` });
    }
    const strict = await host(server, { mode: 'per-broadcast' });
    const minted = await mint(strict);
    assert.equal(minted.mode, 'per-broadcast');
    assert.ok(Date.parse(minted.expiresAt) > Date.now(), 'a per-broadcast key has an expiry');
    assert.equal((await ffmpegLive(`${server.rtmpUrl}/${minted.streamKey}`, 2).done).code, 0);
    await waitFor(async () => !(await keyStatus(strict)).hasKey, { what: 'the per-broadcast key to be spent' });
    assert.notEqual((await ffmpegLive(`${server.rtmpUrl}/${minted.streamKey}`, 2).done).code, 0, 'a spent key is refused');
  });
});

describe('the owner stops a broadcast', () => {
  let server;
  before(async () => { server = await start(); });
  after(async () => { await server.stop(); server.cleanup(); });

  test('the encoder is disconnected, the key revoked, viewers see ended_by_host', async () => {
    const owner = await host(server);
    const other = await host(server);
    const { streamKey } = await mint(owner);
    const watcher = viewer(server);
    const encoder = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 60);
    try {
      await joined(watcher, owner.room.id);
      await waitFor(async () => (await roomOf(server, owner.room.id)).state === 'live', { timeoutMs: 15000, what: 'live' });
      const forbidden = await other.call('POST', `/api/rooms/${owner.room.id}/stop`, {});
      assert.equal(forbidden.status, 403);
      const stop = await owner.call('POST', `/api/rooms/${owner.room.id}/stop`, {});
      assert.equal(stop.status, 204, stop.text);
      const result = await Promise.race([encoder.done, sleep(10000).then(() => null)]);
      assert.ok(result, 'the encoder was disconnected');
      assert.notEqual(result.code, 0);
      const status = await waitFor(() => watcher.events.find((e) => e.name === 'room:status' && e.payload.state === 'offline'),
        { what: 'room:status offline' });
      assert.deepEqual(status.payload, { roomId: owner.room.id, channelId: 'gaming', live: false, state: 'offline', reason: 'ended_by_host' });
      assert.equal((await roomOf(server, owner.room.id)).state, 'offline');
      const key = await keyStatus(owner);
      assert.equal(key.hasKey, false, 'the persistent key is revoked too');
      const again = await rtmpPublishOnly(server.rtmpPort, streamKey);
      assert.equal(again.status, 'NetStream.Publish.BadName');
      again.close();
      const notLive = await owner.call('POST', `/api/rooms/${owner.room.id}/stop`, {});
      assert.equal(notLive.status, 409);
      assert.match(notLive.text, /not_live/);
    } finally {
      await encoder.kill();
      watcher.close();
    }
  });
});

describe('stream health', () => {
  let server;
  before(async () => { server = await start(); });
  after(async () => { await server.stop(); server.cleanup(); });

  test('OBS-like settings: keyframe interval, B-frames and the OBS steps; room:health to the owner only', async () => {
    const owner = await host(server);
    const other = await host(server);
    const { streamKey } = await mint(owner);
    const ownerSocket = viewer(server, { cookie: owner.jar.header() });
    const otherSocket = viewer(server, { cookie: other.jar.header() });
    const encoder = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 40, { obs: true });
    try {
      await joined(ownerSocket, owner.room.id);
      await joined(otherSocket, owner.room.id);
      const health = await waitFor(async () => {
        const res = await owner.call('GET', `/api/rooms/${owner.room.id}/health`);
        assert.equal(res.status, 200, res.text);
        const h = res.json.health;
        return h.video && h.video.keyframeIntervalSeconds > 0 && h;
      }, { timeoutMs: 25000, intervalMs: 500, what: 'a second keyframe' });
      assert.equal(health.state, 'live');
      assert.equal(health.ingest.protocol, 'rtmp');
      assert.equal(health.video.codec, 'h264');
      assert.equal(health.video.width, 320);
      assert.equal(health.video.height, 240);
      assert.ok(Math.abs(health.video.keyframeIntervalSeconds - 250 / 30) < 0.1, `keyframe interval ${health.video.keyframeIntervalSeconds}`);
      assert.equal(health.video.bFrames, true);
      assert.ok(Math.abs(health.video.frameRate - 30) < 1, `frame rate ${health.video.frameRate}`);
      assert.equal(health.audio.codec, 'aac');
      assert.equal(health.audio.sampleRate, 44100);
      assert.ok(health.bitrateKbps > 0);
      assert.ok(health.uptimeSeconds >= 0 && Date.parse(health.startedAt) <= Date.now());
      assert.equal(typeof health.droppedFrames, 'number');
      assert.equal(typeof health.lateFrames, 'number');
      assert.equal(health.viewers >= 0, true);
      const warning = health.warnings.find((w) => w.code === 'keyframe_interval');
      assert.ok(warning, 'a warning about the keyframe interval');
      assert.match(warning.message, /Output Mode: Advanced/);
      assert.match(warning.message, /Keyframe Interval: 1 s/);

      assert.equal((await other.call('GET', `/api/rooms/${owner.room.id}/health`)).status, 403);
      assert.equal((await owner.call('GET', '/api/rooms/no-such-room/health')).status, 404);

      const pushed = await waitFor(() => ownerSocket.events.find((e) => e.name === 'room:health'),
        { timeoutMs: 6000, what: 'room:health at the owner' });
      assert.equal(pushed.payload.roomId, owner.room.id);
      assert.equal(pushed.payload.health.state, 'live');
      assert.ok(!otherSocket.events.some((e) => e.name === 'room:health'), 'nobody else gets room:health');
    } finally {
      await encoder.kill();
      ownerSocket.close();
      otherSocket.close();
    }
  });
});

describe('kill -9 of the server at each stage', () => {
  let dataDir;
  let server;
  before(() => { dataDir = mkdtempSync(path.join(tmpdir(), 'sockstream-lifecycle-')); });
  after(async () => {
    if (server) await server.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const restart = async () => {
    if (server) await server.stop('SIGKILL');
    // A longer window: a loaded machine must still see the restarted room inside it.
    server = await start({ dataDir, rooms: { ...rooms, reconnectGraceSeconds: 8 } });
    return server;
  };

  /** Mints, goes live with ffmpeg, and kills the server with -9 mid-broadcast; the encoder does not follow. */
  const crashMidBroadcast = async (owner) => {
    const { streamKey } = await mint(owner);
    const encoder = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 60);
    try {
      await waitFor(async () => (await roomOf(server, owner.room.id)).state === 'live', { timeoutMs: 15000, what: 'live' });
      await restart();
    } finally {
      await encoder.kill();
    }
    return streamKey;
  };

  test('after publish, before media: after the restart the key works and minting is allowed', async () => {
    await restart();
    const owner = await host(server);
    const { streamKey } = await mint(owner);
    const session = await rtmpPublishOnly(server.rtmpPort, streamKey);
    assert.equal(session.status, 'NetStream.Publish.Start');
    await restart();
    session.close();
    owner.server = server;  // the same database and cookie on the restarted server
    const back = owner;
    assert.equal((await keyStatus(back)).state, 'idle');
    assert.equal((await roomOf(server, owner.room.id)).state, 'offline');
    const { code, stderr } = await ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 2).done;
    assert.equal(code, 0, stderr);
    assert.equal((await back.call('POST', `/api/rooms/${owner.room.id}/stream-key`, {})).status, 200);
  });

  test('mid-broadcast, the encoder does not come back: reconnecting, then offline when the window ends', async () => {
    await restart();
    const owner = await host(server, { mode: 'per-broadcast' });
    const streamKey = await crashMidBroadcast(owner);
    owner.server = server;  // the same database and cookie on the restarted server
    const back = owner;
    const room = await roomOf(server, owner.room.id);
    assert.equal(room.state, 'reconnecting', 'inside the grace window after the restart');
    assert.equal(room.live, false);
    const watcher = viewer(server);
    try {
      await joined(watcher, owner.room.id);
      await waitFor(async () => (await roomOf(server, owner.room.id)).state === 'offline',
        { timeoutMs: 15000, what: 'the sweep to end the broadcast' });
      const status = await waitFor(() => watcher.events.find((e) => e.name === 'room:status'), { what: 'room:status' });
      assert.equal(status.payload.reason, 'grace_expired');
      assert.equal(status.payload.state, 'offline');
    } finally {
      watcher.close();
    }
    assert.equal((await keyStatus(back)).hasKey, false, 'the per-broadcast key is spent');
    assert.equal((await back.call('POST', `/api/rooms/${owner.room.id}/stream-key`, {})).status, 200);
  });

  test('mid-broadcast, the encoder comes back within the window: the broadcast resumes', async () => {
    await restart();
    const owner = await host(server);
    const streamKey = await crashMidBroadcast(owner);
    assert.equal((await roomOf(server, owner.room.id)).state, 'reconnecting');
    const back = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 30);
    try {
      await waitFor(async () => (await roomOf(server, owner.room.id)).state === 'live', { timeoutMs: 15000, what: 'resumed' });
      owner.server = server;
      assert.equal((await keyStatus(owner)).state, 'live');
    } finally {
      await back.kill();
    }
  });
});
