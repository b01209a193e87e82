// A broadcast from GStreamer with OBS-like encoder settings (issue 18): x264enc
// with a keyframe every 250 frames and 2 B-frames → flvmux → rtmp2sink into
// the real server. The key goes live and the room with it, its LL-HLS playlist
// stays one timeline and marks only the keyframe parts INDEPENDENT=YES; at the pipeline's EOS the
// room ends, the playlist gets EXT-X-ENDLIST and the persistent key is idle
// again (it carries the next broadcast). Real encoder, real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startServer, shippedPlugins, CookieJar, waitFor } from './lib/server.mjs';
import { run } from './lib/processes.mjs';

const FPS = 30;
const SECONDS = 12;  // past the second keyframe (frame 250, 8.3 s)
const GRACE_SECONDS = 3;
let server;

before(async () => {
  const plugins = shippedPlugins().filter((p) => ['auth-password', 'chat', 'rtmp', 'hls'].includes(p.name)).map((p) =>
    (p.name === 'auth-password' ? { ...p, config: { rateLimit: { enabled: false } } } : p));
  server = await startServer({ plugins, rooms: { reconnectGraceSeconds: GRACE_SECONDS } });
});

after(async () => {
  if (!server) return;
  await server.stop();
  server.cleanup();
});

/** A signed-up host with a room and a freshly minted (persistent) key. */
async function hostWithKey() {
  const jar = new CookieJar();
  const id = crypto.randomBytes(6).toString('hex');
  // POST through the server's JSON helper, GET with the host's cookie.
  const call = async (method, pathname, body) => {
    const res = method === 'POST' ? await server.postJson(jar, pathname, body)
      : await server.fetch(pathname, { headers: { cookie: jar.header() } });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null, text };
  };
  assert.ok((await call('POST', '/api/auth/sign-up/email',
    { name: `Gst ${id}`, email: `gst-${id}@example.test`, password: `pw-${id}-long-enough-to-pass` })).status < 300);
  const created = await call('POST', '/api/rooms', { channelId: 'gaming', title: `GStreamer ${id}` });
  assert.equal(created.status, 201, created.text);
  const minted = await call('POST', `/api/rooms/${created.json.room.id}/stream-key`, {});
  assert.equal(minted.status, 200, minted.text);
  return { call, roomId: created.json.room.id, streamKey: minted.json.streamKey };
}

const roomState = async (roomId) => (await (await server.fetch(`/api/rooms/${roomId}`)).json()).room.state;

test('GStreamer x264enc key-int-max=250 bframes=2 → flvmux → rtmp2sink: live on one timeline with keyframe parts, then EOS ends the room', { timeout: 90000 }, async () => {
  const { call, roomId, streamKey } = await hostWithKey();
  const buffers = SECONDS * FPS;
  // Live sources, so the broadcast runs in real time and ends with the pipeline's EOS.
  const encoder = run('gst-launch-1.0', ['-q',
    'videotestsrc', 'is-live=true', `num-buffers=${buffers}`, '!', `video/x-raw,width=320,height=240,framerate=${FPS}/1`, '!',
    'x264enc', 'key-int-max=250', 'bframes=2', 'speed-preset=veryfast', 'bitrate=2500', '!', 'h264parse', '!',
    'flvmux', 'name=m', 'streamable=true', '!', 'rtmp2sink', `location=${server.rtmpUrl}/${streamKey}`,
    'audiotestsrc', 'is-live=true', `num-buffers=${Math.round((SECONDS * 48000) / 1024)}`, '!', 'audio/x-raw,rate=48000', '!',
    'avenc_aac', '!', 'aacparse', '!', 'm.'], { timeoutMs: (SECONDS + 40) * 1000 });
  try {
    await waitFor(async () => (await roomState(roomId)) === 'live', { timeoutMs: 15000, intervalMs: 200, what: 'the room to go live' });
    const status = await call('GET', `/api/rooms/${roomId}/stream-key`);
    assert.equal(status.json.state, 'live', status.text);
    // Past the second keyframe: INDEPENDENT=YES parts 250 frames apart, one
    // timeline (GStreamer's flvmux sends one decode time 1 ms back now and
    // then; that used to start a discontinuity with a new init section).
    const playlist = await waitFor(async () => {
      const res = await server.fetch(`/hls/${roomId}/media.m3u8`);
      const text = res.ok ? await res.text() : '';
      return (text.match(/INDEPENDENT=YES/g) || []).length >= 2 ? text : null;
    }, { timeoutMs: 20000, intervalMs: 200, what: 'the second keyframe in the playlist' });
    assert.doesNotMatch(playlist, /#EXT-X-DISCONTINUITY\n/, `one timeline:\n${playlist}`);
    const parts = playlist.split('\n').filter((line) => line.startsWith('#EXT-X-PART:'));
    let at = 0;
    const keyframesAt = [];
    for (const part of parts) {
      if (/INDEPENDENT=YES/.test(part)) keyframesAt.push(at);
      at += Number(/DURATION=([\d.]+)/.exec(part)[1]);
    }
    assert.ok(parts.length > keyframesAt.length, 'parts between keyframes are listed without INDEPENDENT=YES');
    const gap = keyframesAt[keyframesAt.length - 1] - keyframesAt[keyframesAt.length - 2];
    assert.ok(Math.abs(gap - 250 / FPS) < 0.05, `INDEPENDENT=YES parts ${gap.toFixed(3)} s apart with a keyframe every 250 frames:\n${playlist}`);
    assert.match(playlist, /#EXT-X-START:TIME-OFFSET=-[\d.]+,PRECISE=YES/);
    assert.doesNotMatch(server.output, /timestamp jump/, 'no timestamp jump in the server log');
  } finally {
    const { code, stderr } = await encoder.done;
    assert.equal(code, 0, `gst-launch-1.0: ${stderr}`);
  }
  // EOS: the room ends (at the latest when the reconnect grace runs out), the
  // playlist says so, and the persistent key is idle for the next broadcast.
  await waitFor(async () => (await roomState(roomId)) === 'offline',
    { timeoutMs: (GRACE_SECONDS + 10) * 1000, intervalMs: 200, what: 'the room to end after EOS' });
  const status = await call('GET', `/api/rooms/${roomId}/stream-key`);
  assert.equal(status.json.state, 'idle', status.text);
  assert.equal(status.json.hasKey, true, 'a persistent key outlives its broadcast');
  const ended = await server.fetch(`/hls/${roomId}/media.m3u8`);
  if (ended.ok) assert.match(await ended.text(), /#EXT-X-ENDLIST/, 'a playlist still served after the end says it ended');
  else assert.equal(ended.status, 404);
});
