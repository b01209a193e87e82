// ICE-TCP, the fallback where UDP is blocked: Debian's Chromium with the
// WebRTC IP handling policy "disable_non_proxied_udp" (the setting that stops
// it using UDP at all, as a firewall that blocks UDP would; set in its
// profile's preferences, webrtc.ip_handling_policy, because Chromium 156 no
// longer has the --force-webrtc-ip-handling-policy switch) plays an
// RTMP-published room over WHEP through the server's passive TCP candidate
// (RFC 6544, RFC 4571 framing): getStats shows only TCP candidates of its
// own, the selected pair TCP on both ends, frames decoded and audio samples
// received. A stock Chromium (UDP allowed) still picks the UDP candidate, and
// the UDP-less Chromium can publish over WHIP through TCP too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, shippedPlugins, waitFor } from './lib/server.mjs';
import { roomWithKey, roomLive, run } from './lib/publishing.mjs';
import { chromiumPath, chromiumArgs, launchBrowser, closeChromium, loopbackWebrtcArgs, fakeMediaArgs } from './lib/chromium.mjs';
import { recvonlyOffer, installPeerHelpers } from './lib/webrtcPage.mjs';

let noUdpProfile;  // the UDP-less Chromium's profile directory, removed in after()

/**
 * Chromium whose profile sets the WebRTC IP handling policy that enterprise
 * policy and privacy extensions set: "disable_non_proxied_udp" (no UDP
 * without a proxy, so WebRTC may only use TCP).
 */
async function launchWithoutUdp() {
  noUdpProfile = mkdtempSync(path.join(tmpdir(), 'sockstream-chromium-noudp-'));
  mkdirSync(path.join(noUdpProfile, 'Default'));
  writeFileSync(path.join(noUdpProfile, 'Default', 'Preferences'),
    JSON.stringify({ webrtc: { ip_handling_policy: 'disable_non_proxied_udp' } }));
  return chromium.launchPersistentContext(noUdpProfile, {
    executablePath: chromiumPath, headless: true, args: [...chromiumArgs, ...loopbackWebrtcArgs, ...fakeMediaArgs],
    timeout: 30000,
  });
}

let server;
let tcpOnly;  // Chromium that does not use UDP
let stock;    // Chromium as shipped
const encoders = [];
let room;

function publishRtmp(url) {
  const encoder = run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '120', '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-bf', '0',
    '-pix_fmt', 'yuv420p', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-b:v', '600k',
    '-c:a', 'aac', '-b:a', '64k', '-f', 'flv', url], { timeoutMs: 180000 });
  encoders.push(encoder);
}

async function roomJson(roomId) {
  const res = await server.fetch(`/api/rooms/${roomId}`);
  assert.equal(res.status, 200);
  return (await res.json()).room;
}

const postOffer = (roomId, sdp) =>
  server.fetch(`/whep/${roomId}`, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: sdp });

/** Sets the answer, waits for a connection, then for frames and audio samples; reports the selected pair. */
async function play(page, answer, { frames = 10, samples = 48000 } = {}) {
  return page.evaluate(async ({ sdp, frames, samples }) => {
    const reached = await window.connectWith(sdp);
    const deadline = Date.now() + 10000;
    let framesDecoded = 0;
    let audioSamples = 0;
    while (reached === 'connected' && Date.now() < deadline && (framesDecoded < frames || audioSamples < samples)) {
      const stats = await window.pc.getStats();
      stats.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') framesDecoded = s.framesDecoded || 0;
        if (s.type === 'inbound-rtp' && s.kind === 'audio') audioSamples = s.totalSamplesReceived || 0;
      });
      await new Promise((r) => setTimeout(r, 100));
    }
    return { reached, framesDecoded, audioSamples, pair: await window.selectedPair() };
  }, { sdp: answer, frames, samples });
}

/** A WHEP session in `page`: retried while the room's first keyframe has not reached the feed. */
async function watch(page) {
  let res;
  await waitFor(async () => {
    res = await postOffer(room.roomId, await recvonlyOffer(page));
    return res.status === 201;
  }, { timeoutMs: 10000, what: 'a 201 answer' });
  const answer = await res.text();
  return { answer, location: res.headers.get('location'), played: await play(page, answer) };
}

