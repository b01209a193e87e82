// WHIP ingest through the real server: Debian's Chromium (playwright-core,
// never a downloaded browser) publishes its fake camera and microphone over
// WebRTC with POST /whip and the room's stream key as the Bearer token. The
// room goes live, ffprobe decodes its LL-HLS (H.264 and the Opus transcoded to
// AAC), a second browser watches it over WHEP (getStats: frames decoded, audio
// samples), a lost connection resumes within the grace window with the same
// key, and DELETE ends the broadcast. A browser that offers only VP8 publishes
// too (transcoded to H.264). Missing and unknown keys are
// refused with 401 before any ICE, malformed and VP9-only offers in words, a
// second publisher of a live room with 409, and a DTLS certificate that does
// not match the offer's fingerprint never connects nor makes the room live.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { startServer, waitFor, sleep } from './lib/server.mjs';
import { roomWithKey, roomLive } from './lib/publishing.mjs';
import { chromiumPath, launchBrowser, closeChromium, loopbackWebrtcArgs, fakeMediaArgs } from './lib/chromium.mjs';
import { connectAnswer } from './lib/webrtcPage.mjs';

let server;
let browser;
let publisher;  // the page that publishes
let viewer;     // the page that watches
let room;       // the room published over WHIP

const whip = (pathname, { key, sdp, type = 'application/sdp', method = 'POST' } = {}) => server.fetch(pathname, {
  method,
  headers: { 'content-type': type, ...(key ? { authorization: `Bearer ${key}` } : {}) },
  body: sdp,
});

/** The publishing page's sendonly offer for its fake camera and microphone (one video codec only when asked, e.g. 'video/VP8'). */
async function publishOffer(page, { videoOnly = null } = {}) {
  return page.evaluate(async ({ videoOnly }) => {
    window.pc?.close();
    window.stream ??= await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240, frameRate: 30 }, audio: true });
    window.pc = new RTCPeerConnection();
    for (const track of window.stream.getTracks()) {
      const transceiver = window.pc.addTransceiver(track, { direction: 'sendonly' });
      if (videoOnly && track.kind === 'video') {
        transceiver.setCodecPreferences(RTCRtpSender.getCapabilities('video').codecs.filter((c) => c.mimeType === videoOnly));
      }
    }
    await window.pc.setLocalDescription(await window.pc.createOffer());
    return window.pc.localDescription.sdp;
  }, { videoOnly });
}

/** Whether the room's LL-HLS holds decodable H.264 and AAC, as ffprobe and ffmpeg read it over HTTP. */
function probeHls(roomId) {
  const url = `${server.baseUrl}/hls/${roomId}/index.m3u8`;
  const probed = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,codec_type,width,height,r_frame_rate,avg_frame_rate',
    '-of', 'json', url], { encoding: 'utf8', timeout: 30000 });
  assert.equal(probed.status, 0, probed.stderr);
  const streams = JSON.parse(probed.stdout).streams;
  const decoded = spawnSync('ffmpeg', ['-v', 'error', '-nostdin', '-i', url, '-t', '2', '-f', 'null', '-'],
    { encoding: 'utf8', timeout: 60000 });
  return { streams, decodedStatus: decoded.status, decodeErrors: decoded.stderr };
}

/** Watches a room over WHEP in `page` for up to 20 s: its connection state, video frames decoded and audio samples. */
async function watchOverWhep(page, roomId) {
  return page.evaluate(async (roomId) => {
    const pc = new RTCPeerConnection();
    window.pc = pc;
    pc.ontrack = (event) => {
      if (event.track.kind !== 'audio') return;
      const audio = new Audio();
      audio.srcObject = new MediaStream([event.track]);
      audio.play().catch(() => {});
    };
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    await pc.setLocalDescription(await pc.createOffer());
    const res = await fetch(`/whep/${roomId}`, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription.sdp });
    if (res.status !== 201) return { status: res.status, text: await res.text() };
    await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
    const deadline = Date.now() + 20000;
    let framesDecoded = 0;
    let audioSamples = 0;
    while (Date.now() < deadline && (framesDecoded < 10 || audioSamples < 48000)) {
      const stats = await pc.getStats();
      stats.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') framesDecoded = s.framesDecoded || 0;
        if (s.type === 'inbound-rtp' && s.kind === 'audio') audioSamples = s.totalSamplesReceived || 0;
      });
      await new Promise((r) => setTimeout(r, 100));
    }
    return { status: 201, state: pc.connectionState, framesDecoded, audioSamples };
  }, roomId);
}

