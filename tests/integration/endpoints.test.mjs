// Protocols are declared by their plugins: the rtmp plugin on a port and
// application name of its own tells hosts exactly where to publish (and ffmpeg
// publishes there), the hls plugin tells viewers how to play, and without a
// playback plugin a room simply has no way to be played.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, shippedPlugins, freePort, CookieJar, waitFor } from './lib/server.mjs';
import { rtmpPublishOnly } from './lib/rtmpClient.mjs';
import { run } from './lib/processes.mjs';

const APPLICATION = 'studio';

function withPluginConfig(name, config) {
  return (p) => (p.name === name ? { ...p, config: { ...(p.config || {}), ...config } } : p);
}

async function host(server) {
  const jar = new CookieJar();
  const id = `${Date.now()}-${Math.random().toString(16).slice(2)}`;
  const signUp = await server.postJson(jar, '/api/auth/sign-up/email', { name: 'Host', email: `endpoints-${id}@example.test`, password: `pw-${id}-long-enough` });
  assert.ok(signUp.ok, `sign-up answered ${signUp.status}`);
  const created = await server.postJson(jar, '/api/rooms', { channelId: 'gaming', title: 'Endpoints' });
  assert.equal(created.status, 201);
  const get = async (pathname) => {
    const res = await server.fetch(pathname, { headers: { cookie: jar.header() } });
    assert.equal(res.status, 200, `${pathname} answered ${res.status}`);
    return res.json();
  };
  return { jar, room: (await created.json()).room, get };
}

let server;
let rtmpPort;

before(async () => {
  rtmpPort = await freePort();
  server = await startServer({
    plugins: shippedPlugins().map(withPluginConfig('rtmp', { port: rtmpPort, application: APPLICATION })),
  });
  assert.notEqual(rtmpPort, server.rtmpPort, 'the plugin config, not SOCKSTREAM_RTMP_PORT, decides the port');
});

after(async () => {
  await server?.stop();
  server?.cleanup();
});

test('the rtmp plugin\'s own port and application name are what the host is told, and ffmpeg publishes there', async () => {
  const expected = `rtmp://127.0.0.1:${rtmpPort}/${APPLICATION}`;
  const { jar, room, get } = await host(server);

  const mine = (await get('/api/me/room')).room;
  assert.deepEqual(mine.ingest.map((e) => e.serverUrl), [expected, `${server.publicUrl}/whip`],
    'the owner\'s room names the server URL of each way in, RTMP first');
  assert.equal(mine.ingest[0].keyLabel, 'Stream key');

  const minted = await server.postJson(jar, `/api/rooms/${room.id}/stream-key`);
  assert.equal(minted.status, 200);
  const key = await minted.json();
  const [rtmp] = key.ingest;
  assert.equal(rtmp.protocol, 'rtmp');
  assert.equal(rtmp.serverUrl, expected);
  assert.equal(rtmp.publishUrl, `${expected}/${key.streamKey}`);

  const status = await get(`/api/rooms/${room.id}/stream-key`);
  assert.equal(status.ingest[0].serverUrl, expected, 'a reloaded "Prepare to stream" shows the same URL');
  assert.ok(!JSON.stringify(status).includes(key.streamKey), 'the status never carries the key');

  const features = await (await server.fetch('/api/features')).json();
  assert.equal(features.ingest[0].serverUrl, expected);
  assert.equal(features.ingest[0].publishUrl, `${expected}/{streamKey}`);
  assert.equal(features.ingest[0].keyIn, 'url');
  assert.deepEqual(features.playback.map((p) => p.protocol), ['hls', 'whep']);
  assert.ok(features.playback[0].url.includes('{roomId}'));

  // Exactly the advertised URL, as a host pasting it would.
  const encoder = run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k', '-f', 'flv', rtmp.publishUrl], { timeoutMs: 60000 });
  try {
    await waitFor(async () => (await get(`/api/rooms/${room.id}`)).room.state === 'live',
      { timeoutMs: 15000, what: 'the room to go live' });
    const { playback } = (await get(`/api/rooms/${room.id}`)).room;
    assert.equal(playback[0].protocol, 'hls');
    // The room's declared playback URL answers with what it says it is.
    await waitFor(async () => (await server.fetch(playback[0].url)).ok, { timeoutMs: 15000, what: 'the declared playback URL' });
    const res = await server.fetch(playback[0].url);
    assert.match(res.headers.get('content-type'), /mpegurl/i);
    assert.equal(playback[0].mimeType, 'application/vnd.apple.mpegurl');
  } finally {
    const { stderr } = await encoder.kill();
    if (stderr.trim()) console.log(`ffmpeg: ${stderr.trim().split('\n').pop()}`);
  }
});

test('the rtmp plugin words the core\'s refusals in RTMP', async () => {
  const refused = await rtmpPublishOnly(rtmpPort, 'live_not-a-key-anyone-minted', { app: APPLICATION });
  refused.close();
  assert.equal(refused.status, 'NetStream.Publish.BadName');
});

test('without a playback plugin a room has no playback and no picture; publicUrl overrides what hosts are told', async () => {
  const other = await startServer({
    plugins: shippedPlugins().filter((p) => p.name !== 'hls' && p.name !== 'webrtc')
      .map(withPluginConfig('rtmp', { publicUrl: 'rtmp://ingest.example:443/live/' })),
  });
  try {
    const { room, get } = await host(other);
    assert.deepEqual(room.playback, []);
    assert.equal(room.thumbnailUrl, null);
    assert.deepEqual((await get(`/api/rooms/${room.id}`)).room.playback, []);
    const status = await get(`/api/rooms/${room.id}/stream-key`);
    assert.deepEqual(status.ingest.map((e) => e.serverUrl), ['rtmp://ingest.example:443/live']);
    const features = await (await other.fetch('/api/features')).json();
    assert.deepEqual(features.playback, []);
  } finally {
    await other.stop();
    other.cleanup();
  }
});
