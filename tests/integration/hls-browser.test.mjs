// A live room plays in a real browser: Debian's headless Chromium (driven by
// playwright-core, never a downloaded browser) runs hls.js in low-latency mode
// against the real server while ffmpeg publishes over RTMP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startServer, CookieJar, waitFor, sleep, repoRoot } from './lib/server.mjs';
import { chromiumPath, launchChromium, closeChromium } from './lib/chromium.mjs';

const hlsScript = path.join(repoRoot, 'tests', 'node_modules', 'hls.js', 'dist', 'hls.min.js');

let server;
let publisher;
let context;
let roomId;

const post = (jar, pathname, body) => server.postJson(jar, pathname, body);

before(async () => {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install chromium (scripts/deps/apt-hls.txt)`);
  assert.ok(existsSync(hlsScript), `${hlsScript} is missing: npm install in tests/`);
  server = await startServer({
    configure: (config) => {
      config.plugins = config.plugins.map((p) => (p.name === 'hls'
        ? { ...p, enabled: true, config: { ...(p.config || {}), targetDurationSeconds: 1, partDurationSeconds: 0.2, corsOrigins: ['*'] } }
        : p));
    },
  });
  const jar = new CookieJar();
  const signUp = await post(jar, '/api/auth/sign-up/email', { name: 'Host', email: `browser-${Date.now()}@example.com`, password: 'a long enough password 123' });
  assert.ok(signUp.ok, `sign-up: ${signUp.status}`);
  const created = await post(jar, '/api/rooms', { channelId: 'gaming', title: 'Browser room' });
  assert.equal(created.status, 201);
  roomId = (await created.json()).room.id;
  const key = await (await post(jar, `/api/rooms/${roomId}/stream-key`)).json();
  publisher = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', '90', '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
    '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-b:v', '800k', '-c:a', 'aac', '-b:a', '96k',
    '-f', 'flv', key.ingest.find((e) => e.protocol === 'rtmp').publishUrl], { stdio: ['ignore', 'ignore', 'pipe'] });
  await waitFor(async () => (await server.fetch(`/hls/${roomId}/index.m3u8`)).ok,
    { timeoutMs: 20000, what: 'the multivariant playlist' });

  context = await launchChromium();
});

after(async () => {
  await closeChromium(context);
  context = null;
  if (publisher && publisher.exitCode === null) publisher.kill('SIGKILL');
  if (server) {
    await server.stop();
    server.cleanup();
  }
});

test('hls.js in headless Chromium plays the live room in low-latency mode', async () => {
  // The player page is on the server's own origin, loaded over loopback, so
  // Chromium's local-network-access rules see a loopback page reading loopback.
  const source = `${server.baseUrl}/hls/${roomId}/index.m3u8`;
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const consoleErrors = [];
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  const failedRequests = [];
  page.on('requestfailed', (r) => failedRequests.push(`${r.url()}: ${r.failure()?.errorText}`));
  const landing = await page.goto(`${server.baseUrl}/api/features`);
  assert.equal(landing.status(), 200);
  await page.setContent('<!doctype html><title>player</title><video id="video" muted autoplay playsinline></video>');
  await page.addScriptTag({ path: hlsScript });

  const supported = await page.evaluate(() => window.Hls.isSupported()
    && MediaSource.isTypeSupported('video/mp4; codecs="avc1.64001e,mp4a.40.2"'));
  assert.ok(supported, 'this Chromium cannot play H.264/AAC through MSE');

  await page.evaluate((url) => {
    const video = document.getElementById('video');
    const hls = new window.Hls({ lowLatencyMode: true, enableWorker: true, backBufferLength: 10 });
    window.player = { hls, fatal: [], errors: [], levels: 0, partsLoaded: 0 };
    hls.on(window.Hls.Events.ERROR, (event, data) => {
      const entry = `${data.type}/${data.details}`;
      window.player.errors.push(entry);
      if (data.fatal) window.player.fatal.push(entry);
    });
    hls.on(window.Hls.Events.MANIFEST_PARSED, (event, data) => { window.player.levels = data.levels.length; });
    hls.on(window.Hls.Events.FRAG_LOADED, (event, data) => { if (data.part) window.player.partsLoaded += 1; });
    hls.loadSource(url);
    hls.attachMedia(video);
    video.play().catch(() => {});
  }, source);

  const state = () => page.evaluate(() => {
    const video = document.getElementById('video');
    const { hls } = window.player;
    return {
      currentTime: video.currentTime,
      paused: video.paused,
      readyState: video.readyState,
      fatal: window.player.fatal,
      errors: window.player.errors,
      levels: window.player.levels,
      partsLoaded: window.player.partsLoaded,
      lowLatency: hls.lowLatencyMode,
      latency: hls.latency,
      targetLatency: hls.targetLatency,
      glassToGlassMs: hls.playingDate ? Date.now() - hls.playingDate.getTime() : null,
      width: video.videoWidth,
    };
  });

  const started = await waitFor(async () => {
    const s = await state();
    assert.deepEqual(s.fatal, [], `fatal hls.js errors: ${s.fatal.join(', ')}; failed requests: ${failedRequests.join(', ')}`);
    return s.currentTime > 0 ? s : null;
  }, { timeoutMs: 20000, intervalMs: 200, what: 'playback to start' });

  await sleep(4000);
  const later = await state();
  assert.deepEqual(later.fatal, [], `fatal hls.js errors: ${later.fatal.join(', ')}`);
  assert.deepEqual(consoleErrors, []);
  assert.equal(later.levels, 1);
  assert.equal(later.width, 640);
  assert.equal(later.lowLatency, true);
  assert.ok(later.partsLoaded > 0, 'hls.js loaded LL-HLS parts');
  const advanced = later.currentTime - started.currentTime;
  assert.ok(advanced > 2.5, `the video advanced only ${advanced.toFixed(2)} s in 4 s`);
  assert.ok(!later.paused, 'the video is playing');
  assert.ok(Number.isFinite(later.latency) && later.latency > 0, `hls.latency = ${later.latency}`);
  // A report, not a timed assertion: the benchmark (bench/hls) measures latency.
  console.log(`# hls.js latency ${later.latency.toFixed(2)} s (target ${later.targetLatency?.toFixed(2)} s), ` +
    `glass-to-glass ${later.glassToGlassMs} ms, parts loaded ${later.partsLoaded}, non-fatal errors: ${later.errors.length}`);
  await page.close();
});