before(async () => {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install chromium`);
  server = await startServer({
    configure(config) {
      const webrtc = config.plugins.find((p) => p.name === 'webrtc');
      webrtc.config = { ...(webrtc.config || {}), connectTimeoutSeconds: 3, whipKeyframeIntervalSeconds: 1,
        whipTranscodeBitrateKbps: 800 };
    },
  });
  room = await roomWithKey(server);
  browser = await launchBrowser([...loopbackWebrtcArgs, ...fakeMediaArgs]);
  publisher = await browser.newPage();
  viewer = await browser.newPage();
  // A page on the server's origin (127.0.0.1 is a secure context: getUserMedia works).
  await publisher.goto(`${server.baseUrl}/api/features`);
  await viewer.goto(`${server.baseUrl}/api/features`);
});

after(async () => {
  await closeChromium(browser);
  if (server) {
    await server.stop();
    server.cleanup();
  }
});

test('GET /api/features says where WHIP is', async () => {
  const features = await (await server.fetch('/api/features')).json();
  assert.equal(features.features.webrtc.whip, '/whip');
});

test('a missing or unknown stream key is refused with 401 before any ICE', async () => {
  const offer = await publishOffer(publisher);
  const missing = await whip('/whip', { sdp: offer });
  assert.equal(missing.status, 401);
  assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
  assert.match((await missing.json()).error.message, /Authorization: Bearer/);

  const unknown = await whip('/whip', { sdp: offer, key: 'live_not-a-real-key' });
  assert.equal(unknown.status, 401);
  const body = await unknown.json();
  assert.equal(body.error.code, 'unknown_key');
  assert.match(body.error.message, /stream key not recognised/);
  // The key is never read from the URL.
  assert.equal((await whip(`/whip?key=${room.streamKey}`, { sdp: offer })).status, 401);
  assert.equal(await roomLive(server, room.roomId), false);
});

test('malformed and unusable offers are refused in words', async () => {
  const wrongType = await whip('/whip', { sdp: 'v=0', key: room.streamKey, type: 'text/plain' });
  assert.equal(wrongType.status, 415);

  const malformed = await whip('/whip', { key: room.streamKey, sdp: 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=video nonsense\r\n' });
  assert.equal(malformed.status, 400);
  const malformedBody = await malformed.json();
  assert.equal(malformedBody.error.code, 'bad_offer');
  assert.match(malformedBody.error.message, /line 4/);

  // VP8 is transcoded (see the VP8 test below); VP9 is not taken.
  const vp9 = await whip('/whip', { key: room.streamKey, sdp: await publishOffer(publisher, { videoOnly: 'video/VP9' }) });
  assert.equal(vp9.status, 422);
  const vp9Body = await vp9.json();
  assert.equal(vp9Body.error.code, 'unsupported_video_codec');
  assert.match(vp9Body.error.message, /VP9/);
  assert.match(vp9Body.error.message, /only H\.264 \(packetization-mode=1\) or VP8/);

  const other = await roomWithKey(server);
  const wrongRoom = await whip(`/whip/${other.roomId}`, { key: room.streamKey, sdp: await publishOffer(publisher) });
  assert.equal(wrongRoom.status, 403);
  assert.equal((await wrongRoom.json()).error.code, 'wrong_room');
});

test('a DTLS certificate that does not match the offer\'s fingerprint never connects', async () => {
  const other = await roomWithKey(server);
  const offer = await publishOffer(publisher);
  const forged = offer.replace(/a=fingerprint:sha-256 ([0-9A-F]{2})/g, (_, first) => `a=fingerprint:sha-256 ${first === '00' ? '01' : '00'}`);
  const res = await whip(`/whip/${other.roomId}`, { key: other.streamKey, sdp: forged });
  assert.equal(res.status, 201);
  assert.notEqual(await connectAnswer(publisher, await res.text()), 'connected');
  await waitFor(() => /does not match the fingerprint/.test(server.output),
    { timeoutMs: 10000, what: 'the server to log the fingerprint mismatch' });
  assert.equal(await roomLive(server, other.roomId), false);
  await publisher.evaluate(() => window.pc.close());
});

let location;

test('a browser publishes over WHIP: the room goes live and its LL-HLS decodes (H.264 and AAC)', async () => {
  const res = await whip(`/whip/${room.roomId}`, { key: room.streamKey, sdp: await publishOffer(publisher) });
  assert.equal(res.status, 201, await res.clone().text());
  assert.equal(res.headers.get('content-type'), 'application/sdp');
  location = res.headers.get('location');
  assert.match(location, /^\/whip\/sessions\/[A-Za-z0-9_-]+$/);
  const answer = await res.text();
  assert.match(answer, /a=ice-lite/);
  assert.match(answer, /a=recvonly/);
  assert.match(answer, /a=rtpmap:\d+ H264\/90000/);
  assert.match(answer, /a=rtpmap:\d+ opus\/48000\/2/);
  assert.equal(await connectAnswer(publisher, answer), 'connected', server.output.slice(-3000));

  await waitFor(() => roomLive(server, room.roomId), { timeoutMs: 15000, what: 'the room to go live' });
  await waitFor(async () => (await server.fetch(`/hls/${room.roomId}/index.m3u8`)).ok,
    { timeoutMs: 20000, what: 'the LL-HLS playlist' }).catch((e) => { throw new Error(`${e.message}\n${server.output.slice(-4000)}`); });
  // A few segments, so ffprobe sees both tracks.
  await sleep(3000);
  const { streams, decodedStatus, decodeErrors } = probeHls(room.roomId);
  const video = streams.find((s) => s.codec_type === 'video');
  const audio = streams.find((s) => s.codec_type === 'audio');
  assert.equal(video?.codec_name, 'h264', JSON.stringify(streams));
  assert.equal(video.width, 320);
  assert.equal(video.height, 240);
  assert.equal(audio?.codec_name, 'aac', JSON.stringify(streams));
  assert.equal(decodedStatus, 0, decodeErrors);

  const health = await (await server.fetch(`/api/rooms/${room.roomId}/health`, { headers: { cookie: room.jar.header() } })).json();
  assert.equal(health.health.state, 'live');
  assert.match(JSON.stringify(health.health.ingest), /WHIP/);
});

test('a second publisher with the same key is refused while the room is live', async () => {
  const second = await browser.newPage();
  try {
    await second.goto(`${server.baseUrl}/api/features`);
    const res = await whip('/whip', { key: room.streamKey, sdp: await publishOffer(second) });
    assert.equal(res.status, 409);
    assert.equal((await res.json()).error.code, 'room_busy');
  } finally {
    await second.close();
  }
});

test('a second browser watches the WHIP room over WHEP: video frames and audio samples', async () => {
  const played = await watchOverWhep(viewer, room.roomId);
  assert.equal(played.status, 201, played.text);
  assert.equal(played.state, 'connected');
  assert.ok(played.framesDecoded >= 10, `the viewer decoded ${played.framesDecoded} frames`);
  assert.ok(played.audioSamples >= 48000, `the viewer received ${played.audioSamples} audio samples`);
});

test('a lost connection leaves the room reconnecting, and the same key resumes the broadcast', async () => {
  const roomState = async () => (await (await server.fetch(`/api/rooms/${room.roomId}`)).json()).room.state;
  await publisher.evaluate(() => window.pc.close());  // no DELETE: as if the tab crashed or the network dropped
  await waitFor(async () => (await roomState()) === 'reconnecting', { timeoutMs: 10000, what: 'the room to be reconnecting' });
  const res = await whip('/whip', { key: room.streamKey, sdp: await publishOffer(publisher) });
  assert.equal(res.status, 201, await res.clone().text());
  location = res.headers.get('location');
  assert.equal(await connectAnswer(publisher, await res.text()), 'connected');
  await waitFor(async () => (await roomState()) === 'live', { timeoutMs: 15000, what: 'the broadcast to resume' });
  assert.match(server.output, /publishes to room \S+ from 127\.0\.0\.1 \(resuming\)/);
});

test('DELETE with the key ends the broadcast: the room goes offline', async () => {
  const wrongKey = await server.fetch(location, { method: 'DELETE', headers: { authorization: 'Bearer live_wrong' } });
  assert.equal(wrongKey.status, 404);
  assert.equal(await roomLive(server, room.roomId), true);

  const patch = await server.fetch(location, { method: 'PATCH', headers: { authorization: `Bearer ${room.streamKey}` } });
  assert.equal(patch.status, 405);

  const res = await server.fetch(location, { method: 'DELETE', headers: { authorization: `Bearer ${room.streamKey}` } });
  assert.equal(res.status, 200);
  await waitFor(async () => !(await roomLive(server, room.roomId)), { timeoutMs: 10000, what: 'the room to go offline' });
  const again = await server.fetch(location, { method: 'DELETE', headers: { authorization: `Bearer ${room.streamKey}` } });
  assert.equal(again.status, 404);
});

test('WHIP is declared as a way in with a Bearer key, and a browser that follows the declaration goes live', async () => {
  const features = await (await server.fetch('/api/features')).json();
  const declared = features.ingest.find((e) => e.protocol === 'whip');
  assert.deepEqual(declared, {
    protocol: 'whip', name: 'WHIP (OBS 30+, browsers)', serverUrl: `${server.publicUrl}/whip`,
    keyLabel: 'Bearer Token', keyIn: 'bearer', publishUrl: null,
  });
  assert.equal(features.ingest[0].protocol, 'rtmp', 'RTMP stays the first way in');

  // The host's view: the stream-key answer that hands out a key, as "Prepare to stream" reads it
  // (the room the tests above published to, offline again; a new host would meet the sign-up rate limit).
  const host = room;
  assert.equal(await roomLive(server, host.roomId), false);
  const minted = await server.fetch(`/api/rooms/${host.roomId}/stream-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: host.jar.header() },
    body: '{}',
  });
  assert.equal(minted.status, 200);
  const answer = await minted.json();
  const whipWay = answer.ingest.find((e) => e.protocol === 'whip');
  assert.equal(whipWay.keyIn, 'bearer');
  assert.match(whipWay.serverUrl, /\/whip$/);
  assert.equal(whipWay.publishUrl, null);
  for (const entry of answer.ingest) {
    if (entry.keyIn === 'bearer') {
      assert.ok(!JSON.stringify(entry).includes(answer.streamKey), `the ${entry.protocol} entry carries the key`);
    }
    assert.ok(!entry.serverUrl.includes(answer.streamKey), 'no server URL carries the key');
  }
  const mine = await (await server.fetch('/api/me/room', { headers: { cookie: host.jar.header() } })).json();
  assert.deepEqual(mine.room.ingest.find((e) => e.protocol === 'whip'), declared);

  // Exactly what the host is told: POST to serverUrl with the key as the Bearer token, from Chromium.
  const page = await browser.newPage();
  try {
    await page.goto(`${server.baseUrl}/api/features`);
    const offer = await publishOffer(page);
    const posted = await page.evaluate(async ({ url, key, sdp }) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/sdp', authorization: `Bearer ${key}` }, body: sdp });
      return { status: res.status, location: res.headers.get('location'), sdp: await res.text() };
    }, { url: whipWay.serverUrl, key: answer.streamKey, sdp: offer });
    assert.equal(posted.status, 201, posted.sdp);
    assert.equal(await connectAnswer(page, posted.sdp), 'connected', server.output.slice(-3000));
    await waitFor(() => roomLive(server, host.roomId), { timeoutMs: 15000, what: 'the room to go live' });

    const session = new URL(posted.location, whipWay.serverUrl).href;
    const ended = await server.fetch(new URL(session).pathname, { method: 'DELETE', headers: { authorization: `Bearer ${answer.streamKey}` } });
    assert.equal(ended.status, 200);
    await waitFor(async () => !(await roomLive(server, host.roomId)), { timeoutMs: 10000, what: 'the room to go offline' });
  } finally {
    await page.close();
  }
});