before(async () => {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install chromium`);
  server = await startServer({
    plugins: [
      ...shippedPlugins().filter((p) => p.name !== 'webrtc'),
      { name: 'webrtc', library: 'webrtc', enabled: true, dependencies: [], config: { connectTimeoutSeconds: 5 } },
    ],
  });
  room = await roomWithKey(server);
  publishRtmp(`${server.rtmpUrl}/${room.streamKey}`);
  await waitFor(async () => (await roomJson(room.roomId)).live, { timeoutMs: 20000, what: 'the room to go live' });
  tcpOnly = await launchWithoutUdp();
  stock = await launchBrowser([...loopbackWebrtcArgs, ...fakeMediaArgs]);
});

after(async () => {
  for (const encoder of encoders) await encoder.kill();
  await closeChromium(tcpOnly);
  if (noUdpProfile) rmSync(noUdpProfile, { recursive: true, force: true });
  await closeChromium(stock);
  if (server) {
    await server.stop();
    server.cleanup();
  }
});

test('GET /api/features lists the ICE-TCP port beside the UDP one', async () => {
  const { webrtc } = (await (await server.fetch('/api/features')).json()).features;
  assert.ok(Number.isInteger(webrtc.tcpPort) && webrtc.tcpPort > 0, `tcpPort ${webrtc.tcpPort}`);
  assert.ok(Number.isInteger(webrtc.udpPort) && webrtc.udpPort > 0);
});

test('Chromium without UDP plays the room over ICE-TCP: video and audio through the passive TCP candidate', async () => {
  const page = await tcpOnly.newPage();
  await page.goto(`${server.baseUrl}/api/features`);
  await installPeerHelpers(page);
  const { tcpPort } = (await (await server.fetch('/api/features')).json()).features.webrtc;
  const { answer, location, played } = await watch(page);
  assert.match(answer, new RegExp(`a=candidate:2 1 tcp \\d+ 127\\.0\\.0\\.1 ${tcpPort} typ host tcptype passive`));
  assert.equal(played.reached, 'connected', `connectionState; server output:\n${server.output.slice(-3000)}`);
  // The policy really keeps Chromium off UDP: it gathered no UDP candidate at all.
  assert.ok(played.pair.locals.length > 0, 'Chromium has local candidates');
  assert.deepEqual([...new Set(played.pair.locals)], ['tcp'], `local candidate protocols: ${played.pair.locals}`);
  assert.equal(played.pair.local, 'tcp');
  assert.equal(played.pair.remote, 'tcp');
  assert.equal(played.pair.remoteTcpType, 'passive');
  assert.equal(played.pair.remotePort, tcpPort);
  assert.ok(played.framesDecoded >= 10, `Chromium decoded ${played.framesDecoded} video frames`);
  assert.ok(played.audioSamples >= 48000, `Chromium received ${played.audioSamples} audio samples`);
  assert.match(server.output, /ICE-TCP connection from 127\.0\.0\.1:\d+ \(tcp\) carries session/);

  // Leaving closes the session's TCP connection.
  assert.equal((await server.fetch(location, { method: 'DELETE' })).status, 200);
  const sessionId = location.split('/').pop();
  await waitFor(() => new RegExp(`ICE-TCP connection from [^\\n]*session ${sessionId}\\) closed`).test(server.output),
    { timeoutMs: 5000, what: 'the TCP connection of the ended session to close' });
  await page.evaluate(() => window.pc.close());
  await page.close();
});

test('a stock Chromium, with UDP allowed, still picks the UDP candidate', async () => {
  const page = await stock.newPage();
  await page.goto(`${server.baseUrl}/api/features`);
  await installPeerHelpers(page);
  const { answer, location, played } = await watch(page);
  assert.match(answer, / tcp .* tcptype passive/, 'the TCP candidate is offered');
  assert.equal(played.reached, 'connected', `connectionState; server output:\n${server.output.slice(-3000)}`);
  assert.equal(played.pair.local, 'udp');
  assert.equal(played.pair.remote, 'udp');
  assert.ok(played.framesDecoded >= 10, `Chromium decoded ${played.framesDecoded} video frames`);
  assert.equal((await server.fetch(location, { method: 'DELETE' })).status, 200);
  await page.evaluate(() => window.pc.close());
  await page.close();
});

test('Chromium without UDP goes live over WHIP through ICE-TCP', async () => {
  const whipRoom = await roomWithKey(server);
  const page = await tcpOnly.newPage();
  await page.goto(`${server.baseUrl}/api/features`);
  await installPeerHelpers(page);
  const offer = await page.evaluate(async () => {
    window.stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240, frameRate: 30 }, audio: true });
    window.pc = new RTCPeerConnection();
    for (const track of window.stream.getTracks()) window.pc.addTransceiver(track, { direction: 'sendonly' });
    await window.pc.setLocalDescription(await window.pc.createOffer());
    return window.pc.localDescription.sdp;
  });
  const res = await server.fetch('/whip', {
    method: 'POST', headers: { 'content-type': 'application/sdp', authorization: `Bearer ${whipRoom.streamKey}` }, body: offer,
  });
  assert.equal(res.status, 201);
  const answer = await res.text();
  assert.match(answer, / tcp .* tcptype passive/);
  const result = await page.evaluate(async (sdp) => ({
    reached: await window.connectWith(sdp), pair: await window.selectedPair(),
  }), answer);
  assert.equal(result.reached, 'connected', `connectionState; server output:\n${server.output.slice(-3000)}`);
  assert.equal(result.pair.local, 'tcp');
  assert.equal(result.pair.remote, 'tcp');
  await waitFor(() => roomLive(server, whipRoom.roomId), { timeoutMs: 20000, what: 'the WHIP room to go live' });
  assert.equal((await server.fetch(res.headers.get('location'), {
    method: 'DELETE', headers: { authorization: `Bearer ${whipRoom.streamKey}` },
  })).status, 200);
  await page.evaluate(() => { window.pc.close(); window.stream.getTracks().forEach((t) => t.stop()); });
  await page.close();
});
