// Scale-out: two real SockStream servers behind no balancer at all, sharing a
// real PostgreSQL (Debian's postgresql) and a real Redis (Debian's
// redis-server) on loopback. The proof the issue asks for: an account made on
// one server signs in on the other; chat and presence cross servers both ways;
// a broadcast ingested by A plays through B (HLS forwarded by B to A, read back
// with ffprobe); a second encoder for the same room is refused by B; stopping A
// ends its broadcast on B for players, chat members and the room list.
// Viewer counts count people, never the room's host (issue 19); a stream's
// health reaches its owner on the other server too (issue 18).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';

import { startServer, freePort, waitFor, sleep, shippedPlugins, CookieJar } from './lib/server.mjs';
import { PostgresServer } from './lib/postgres.mjs';
import { RedisServer } from './lib/redis.mjs';

const secrets = {
  SOCKSTREAM_AUTH_SECRET: 'cluster-test-auth-secret-0123456789abcdef',
  SOCKSTREAM_STREAM_KEY_SECRET: 'cluster-test-stream-key-secret-0123456789',
};
const password = 'violet anchor drizzle 42';

let pg;
let redis;
let serverA;
let serverB;
let workDir;
const children = new Set();

function plugins() {
  return shippedPlugins().map((p) => {
    if (p.name === 'auth-password') return { ...p, enabled: true, config: { ...p.config, rateLimit: { enabled: false } } };
    if (p.name === 'hls') {
      return { ...p, enabled: true,
        config: { ...(p.config || {}), targetDurationSeconds: 1, partDurationSeconds: 0.334, windowSegments: 6 } };
    }
    if (['chat', 'rtmp'].includes(p.name)) return { ...p, enabled: true };
    return { ...p, enabled: false };
  });
}

async function startClusterServer(serverId, databaseUrl, options = {}) {
  const httpPort = await freePort();
  return startServer({
    httpPort,
    plugins: plugins(),
    env: options.env || secrets,
    expectExit: options.expectExit,
    configure: (config) => {
      config.database = { driver: 'postgresql', url: databaseUrl, poolSize: 8 };
      config.cluster = { redisUrl: redis.url, serverId, advertiseUrl: `http://127.0.0.1:${httpPort}` };
    },
  });
}

async function postJson(server, pathname, body, jar) {
  const response = await server.postJson(jar, pathname, body);
  const text = await response.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: response.status, json, text };
}

function openSocket(server, jar) {
  const socket = io(`${server.baseUrl}/gaming`, {
    transports: ['websocket'], extraHeaders: jar ? { cookie: jar.header() } : {},
    reconnection: false, timeout: 5000, forceNew: true,
  });
  socket.received = [];
  socket.onAny((event, arg) => socket.received.push({ event, arg }));
  return socket;
}

const call = (socket, event, arg) => socket.timeout(5000).emitWithAck(event, arg);

function seen(socket, event, predicate = () => true) {
  return socket.received.find((entry) => entry.event === event && predicate(entry.arg));
}

/** ffmpeg publishing a live picture and tone over RTMP, as OBS would. */
function publish(url, seconds = 120) {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
    '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-b:v', '300k', '-c:a', 'aac', '-b:a', '64k',
    '-f', 'flv', url], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.errors = '';
  child.stderr.on('data', (d) => { child.errors += d; });
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  children.add(child);
  return child;
}

async function stopChild(child) {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await Promise.race([child.exited, sleep(10000)]);
  }
  children.delete(child);
}