test('a browser that offers only VP8 publishes: the server transcodes it, and LL-HLS decodes as H.264 at the camera\'s rate', async (t) => {
  // The first room again (offline since the DELETE), with a fresh key: no
  // fourth sign-up within the auth plugin's 3-per-10-s limit.
  const vp8Room = { ...room, streamKey: await room.mintKey() };
  const page = await browser.newPage();
  try {
    await page.goto(`${server.baseUrl}/api/features`);
    const offer = await publishOffer(page, { videoOnly: 'video/VP8' });
    assert.doesNotMatch(offer, /H264\/90000/);
    const res = await whip(`/whip/${vp8Room.roomId}`, { key: vp8Room.streamKey, sdp: offer });
    assert.equal(res.status, 201, await res.clone().text());
    const vp8Location = res.headers.get('location');
    const answer = await res.text();
    assert.match(answer, /a=rtpmap:\d+ VP8\/90000/);
    assert.equal(await connectAnswer(page, answer), 'connected', server.output.slice(-3000));

    await waitFor(() => roomLive(server, vp8Room.roomId), { timeoutMs: 15000, what: 'the VP8 room to go live' })
      .catch((e) => { throw new Error(`${e.message}\n${server.output.slice(-4000)}`); });
    await waitFor(async () => (await server.fetch(`/hls/${vp8Room.roomId}/index.m3u8`)).ok,
      { timeoutMs: 20000, what: 'the LL-HLS playlist of the VP8 room' });
    await sleep(3000);
    const { streams, decodedStatus, decodeErrors } = probeHls(vp8Room.roomId);
    const video = streams.find((s) => s.codec_type === 'video');
    assert.equal(video?.codec_name, 'h264', JSON.stringify(streams));
    assert.equal(video.width, 320);
    assert.equal(video.height, 240);
    // The fake camera sends 30 frames a second; the transcode keeps every frame.
    const [num, den] = (video.avg_frame_rate !== '0/0' ? video.avg_frame_rate : video.r_frame_rate).split('/').map(Number);
    const rate = num / den;
    t.diagnostic(`LL-HLS of the VP8 room: ${video.avg_frame_rate} fps (r_frame_rate ${video.r_frame_rate})`);
    assert.ok(rate >= 20 && rate <= 31, `frame rate ${video.avg_frame_rate} (r ${video.r_frame_rate})`);
    assert.equal(streams.find((s) => s.codec_type === 'audio')?.codec_name, 'aac', JSON.stringify(streams));
    assert.equal(decodedStatus, 0, decodeErrors);
    assert.match(server.output, /publishing \(VP8 transcoded to H\.264 with libx264 veryfast at 800 kbit\/s/);

    // WHEP viewers get the transcoded H.264 like any other room's.
    const watcher = await browser.newPage();
    try {
      await watcher.goto(`${server.baseUrl}/api/features`);
      const played = await watchOverWhep(watcher, vp8Room.roomId);
      assert.equal(played.status, 201, played.text);
      assert.ok(played.framesDecoded >= 10, `the viewer decoded ${played.framesDecoded} frames`);
    } finally {
      await watcher.close();
    }

    // The health panel says what the browser really sends.
    const health = await (await server.fetch(`/api/rooms/${vp8Room.roomId}/health`, { headers: { cookie: vp8Room.jar.header() } })).json();
    assert.match(JSON.stringify(health.health.ingest), /VP8 transcoded to H\.264/);

    const ended = await server.fetch(vp8Location, { method: 'DELETE', headers: { authorization: `Bearer ${vp8Room.streamKey}` } });
    assert.equal(ended.status, 200);
  } finally {
    await page.close();
  }
});
