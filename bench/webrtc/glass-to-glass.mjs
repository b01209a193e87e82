// Glass-to-glass latency over WebRTC, WHIP in and WHEP out, in Debian's
// Chromium against the real server on loopback.
//
// Method: a publishing page draws the wall-clock time (ms since the run's
// start) as 32 black/white blocks on a 640x360 canvas on every animation frame,
// and publishes canvas.captureStream(30) over WHIP (Chromium's own H.264
// encoder, the server depacketizes it onto the media bus). A viewing page in the
// same browser (same clock) plays the room over WHEP; on every frame it
// presents (requestVideoFrameCallback) it draws the frame to a canvas, reads
// the blocks back and subtracts the time they show from the frame's expected
// display time (performance.timeOrigin + metadata.expectedDisplayTime). So a
// sample is: canvas drawn -> capture -> encode -> RTP/SRTP -> server (WHIP
// depacketizer, media bus, WHEP packetizer, per-viewer SRTP) -> jitter buffer
// -> decode -> presentation. The first 3 s are skipped (start-up).
// Usage: SOCKSTREAM_BUILD_DIR=$PWD/build node bench/webrtc/glass-to-glass.mjs [seconds]
// Prints a Markdown table for docs/benchmarks.md. Not a test: no pass/fail.
import { createRequire } from 'node:module';
import path from 'node:path';
import { startServer, shippedPlugins, waitFor, sleep, repoRoot } from '../../tests/integration/lib/server.mjs';
import { roomWithKey } from '../../tests/integration/lib/publishing.mjs';
import { chromiumPath, chromiumArgs } from '../../tests/integration/lib/chromium.mjs';

// playwright-core lives in tests/node_modules (cd tests && npm ci).
const require = createRequire(path.join(repoRoot, 'tests', 'package.json'));
const { chromium } = require('playwright-core');

const seconds = Number(process.argv[2] || 20);

