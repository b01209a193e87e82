// The rtmp plugin owns its port: SOCKSTREAM_RTMP_PORT is an override of its
// config's "port" (the core's generic SOCKSTREAM_<PLUGIN>_<KEY> rule), it wins
// over the file, a wrong value stops start-up naming the variable, and with
// port 0 hosts are told the port the system chose, which is where ffmpeg's
// handshake and a publish then succeed.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, shippedPlugins, freePort, CookieJar } from './lib/server.mjs';
import { rtmpPublishOnly } from './lib/rtmpClient.mjs';

function withRtmpConfig(config) {
  return shippedPlugins().map((p) => (p.name === 'rtmp' ? { ...p, config: { ...(p.config || {}), ...config } } : p));
}

/** The port of the rtmp ingest the server declares in GET /api/features. */
async function declaredRtmpPort(server) {
  const features = await (await server.fetch('/api/features')).json();
  const rtmp = features.ingest.find((e) => e.protocol === 'rtmp');
  assert.ok(rtmp, `no rtmp ingest declared: ${JSON.stringify(features.ingest)}`);
  const match = /^rtmp:\/\/127\.0\.0\.1:(\d+)\/live$/.exec(rtmp.serverUrl);
  assert.ok(match, `unexpected serverUrl ${rtmp.serverUrl}`);
  return Number(match[1]);
}

/** A host with a room and a fresh stream key. */
async function streamKey(server) {
  const jar = new CookieJar();
  const id = `${Date.now()}-${Math.random().toString(16).slice(2)}`;
  const signUp = await server.postJson(jar, '/api/auth/sign-up/email',
    { name: 'Host', email: `rtmp-port-${id}@example.test`, password: `pw-${id}-long-enough` });
  assert.ok(signUp.ok, `sign-up answered ${signUp.status}`);
  const created = await server.postJson(jar, '/api/rooms', { channelId: 'gaming', title: 'Port' });
  assert.equal(created.status, 201);
  const { room } = await created.json();
  const minted = await server.postJson(jar, `/api/rooms/${room.id}/stream-key`);
  assert.equal(minted.status, 200);
  return (await minted.json()).streamKey;
}

async function publishes(port, key) {
  const session = await rtmpPublishOnly(port, key);
  try {
    return session.status;
  } finally {
    session.close();
  }
}

test('with port 0 the declared ingest URL names the port the system chose, and a publish there starts', async () => {
  const server = await startServer({ plugins: withRtmpConfig({ port: 0 }) });
  try {
    const port = await declaredRtmpPort(server);
    assert.notEqual(port, 0, 'not ":0"');
    assert.equal(await publishes(port, await streamKey(server)), 'NetStream.Publish.Start');
  } finally {
    await server.stop();
    server.cleanup();
  }
});

test('SOCKSTREAM_RTMP_PORT wins over the port in the file, for the listener and the declared URL', async () => {
  const inFile = await freePort();
  const fromEnvironment = await freePort();
  const server = await startServer({
    plugins: withRtmpConfig({ port: inFile }),
    env: { SOCKSTREAM_RTMP_PORT: String(fromEnvironment) },
  });
  try {
    assert.equal(await declaredRtmpPort(server), fromEnvironment);
    assert.equal(await publishes(fromEnvironment, await streamKey(server)), 'NetStream.Publish.Start');
  } finally {
    await server.stop();
    server.cleanup();
  }
});

test('a SOCKSTREAM_RTMP_PORT that is not a port stops start-up with a line naming it', async () => {
  const server = await startServer({ env: { SOCKSTREAM_RTMP_PORT: 'rtmp' }, expectExit: true });
  try {
    const result = await Promise.race([
      server.exited,
      new Promise((resolve) => setTimeout(() => resolve('still running'), 15000)),
    ]);
    assert.notEqual(result, 'still running', 'the server started anyway');
    assert.notEqual(result.code, 0);
    assert.match(server.output, /SOCKSTREAM_RTMP_PORT: "rtmp" is not a port number/);
  } finally {
    await server.stop('SIGKILL');
    server.cleanup();
  }
});
