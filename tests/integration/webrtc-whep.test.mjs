// WHEP playback through the real server: ffmpeg publishes a room over RTMP
// and Debian's Chromium (playwright-core, never a downloaded browser) plays it
// over WebRTC from POST /whep/{roomId}, decoding the video and the audio
// (AAC transcoded to Opus; getStats). A
// stream with B-frames makes the room's whep entry unavailable with the OBS
// setting to change, and its WHEP offers are refused; malformed offers,
// unknown rooms, wrong content types and a DTLS certificate that does not
// match the offer are refused too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, shippedPlugins, waitFor } from './lib/server.mjs';
import { roomWithKey, run } from './lib/publishing.mjs';
import { chromiumPath, launchBrowser, closeChromium, loopbackWebrtcArgs, fakeMediaArgs } from './lib/chromium.mjs';
import { recvonlyOffer } from './lib/webrtcPage.mjs';

let server;
let browser;
let page;
const encoders = [];
let plain;     // room published without B-frames
let bframes;   // room published with B-frames

/** ffmpeg publishing a live test pattern and tone to `url` over RTMP. */
function publish(url, { bFrames }) {
  const video = bFrames
    ? ['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-bf', '2']
    : ['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-bf', '0'];
  const encoder = run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '120', ...video, '-pix_fmt', 'yuv420p', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-b:v', '600k',
    '-c:a', 'aac', '-b:a', '64k', '-f', 'flv', url], { timeoutMs: 180000 });
  encoders.push(encoder);
  return encoder;
}

async function roomJson(roomId) {
  const res = await server.fetch(`/api/rooms/${roomId}`);
  assert.equal(res.status, 200);
  return (await res.json()).room;
}

const whepEntry = async (roomId) => (await roomJson(roomId)).playback.find((p) => p.protocol === 'whep');

/** Chromium's recvonly offer for video and audio, made in the page. */
const browserOffer = () => recvonlyOffer(page);

/** Sets the answer in the page and waits for a connection and decoded frames. */
async function playAnswer(answer, { frames = 10, samples = 0 } = {}) {
  return page.evaluate(async ({ sdp, frames, samples }) => {
    const started = performance.now();
    await window.pc.setRemoteDescription({ type: 'answer', sdp });
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && !['connected', 'failed'].includes(window.pc.connectionState)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const reached = window.pc.connectionState;
    let framesDecoded = 0;
    let audioSamples = 0;
    let audioPackets = 0;
    let firstFrameMs = null;
    while (reached === 'connected' && Date.now() < deadline + 10000 && (framesDecoded < frames || audioSamples < samples)) {
      const stats = await window.pc.getStats();
      stats.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') framesDecoded = s.framesDecoded || 0;
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          audioSamples = s.totalSamplesReceived || 0;
          audioPackets = s.packetsReceived || 0;
        }
      });
      if (framesDecoded > 0 && firstFrameMs === null) firstFrameMs = performance.now() - started;
      await new Promise((r) => setTimeout(r, 100));
    }
    return { reached, framesDecoded, audioSamples, audioPackets, firstFrameMs };
  }, { sdp: answer, frames, samples });
}

const postOffer = (roomId, sdp, type = 'application/sdp') =>
  server.fetch(`/whep/${roomId}`, { method: 'POST', headers: { 'content-type': type }, body: sdp });

before(async () => {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install chromium`);
  server = await startServer({
    plugins: [
      ...shippedPlugins().filter((p) => p.name !== 'webrtc'),
      { name: 'webrtc', library: 'webrtc', enabled: true, dependencies: [], config: { connectTimeoutSeconds: 3 } },
    ],
  });
  plain = await roomWithKey(server);
  bframes = await roomWithKey(server);
  publish(`${server.rtmpUrl}/${plain.streamKey}`, { bFrames: false });
  publish(`${server.rtmpUrl}/${bframes.streamKey}`, { bFrames: true });
  await waitFor(async () => (await roomJson(plain.roomId)).live && (await roomJson(bframes.roomId)).live,
    { timeoutMs: 20000, what: 'both rooms to go live' });

  browser = await launchBrowser([...loopbackWebrtcArgs, ...fakeMediaArgs]);
  page = await browser.newPage();
  await page.goto(`${server.baseUrl}/api/features`);
});

after(async () => {
  for (const encoder of encoders) await encoder.kill();
  await closeChromium(browser);
  if (server) {
    await server.stop();
    server.cleanup();
  }
});

test('the room declares WHEP playback, real-time and available', async () => {
  const entry = await whepEntry(plain.roomId);
  assert.ok(entry, 'the room JSON lists a whep playback entry');
  assert.equal(entry.url, `/whep/${plain.roomId}`);
  assert.equal(entry.mimeType, 'application/sdp');
  assert.equal(entry.latency, 'real-time');
  assert.equal(entry.available, true);
  assert.equal(entry.unavailableReason, null);
});

test('Chromium plays a live RTMP room over WHEP, video and audio, and leaves with DELETE', async () => {
  // The room may be live before its first keyframe reached the feed: retry a little.
  let res;
  let offer;
  await waitFor(async () => {
    offer = await browserOffer();
    res = await postOffer(plain.roomId, offer);
    return res.status === 201;
  }, { timeoutMs: 10000, what: 'a 201 answer' });
  assert.equal(res.headers.get('content-type'), 'application/sdp');
  const location = res.headers.get('location');
  assert.match(location, new RegExp(`^/whep/${plain.roomId}/sessions/[A-Za-z0-9_-]+$`));
  assert.ok(res.headers.get('etag'));
  const answer = await res.text();
  assert.match(answer, /a=ice-lite/);
  assert.match(answer, /a=rtpmap:\d+ opus\/48000\/2/);
  // One second of the 48 kHz tone: the room's AAC, transcoded to Opus while we watch.
  const played = await playAnswer(answer, { frames: 10, samples: 48000 });
  assert.equal(played.reached, 'connected', `connectionState; server output:\n${server.output.slice(-3000)}`);
  assert.ok(played.framesDecoded >= 10, `Chromium decoded ${played.framesDecoded} video frames`);
  assert.ok(played.audioSamples >= 48000, `Chromium received ${played.audioSamples} audio samples in ${played.audioPackets} packets`);
  console.log(`# offer to first decoded frame (after the answer): ${Math.round(played.firstFrameMs)} ms`);

  const patch = await server.fetch(location, { method: 'PATCH', headers: { 'content-type': 'application/trickle-ice-sdpfrag' }, body: 'a=end-of-candidates\r\n' });
  assert.equal(patch.status, 405);
  assert.match((await patch.json()).error.message, /trickle ICE/);

  assert.equal((await server.fetch(location, { method: 'DELETE' })).status, 200);
  const again = await server.fetch(location, { method: 'DELETE' });
  assert.equal(again.status, 404);
  assert.match((await again.json()).error.message, /no WHEP session/);
  await page.evaluate(() => window.pc.close());
});

