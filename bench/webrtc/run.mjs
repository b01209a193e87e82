// WebRTC (WHEP) playback benchmark: the real server, ffmpeg publishing a
// 720p30 H.264 (baseline, no B-frames) + AAC room over RTMP at ~2.5 Mbit/s,
// then
//   1. offer -> first decoded frame in Debian's Chromium (median of 5 joins),
//      measured in the page from createOffer() to the first framesDecoded > 0;
//   2. server CPU per viewer with 10 and 50 viewers from webrtc-whep-load (our
//      own light WHEP client: ICE, DTLS, SRTP unprotect of every packet), as
//      the server process's user+system time (/proc/<pid>/stat) over the run,
//      minus the same run with no viewer (ingest + HLS).
// Usage: SOCKSTREAM_BUILD_DIR=$PWD/build node bench/webrtc/run.mjs [seconds-per-run]
// Prints a Markdown table for docs/benchmarks.md. Not a test: no pass/fail.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startServer, shippedPlugins, waitFor, sleep, buildDir, repoRoot } from '../../tests/integration/lib/server.mjs';
import { roomWithKey, run } from '../../tests/integration/lib/publishing.mjs';
import { chromiumPath, chromiumArgs } from '../../tests/integration/lib/chromium.mjs';

// playwright-core lives in tests/node_modules (cd tests && npm ci).
const require = createRequire(path.join(repoRoot, 'tests', 'package.json'));
const { chromium } = require('playwright-core');

const seconds = Number(process.argv[2] || 20);
const loadClient = path.join(buildDir, 'bin', 'webrtc-whep-load');
const offerTemplate = path.join(repoRoot, 'tests', 'plugins', 'webrtc', 'fixtures', 'chromium-156-whep-offer.sdp');
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;  // utime + stime
}

async function measure(server, label, work) {
  const before = cpuSeconds(server.pid);
  const startedAt = Date.now();
  const result = await work();
  const wall = (Date.now() - startedAt) / 1000;
  return { label, cpu: (cpuSeconds(server.pid) - before) / wall, wall, result };
}

const server = await startServer({
  logLevel: 'warning',
  plugins: [
    ...shippedPlugins().filter((p) => p.name !== 'webrtc'),
    { name: 'webrtc', library: 'webrtc', enabled: true, dependencies: [], config: { maxSessions: 1000, maxSessionsPerAddress: 1000 } },
  ],
});
const encoders = [];
let browser;
try {
  const room = await roomWithKey(server);
  const encoder = run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '600', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-bf', '0',
    '-pix_fmt', 'yuv420p', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0',
    '-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '2500k', '-c:a', 'aac', '-b:a', '96k',
    '-f', 'flv', `${server.rtmpUrl}/${room.streamKey}`], { timeoutMs: 900000 });
  encoders.push(encoder);
  await waitFor(async () => (await (await server.fetch(`/api/rooms/${room.roomId}`)).json()).room.live,
    { timeoutMs: 20000, what: 'the room to go live' });
  await sleep(3000);

  // 1. Offer to first frame in Chromium.
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, timeout: 30000,
    args: [...chromiumArgs, '--allow-loopback-in-peer-connection'] });
  const page = await browser.newPage();
  await page.goto(`${server.baseUrl}/api/features`);
  const joins = [];
  for (let i = 0; i < 5; i++) {
    joins.push(await page.evaluate(async (roomId) => {
      const started = performance.now();
      const pc = new RTCPeerConnection();
      pc.addTransceiver('video', { direction: 'recvonly' });
      pc.addTransceiver('audio', { direction: 'recvonly' });
      await pc.setLocalDescription(await pc.createOffer());
      const res = await fetch(`/whep/${roomId}`, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription.sdp });
      const location = res.headers.get('location');
      await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
      let firstFrame = null;
      const deadline = Date.now() + 10000;
      while (Date.now() < deadline && firstFrame === null) {
        const stats = await pc.getStats();
        stats.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0) firstFrame = performance.now() - started; });
        await new Promise((r) => setTimeout(r, 10));
      }
      pc.close();
      await fetch(location, { method: 'DELETE' });
      return firstFrame;
    }, room.roomId));
    await sleep(500);
  }
  await browser.close();
  browser = null;
  const sorted = joins.filter((v) => v !== null).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];

  // 2. CPU per viewer.
  const idle = await measure(server, '0 viewers', () => sleep(seconds * 1000));
  const rows = [];
  for (const viewers of [10, 50]) {
    const m = await measure(server, `${viewers} viewers`, async () => {
      const out = execFileSync(loadClient, ['127.0.0.1', String(server.httpPort), room.roomId, String(viewers), String(seconds), offerTemplate],
        { timeout: (seconds + 60) * 1000 }).toString();
      return JSON.parse(out.trim().split('\n').pop());
    });
    rows.push(m);
    await sleep(2000);
  }
  console.log(`Offer to first decoded frame (Chromium, loopback, 5 joins): median ${Math.round(median)} ms (all: ${joins.map((v) => (v === null ? 'none' : Math.round(v))).join(', ')} ms)`);
  console.log('');
  console.log('| Viewers | Connected | Egress per viewer (Mbit/s) | Server CPU (cores) | CPU above idle per viewer (% of a core) |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(`| 0 | - | - | ${idle.cpu.toFixed(3)} | - |`);
  for (const { cpu, result } of rows) {
    const perViewerMbit = (result.bytes * 8) / result.seconds / 1e6 / Math.max(1, result.connected);
    const perViewerCpu = ((cpu - idle.cpu) / Math.max(1, result.connected)) * 100;
    console.log(`| ${result.viewers} | ${result.connected} | ${perViewerMbit.toFixed(2)} | ${cpu.toFixed(3)} | ${perViewerCpu.toFixed(2)} |`);
    if (result.failed.length) console.log(`  failures: ${result.failed.slice(0, 3).join(' / ')}`);
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  for (const encoder of encoders) await encoder.kill();
  await server.stop();
  server.cleanup();
}