const server = await startServer({
  logLevel: 'warning',
  plugins: [
    ...shippedPlugins().filter((p) => p.name !== 'webrtc'),
    { name: 'webrtc', library: 'webrtc', enabled: true, dependencies: [], config: { whipKeyframeIntervalSeconds: 1 } },
  ],
});
let browser;
try {
  const room = await roomWithKey(server);
  browser = await chromium.launch({
    executablePath: chromiumPath, headless: true, timeout: 30000,
    args: [...chromiumArgs, '--allow-loopback-in-peer-connection'],
  });
  const publisher = await browser.newPage();
  const viewer = await browser.newPage();
  await publisher.goto(`${server.baseUrl}/api/features`);
  await viewer.goto(`${server.baseUrl}/api/features`);
  const base = Date.now();

  const published = await publisher.evaluate(async ({ key, base }) => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 360;
    document.body.append(canvas);
    const g = canvas.getContext('2d');
    const draw = () => {
      const t = Date.now() - base;
      g.fillStyle = '#808080';
      g.fillRect(0, 0, 640, 360);
      for (let bit = 0; bit < 32; bit++) {
        g.fillStyle = (t >>> bit) & 1 ? '#ffffff' : '#000000';
        g.fillRect((bit % 16) * 40, 100 + Math.floor(bit / 16) * 80, 40, 40);
      }
      requestAnimationFrame(draw);
    };
    draw();
    const stream = canvas.captureStream(30);
    const pc = new RTCPeerConnection();
    window.pc = pc;
    const transceiver = pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly' });
    transceiver.setCodecPreferences(RTCRtpSender.getCapabilities('video').codecs
      .filter((c) => c.mimeType === 'video/H264' && /packetization-mode=1/.test(c.sdpFmtpLine || '')));
    await pc.setLocalDescription(await pc.createOffer());
    const res = await fetch('/whip', { method: 'POST', headers: { 'content-type': 'application/sdp', authorization: `Bearer ${key}` }, body: pc.localDescription.sdp });
    if (res.status !== 201) return `WHIP answered ${res.status}: ${await res.text()}`;
    await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
    return 'ok';
  }, { key: room.streamKey, base });
  if (published !== 'ok') throw new Error(published);
  await waitFor(async () => (await (await server.fetch(`/api/rooms/${room.roomId}`)).json()).room.live,
    { timeoutMs: 20000, what: 'the WHIP room to go live' });

  const result = await viewer.evaluate(async ({ roomId, base, seconds }) => {
    const pc = new RTCPeerConnection();
    pc.addTransceiver('video', { direction: 'recvonly' });
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    document.body.append(video);
    pc.ontrack = (event) => { video.srcObject = new MediaStream([event.track]); video.play().catch(() => {}); };
    const offerAt = performance.now();
    await pc.setLocalDescription(await pc.createOffer());
    const res = await fetch(`/whep/${roomId}`, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription.sdp });
    if (res.status !== 201) return { error: `WHEP answered ${res.status}: ${await res.text()}` };
    await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
    const canvas = document.createElement('canvas');
    const g = canvas.getContext('2d', { willReadFrequently: true });
    const samples = [];
    let firstFrameMs = null;
    let unreadable = 0;
    let startedAt = null;
    await new Promise((resolve) => {
      const onFrame = (now, metadata) => {
        const presented = performance.timeOrigin + metadata.expectedDisplayTime;
        if (firstFrameMs === null) { firstFrameMs = performance.now() - offerAt; startedAt = performance.now(); }
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        g.drawImage(video, 0, 0);
        const sx = canvas.width / 640;
        const sy = canvas.height / 360;
        let t = 0;
        let clear = true;
        for (let bit = 0; bit < 32; bit++) {
          const px = g.getImageData(Math.round(((bit % 16) * 40 + 20) * sx), Math.round((100 + Math.floor(bit / 16) * 80 + 20) * sy), 1, 1).data;
          const luma = (px[0] + px[1] + px[2]) / 3;
          if (luma > 80 && luma < 176) clear = false;
          if (luma >= 128) t |= (1 << bit);
        }
        const warm = performance.now() - startedAt > 3000;
        if (warm) {
          const latency = presented - (base + (t >>> 0));
          if (clear && latency > -50 && latency < 10000) samples.push(latency);
          else unreadable++;
        }
        if (performance.now() - startedAt > (seconds + 3) * 1000) resolve();
        else video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    });
    const stats = await pc.getStats();
    let framesDropped = 0;
    let jitterBufferMs = null;
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        framesDropped = s.framesDropped || 0;
        if (s.jitterBufferEmittedCount) jitterBufferMs = (s.jitterBufferDelay / s.jitterBufferEmittedCount) * 1000;
      }
    });
    pc.close();
    return { samples, firstFrameMs, unreadable, framesDropped, jitterBufferMs };
  }, { roomId: room.roomId, base, seconds });
  if (result.error) throw new Error(result.error);

  const sorted = [...result.samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const ms = (v) => (v == null ? '–' : `${Math.round(v)} ms`);
  console.log(`\n| glass-to-glass (WHIP in, WHEP out, loopback) | frames | median | p95 | min | max | WHEP offer to first frame | jitter buffer (mean) | unreadable frames |`);
  console.log('|---|---|---|---|---|---|---|---|---|');
  console.log(`| Chromium canvas 640x360 @30 fps, Chromium H.264 | ${sorted.length} | ${ms(at(0.5))} | ${ms(at(0.95))} | ${ms(sorted[0])} | ${ms(sorted.at(-1))} | ${ms(result.firstFrameMs)} | ${ms(result.jitterBufferMs)} | ${result.unreadable} |`);
} finally {
  if (browser) {
    const pid = browser.process?.()?.pid;
    await Promise.race([browser.close().catch(() => {}), sleep(10000)]);
    if (pid) { try { process.kill(pid, 'SIGKILL'); } catch {} }
  }
  await server.stop();
  server.cleanup();
}