test('a stream with B-frames is unavailable over WHEP, with the OBS setting to change', async () => {
  await waitFor(async () => (await whepEntry(bframes.roomId))?.available === false,
    { timeoutMs: 10000, what: 'the whep entry of the B-frame room to become unavailable' });
  const entry = await whepEntry(bframes.roomId);
  assert.match(entry.unavailableReason, /B-frames/);
  assert.match(entry.unavailableReason, /bframes=0/);
  assert.ok((await roomJson(bframes.roomId)).playback.some((p) => p.protocol === 'hls' && p.available),
    'HLS still plays it');
  const res = await postOffer(bframes.roomId, await browserOffer());
  assert.equal(res.status, 422);
  const body = await res.json();
  assert.equal(body.error.code, 'webrtc_unplayable');
  assert.match(body.error.message, /B-frames/);
});

test('offers that cannot be served are refused in words', async () => {
  const offer = await browserOffer();
  const wrongType = await postOffer(plain.roomId, offer, 'text/plain');
  assert.equal(wrongType.status, 415);
  assert.match((await wrongType.json()).error.message, /application\/sdp/);

  const unknown = await postOffer('no-such-room', offer);
  assert.equal(unknown.status, 404);
  assert.equal((await unknown.json()).error.code, 'room_not_found');

  const malformed = await postOffer(plain.roomId, 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=video nonsense\r\n');
  assert.equal(malformed.status, 400);
  const malformedBody = await malformed.json();
  assert.equal(malformedBody.error.code, 'bad_offer');
  assert.match(malformedBody.error.message, /line 4/);
});

test('a DTLS certificate that does not match the offer\'s fingerprint never connects', async () => {
  const offer = await browserOffer();
  // The server is told a different fingerprint than Chromium's certificate has.
  const forged = offer.replace(/a=fingerprint:sha-256 ([0-9A-F]{2})/g, (_, first) => `a=fingerprint:sha-256 ${first === '00' ? '01' : '00'}`);
  const res = await postOffer(plain.roomId, forged);
  assert.equal(res.status, 201);
  const played = await playAnswer(await res.text(), { frames: 1 });
  assert.notEqual(played.reached, 'connected');
  assert.equal(played.framesDecoded, 0);
  await waitFor(() => /does not match the fingerprint/.test(server.output),
    { timeoutMs: 10000, what: 'the server to log the fingerprint mismatch' });
  await page.evaluate(() => window.pc.close());
});

test('a session that never completes ICE and DTLS expires', async () => {
  const res = await postOffer(plain.roomId, await browserOffer());
  assert.equal(res.status, 201);
  const location = res.headers.get('location');
  await page.evaluate(() => window.pc.close());  // the browser never connects
  const sessionId = location.split('/').pop();
  await waitFor(() => server.output.includes(`session ${sessionId} of room ${plain.roomId} ended: ICE and DTLS did not complete within the connect timeout`),
    { timeoutMs: 10000, intervalMs: 250, what: 'the unconnected session to expire (connectTimeoutSeconds: 3)' });
  assert.equal((await server.fetch(location, { method: 'DELETE' })).status, 404, 'the expired session is gone');
});

test('one address gets at most maxSessionsPerAddress sessions (10 by default)', async () => {
  const offer = await browserOffer();
  const locations = [];
  for (let i = 0; i < 10; i++) {
    const res = await postOffer(plain.roomId, offer);
    assert.equal(res.status, 201, `session ${i + 1}`);
    locations.push(res.headers.get('location'));
  }
  const refused = await postOffer(plain.roomId, offer);
  assert.equal(refused.status, 429);
  const body = await refused.json();
  assert.equal(body.error.code, 'too_many_sessions');
  assert.match(body.error.message, /10 WebRTC sessions/);
  assert.equal((await server.fetch(locations[0], { method: 'DELETE' })).status, 200);
  assert.equal((await postOffer(plain.roomId, offer)).status, 201, 'leaving frees a place');
  await page.evaluate(() => window.pc.close());
});