describe('two servers, one PostgreSQL, one Redis', () => {
  const host = { jar: new CookieJar(), email: `cluster-host-${process.pid}@example.com` };
  const viewer = { jar: new CookieJar(), email: `cluster-viewer-${process.pid}@example.com` };
  let roomId;
  let streamKey;
  let publisher;
  let socketA;
  let socketB;
  let anonymousA;
  let hostB;

  before(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'cluster-it-'));
    pg = await PostgresServer.start();
    redis = await RedisServer.start();
    const url = pg.createDatabase('sockstream_cluster');
    serverA = await startClusterServer('a', url);
    serverB = await startClusterServer('b', url);
  });

  after(async () => {
    for (const socket of [socketA, socketB, anonymousA, hostB]) socket?.close();
    for (const child of [...children]) await stopChild(child);
    for (const server of [serverA, serverB]) {
      if (server) {
        await server.stop();
        server.cleanup();
      }
    }
    if (redis) {
      await redis.stop();
      redis.cleanup();
    }
    if (pg) {
      await pg.stop();
      pg.cleanup();
    }
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  test('both servers join the cluster and say so', () => {
    assert.match(serverA.output, /cluster: server "a" joined through Redis at 127\.0\.0\.1:\d+\/0/);
    assert.match(serverB.output, /cluster: server "b" joined through Redis/);
  });

  test('a server with other secrets than the cluster\'s refuses to start, in words', async () => {
    const stranger = await startClusterServer('c', pg.createDatabase('sockstream_stranger'), {
      env: { ...secrets, SOCKSTREAM_AUTH_SECRET: 'a-different-auth-secret-0123456789abcdef' }, expectExit: true,
    });
    const exit = await Promise.race([stranger.exited, sleep(20000).then(() => null)]);
    await stranger.stop('SIGKILL');
    stranger.cleanup();
    assert.ok(exit && exit.code !== 0, 'the server must exit with an error');
    assert.match(stranger.output, /secrets differ from the other servers' in the cluster/);
  });

  test('an account made on server A signs in on server B', async () => {
    const signUp = await postJson(serverA, '/api/auth/sign-up/email', { name: 'Host', email: host.email, password }, host.jar);
    assert.equal(signUp.status, 200, signUp.text);
    const onB = new CookieJar();
    const signIn = await postJson(serverB, '/api/auth/sign-in/email', { email: host.email, password }, onB);
    assert.equal(signIn.status, 200, signIn.text);
    assert.equal(signIn.json.user.id, signUp.json.user.id);
    // A's session cookie is good on B too: sessions live in the shared database.
    const session = await serverB.fetch('/api/auth/session', { headers: { cookie: host.jar.header() } });
    assert.equal(session.status, 200);
    const viewerSignUp = await postJson(serverB, '/api/auth/sign-up/email',
      { name: 'Viewer', email: viewer.email, password }, viewer.jar);
    assert.equal(viewerSignUp.status, 200, viewerSignUp.text);
    viewer.id = viewerSignUp.json.user.id;
  });

  test('a room created on A is announced to channel members on B', async () => {
    socketB = openSocket(serverB, viewer.jar);
    socketA = openSocket(serverA, host.jar);
    await waitFor(() => socketA.connected && socketB.connected, { what: 'both sockets to connect' });
    const created = await postJson(serverA, '/api/rooms', { channelId: 'gaming', title: 'Cluster room' }, host.jar);
    assert.equal(created.status, 201, created.text);
    roomId = created.json.room.id;
    await waitFor(() => seen(socketB, 'room:created', (e) => e.roomId === roomId && e.room.id === roomId),
      { what: 'room:created on server B' });
  });

  test('chat and presence cross servers both ways', async () => {
    const joinedA = await call(socketA, 'room:join', { roomId });
    assert.equal(joinedA.room.id, roomId);
    const joinedB = await call(socketB, 'room:join', { roomId });
    assert.equal(joinedB.room.id, roomId);
    // The host (on A) is not counted; an anonymous viewer on A and the
    // signed-in viewer on B are: both servers count two.
    anonymousA = openSocket(serverA);
    await waitFor(() => anonymousA.connected, { what: 'the anonymous socket on A' });
    await call(anonymousA, 'room:join', { roomId });
    await waitFor(() => seen(socketA, 'room:viewers', (v) => v.roomId === roomId && v.count === 2),
      { timeoutMs: 10000, what: 'server A to count the member on B' });
    await waitFor(() => seen(socketB, 'room:viewers', (v) => v.roomId === roomId && v.count === 2),
      { timeoutMs: 10000, what: 'server B to count the member on A' });
    const room = await (await serverB.fetch(`/api/rooms/${roomId}`)).json();
    assert.equal(room.room.viewers, 2, 'the room list on B counts both servers');

    const sentOnA = await call(socketA, 'chat:send', { roomId, text: 'hello from A' });
    assert.ok(sentOnA.ok, JSON.stringify(sentOnA));
    await waitFor(() => seen(socketB, 'chat:message', (m) => m.text === 'hello from A'), { what: 'A\'s message on B' });
    const message = seen(socketB, 'chat:message', (m) => m.text === 'hello from A').arg;
    assert.equal(message.user.name, 'Host');
    assert.equal(message.roomId, roomId);

    const sentOnB = await call(socketB, 'chat:send', { roomId, text: 'hello from B' });
    assert.ok(sentOnB.ok, JSON.stringify(sentOnB));
    await waitFor(() => seen(socketA, 'chat:message', (m) => m.text === 'hello from B'), { what: 'B\'s message on A' });
    // Each server delivers a message once: no echo from the other server.
    await sleep(300);
    assert.equal(socketA.received.filter((e) => e.event === 'chat:message' && e.arg.text === 'hello from A').length, 1);
    assert.equal(socketB.received.filter((e) => e.event === 'chat:message' && e.arg.text === 'hello from B').length, 1);

    // The owner on A mutes the viewer; the viewer, on B, is refused there.
    const mute = await call(socketA, 'chat:mute', { roomId, userId: viewer.id, seconds: 60 });
    assert.ok(mute.ok, JSON.stringify(mute));
    await waitFor(async () => (await call(socketB, 'chat:send', { roomId, text: 'muted?' })).error,
      { timeoutMs: 5000, intervalMs: 200, what: 'the mute to reach server B' });

    // A deletion on A reaches B.
    await call(socketA, 'chat:delete', { roomId, messageId: message.id });
    await waitFor(() => seen(socketB, 'chat:deleted', (d) => d.messageId === message.id), { what: 'chat:deleted on B' });
  });

  test('a broadcast ingested by A plays through B, and B refuses a second encoder', async () => {
    // The host also watches from server B: its stream's health must reach it there.
    hostB = openSocket(serverB, host.jar);
    await waitFor(() => hostB.connected, { what: 'the host\'s socket on B' });
    await call(hostB, 'room:join', { roomId });
    const key = await postJson(serverA, `/api/rooms/${roomId}/stream-key`, {}, host.jar);
    assert.equal(key.status, 200, key.text);
    streamKey = key.json.streamKey;
    publisher = publish(`${serverA.rtmpUrl}/${streamKey}`);
    await waitFor(async () => (await serverA.fetch(`/hls/${roomId}/index.m3u8`)).ok,
      { timeoutMs: 20000, what: 'the broadcast on A' });
    await waitFor(() => seen(socketB, 'room:status', (s) => s.roomId === roomId && s.live === true),
      { what: 'room:status live on B' });
    const listing = await (await serverB.fetch(`/api/rooms/${roomId}`)).json();
    assert.equal(listing.room.live, true, 'B lists the room as live');

    // room:health, made by A's core, reaches the owner's socket on B; never a viewer's.
    await waitFor(() => seen(hostB, 'room:health', (h) => h.roomId === roomId && typeof h.health === 'object'),
      { timeoutMs: 15000, what: 'room:health on server B for the owner' });
    await waitFor(() => seen(socketA, 'room:health', (h) => h.roomId === roomId),
      { timeoutMs: 15000, what: 'room:health on server A for the owner' });
    assert.equal(seen(socketB, 'room:health'), undefined, 'the viewer on B gets no health');

    const multivariant = await serverB.fetch(`/hls/${roomId}/index.m3u8`);
    assert.equal(multivariant.status, 200);
    assert.match(multivariant.headers.get('content-type'), /mpegurl/);
    const variant = (await multivariant.text()).split('\n').find((line) => line && !line.startsWith('#'));
    assert.ok(variant, 'the multivariant playlist names a media playlist');
    let media;
    await waitFor(async () => {
      const res = await serverB.fetch(`/hls/${roomId}/${variant}`);
      media = await res.text();
      return res.ok && /#EXTINF:/.test(media);
    }, { timeoutMs: 20000, what: 'a media playlist with a segment through B' });
    assert.ok(!media.includes(streamKey), 'no stream key in the playlist');
    const lines = media.split('\n');
    const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(media)?.[1];
    const firstSegment = lines[lines.findIndex((line) => line.startsWith('#EXTINF:')) + 1];
    const file = path.join(workDir, 'through-b.mp4');
    const parts = [];
    if (init) parts.push(Buffer.from(await (await serverB.fetch(`/hls/${roomId}/${init}`)).arrayBuffer()));
    const segment = await serverB.fetch(`/hls/${roomId}/${firstSegment}`);
    assert.equal(segment.status, 200);
    assert.match(segment.headers.get('cache-control') || '', /immutable/);
    parts.push(Buffer.from(await segment.arrayBuffer()));
    writeFileSync(file, Buffer.concat(parts));
    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file],
      { encoding: 'utf8', timeout: 20000 });
    assert.equal(probe.status, 0, probe.stderr);
    assert.match(probe.stdout, /h264/);

    // The same key at B's ingest: the room is live on A, so B says no.
    const second = publish(`${serverB.rtmpUrl}/${streamKey}`, 10);
    const result = await Promise.race([second.exited, sleep(15000).then(() => ({ timeout: true }))]);
    await stopChild(second);
    assert.notEqual(result.code, 0, 'the second encoder must be refused');
    assert.match(serverB.output, /already (live|publishing)[^\n]*another server/);
    assert.equal(publisher.exitCode, null, 'the first encoder keeps publishing');
  });

  test('a forwarded request is never forwarded again', async () => {
    // B's registry names A for this live room, so B would forward it, unless
    // it already came from another server: a stale registry must not loop.
    assert.equal((await serverB.fetch(`/hls/${roomId}/index.m3u8`)).status, 200);
    const res = await serverB.fetch(`/hls/${roomId}/index.m3u8`, { headers: { 'X-SockStream-Forwarded-By': 'a' } });
    assert.equal(res.status, 404);
  });

  test('stopping server A ends its broadcast on B', async () => {
    assert.ok(redis.cli('GET', `sockstream:broadcast:${roomId}`).startsWith('a'), 'the registry names server A');
    await serverA.stop();
    await waitFor(() => seen(socketB, 'room:status', (s) => s.roomId === roomId && s.live === false),
      { timeoutMs: 10000, what: 'room:status offline on B' });
    await waitFor(async () => (await serverB.fetch(`/hls/${roomId}/index.m3u8`)).status === 404,
      { timeoutMs: 10000, what: 'B to stop serving the broadcast' });
    const listing = await (await serverB.fetch(`/api/rooms/${roomId}`)).json();
    assert.equal(listing.room.live, false);
    assert.equal(redis.cli('EXISTS', `sockstream:broadcast:${roomId}`).trim(), '0', 'A withdrew its registry entry');
    // A's members are gone from B's count.
    await waitFor(() => seen(socketB, 'room:viewers', (v) => v.roomId === roomId && v.count === 1),
      { timeoutMs: 15000, what: 'B to count only its own member' });
  });
});
