// Start-up, latency and end-of-stream benchmark: what a viewer sees when a
// broadcast starts and ends, for the sockstream hls plugin and for nginx +
// libnginx-mod-rtmp, both fed by one ffmpeg (tee muxer) and both played by
// hls.js in Debian's headless Chromium with the web app's settings
// (web/src/lib/hlsConfig.js).
//
// Usage: SOCKSTREAM_BUILD_DIR=build node bench/start/run.mjs [--runs 3] [--scenarios obs,gop1s]
//                                   [--hls-config web/src/lib/hlsConfig.js] [--servers sockstream,nginx]
// Needs: ffmpeg, nginx, libnginx-mod-rtmp, chromium (scripts/deps/apt-hls.txt),
// web/node_modules (hls.js) and tests/node_modules (playwright-core). See README.md.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, CookieJar, freePort, waitFor, sleep, repoRoot } from '../../tests/integration/lib/server.mjs';
import { onFlvVideoTags } from '../lib/flvTags.mjs';
import { counterGraph, recordPresentedFrames } from '../../tests/e2e/lib/frameCounter.mjs';

const require = createRequire(path.join(repoRoot, 'tests', 'package.json'));
const { chromium } = require('playwright-core');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}
const RUNS = Number(option('runs', 3));
const SCENARIOS = option('scenarios', 'obs,gop1s').split(',');
const SERVERS = option('servers', 'sockstream,nginx').split(',');
const HLS_CONFIG = path.resolve(option('hls-config', path.join(repoRoot, 'web', 'src', 'lib', 'hlsConfig.js')));
// BENCH_HLS_SCRIPT: another build of hls.js (e.g. dist/hls.js with tracing added) for a debugging run.
const HLS_SCRIPT = process.env.BENCH_HLS_SCRIPT || path.join(repoRoot, 'web', 'node_modules', 'hls.js', 'dist', 'hls.min.js');
const HLS_CONFIG_SOURCE = readFileSync(HLS_CONFIG, 'utf8');
// The player's catch-up to live (what the app's Player runs beside hls.js), loaded the same way.
const CATCH_UP_SOURCE = readFileSync(path.join(repoRoot, 'web', 'src', 'lib', 'liveCatchUp.js'), 'utf8');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const NGINX_MODULE = '/usr/lib/nginx/modules/ngx_rtmp_module.so';

// What a viewer waits for before giving up on a measurement.
const FIRST_FRAME_LIMIT_MS = 40000;
const END_LIMIT_MS = 45000;
// The late viewer joins this long after the first keyframe, in the middle of a 250-frame GOP.
const JOIN_AFTER_MS = 12000;
const FPS = 30;

// OBS 29's defaults (Simple output, x264, "Keyframe Interval 0 (auto)": 250
// frames, 2 B-frames, CBR 2500 kbit/s, veryfast) and the same with 1 s keyframes.
const SCENARIO_ARGS = {
  obs: ['-g', '250', '-bf', '2'],
  gop1s: ['-g', '30', '-keyint_min', '30', '-bf', '2'],
};

const work = mkdtempSync(path.join(tmpdir(), 'start-bench-'));
const children = new Set();
const log = (...args) => console.error(`[${new Date().toISOString().slice(11, 23)}]`, ...args);
function track(child, gracefulSignal = 'SIGKILL') {
  child.gracefulSignal = gracefulSignal;
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
process.on('exit', () => {
  for (const child of children) { try { process.kill(child.pid, child.gracefulSignal); } catch {} }
  rmSync(work, { recursive: true, force: true });
});
process.on('SIGINT', () => process.exit(130));

async function startNginx() {
  if (!existsSync(NGINX_MODULE)) throw new Error('libnginx-mod-rtmp is not installed (scripts/deps/apt-hls.txt)');
  const rtmpPort = await freePort();
  const httpPort = await freePort();
  const hlsDir = path.join(work, 'nginx-hls');
  chmodSync(work, 0o755);  // nginx workers drop privileges and must reach the fragments
  mkdirSync(hlsDir, { mode: 0o777 });
  chmodSync(hlsDir, 0o777);
  // Fragments as long as our segment target (2 s); nginx-rtmp cuts them at keyframes.
  writeFileSync(path.join(work, 'nginx.conf'), `
load_module ${NGINX_MODULE};
daemon off; master_process on; worker_processes 2; pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log warn;
events { worker_connections 1024; }
rtmp { server { listen 127.0.0.1:${rtmpPort}; chunk_size 4096;
  application live { live on; hls on; hls_path ${hlsDir}; hls_fragment 2s; hls_playlist_length 20s; } } }
http { access_log off; sendfile on;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server { listen 127.0.0.1:${httpPort};
    location /hls/ { alias ${hlsDir}/; add_header Cache-Control no-cache; add_header Access-Control-Allow-Origin *; } } }
`);
  const child = track(spawn('nginx', ['-c', path.join(work, 'nginx.conf'), '-p', work], { stdio: 'ignore' }), 'SIGTERM');
  const origin = `http://127.0.0.1:${httpPort}`;
  await waitFor(async () => (await fetch(`${origin}/hls/`).catch(() => null)) !== null, { timeoutMs: 5000, what: 'nginx' });
  return {
    name: 'nginx-rtmp', child, origin,
    async newBroadcast(id) { return { rtmpUrl: `rtmp://127.0.0.1:${rtmpPort}/live/${id}`, playlist: `${origin}/hls/${id}.m3u8` }; },
  };
}

async function startSockstream() {
  const server = await startServer({ logLevel: 'warning' });  // the shipped hls defaults
  track(server.child, 'SIGTERM');
  return {
    name: 'sockstream', child: server.child, origin: server.baseUrl, server,
    // A new host and room per broadcast: every measurement starts from a room that never streamed.
    async newBroadcast(id) {
      const jar = new CookieJar();
      const signUp = await server.postJson(jar, '/api/auth/sign-up/email', { name: 'Bench', email: `${id}@example.com`, password: 'benchmark password 123' });
      if (!signUp.ok) throw new Error(`sign-up: ${signUp.status} ${await signUp.text()}`);
      const created = await server.postJson(jar, '/api/rooms', { channelId: 'gaming', title: id });
      if (!created.ok) throw new Error(`room: ${created.status} ${await created.text()}`);
      const room = (await created.json()).room;
      const key = await (await server.postJson(jar, `/api/rooms/${room.id}/stream-key`)).json();
      return { rtmpUrl: key.ingest.find((e) => e.protocol === 'rtmp').publishUrl, playlist: `${server.baseUrl}/hls/${room.id}/index.m3u8`,
        roomPage: `${server.baseUrl}/r/${encodeURIComponent(room.id)}` };
    },
  };
}

/**
 * The encoder: testsrc2 720p30 with a frame counter burned into the top-left
 * corner (20 bits, 32 px each, black/white) so the page can tell which frame
 * it shows, plus AAC. One tee muxer feeds every server and an FLV pipe that
 * gives the push clock: the wall time at which each frame left the encoder.
 */
function startEncoder(scenario, urls) {
  const graph = counterGraph('1280x720');
  const outputs = [...urls.map((url) => `[f=flv]${url}`), '[f=flv]pipe\\:1'].join('|');
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', graph, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '120', '-c:v', 'libx264', '-preset', 'veryfast', ...SCENARIO_ARGS[scenario],
    '-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '2500k', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '160k', '-flags', '+global_header', '-map', '0:v', '-map', '1:a', '-flvflags', 'no_duration_filesize',
    '-f', 'tee', outputs];
  const child = track(spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] }), 'SIGINT');
  let errors = '';
  child.stderr.on('data', (d) => { errors += d; });
  const spawnedAt = Date.now();
  const pushed = new Map();  // presentation time (ms) of each video frame -> wall clock when it was pushed
  let firstKeyframeAt = null;
  let lastPushAt = null;
  onFlvVideoTags(child.stdout, ({ timestamp, compositionTime, keyframe, avcNalu, receivedAt }) => {
    if (!avcNalu) return;
    if (keyframe && firstKeyframeAt === null) firstKeyframeAt = receivedAt;
    pushed.set(timestamp + compositionTime, receivedAt);
    lastPushAt = receivedAt;
  });
  let firstPts = null;
  return {
    child, spawnedAt,
    get errors() { return errors; },
    get firstKeyframeAt() { return firstKeyframeAt; },
    get lastPushAt() { return lastPushAt; },
    /** Wall clock at which frame `n` (the burned-in counter) was pushed, or null. */
    pushedAtFrame(n) {
      if (firstPts === null && pushed.size) firstPts = Math.min(...pushed.keys());
      if (firstPts === null) return null;
      const pts = firstPts + (n * 1000) / FPS;
      for (const delta of [0, 1, -1, 2, -2]) {
        const at = pushed.get(Math.round(pts) + delta);
        if (at !== undefined) return at;
      }
      return null;
    },
    stop() { try { child.kill('SIGINT'); } catch {} },
  };
}

/**
 * A viewer page: polls the playlist until it exists (as the app's player
 * retries), then plays it with hls.js and the given config. Every presented
 * frame's counter is read from the video (requestVideoFrameCallback + canvas).
 */
async function openViewer(context, origin, playlist, config) {
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  // Any answer without a Content-Security-Policy (not the web app's HTML): the page is then same-origin with the stream.
  await page.goto(`${origin}/api/features`).catch(() => {});
  await page.setContent('<!doctype html><video id="video" muted autoplay playsinline width="1280" height="720"></video><canvas id="bits" width="640" height="40"></canvas>');
  await page.addScriptTag({ path: HLS_SCRIPT });
  // The settings module itself (it builds a class on the page's Hls), as a classic script.
  await page.addScriptTag({ content: `${HLS_CONFIG_SOURCE.replace(/^export /gm, '')}\nwindow.hlsConfig = hlsConfig;` });
  await page.addScriptTag({ content: `(() => { ${CATCH_UP_SOURCE.replace(/^export /gm, '')}\nwindow.liveCatchUp = liveCatchUp; })();` });
  await page.evaluate(([source, hlsConfig]) => {
    const video = document.getElementById('video');
    const canvas = document.getElementById('bits');
    const g = canvas.getContext('2d', { willReadFrequently: true });
    const v = { frames: [], firstFrame: null, lastNewFrame: null, lastFrameNumber: null, endlistAt: null, goneAt: null, endedAt: null, fatal: [], errors: [], startedAt: null };
    window.viewer = v;
    const readCounter = () => {
      g.drawImage(video, 0, 0, 640, 40, 0, 0, 640, 40);
      const pixels = g.getImageData(0, 0, 640, 40).data;
      let n = 0;
      for (let bit = 0; bit < 20; bit += 1) {
        const at = (20 * 640 + bit * 32 + 16) * 4;
        if (pixels[at] > 128) n += 2 ** bit;
      }
      return n;
    };
    const onFrame = (now, meta) => {
      const shownAt = performance.timeOrigin + (meta.expectedDisplayTime || now);
      const n = readCounter();
      if (!v.firstFrame) v.firstFrame = { at: shownAt, n };
      if (n !== v.lastFrameNumber) { v.lastNewFrame = { at: shownAt, n }; v.lastFrameNumber = n; }
      v.frames.push([shownAt, n]);
      if (v.frames.length > 4000) v.frames.splice(0, 1000);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
    video.addEventListener('ended', () => { if (v.watchingEnd) v.endedAt = v.endedAt || Date.now(); });
    const start = () => {
      v.startedAt = Date.now();
      // BENCH_DEBUG=2: hls.js's own log, with the wall clock, for the first viewer's story.
      const logLines = [];
      v.log = logLines;
      const keep = (level) => (...args) => { if (logLines.length < 20000) logLines.push(`${Date.now()} ${level} ${args.join(' ')}`); };
      const debug = hlsConfig.debugLog ? { debug: keep('debug'), log: keep('log'), info: keep('info'), warn: keep('warn'), error: keep('error') } : false;
      // A traced build of hls.js (BENCH_HLS_SCRIPT) reports through this.
      if (hlsConfig.debugLog) window.__trace = keep('trace');
      const hls = new window.Hls({ ...window.hlsConfig(window.Hls), debug });
      v.hls = hls;
      window.liveCatchUp(hls, video);
      // What tells a player the broadcast is over, once the encoder has stopped.
      hls.on(window.Hls.Events.LEVEL_UPDATED, (e, data) => { if (v.watchingEnd && !data.details.live && !v.endlistAt) v.endlistAt = Date.now(); });
      hls.on(window.Hls.Events.ERROR, (e, data) => {
        v.errors.push(`${data.type}/${data.details}${data.response?.code ? ` ${data.response.code}` : ''}`);
        if (data.fatal) v.fatal.push(`${data.type}/${data.details}`);
        if (v.watchingEnd && !v.goneAt && (data.fatal || data.response?.code === 404)) v.goneAt = Date.now();
      });
      hls.on(window.Hls.Events.MANIFEST_PARSED, () => video.play().catch(() => {}));
      // BENCH_DEBUG=2: which listed parts hls.js counts as loaded, and its buffer, on every playlist.
      if (debug) {
        hls.on(window.Hls.Events.LEVEL_UPDATED, (e, data) => {
          const parts = (data.details.partList || []).map((p) => `${p.fragment.sn}.${p.index}${p.independent ? 'i' : ''}${p.loaded ? '*' : ''}`);
          const b = video.buffered;
          const ranges = Array.from({ length: b.length }, (_, i) => `${b.start(i).toFixed(3)}-${b.end(i).toFixed(3)}`);
          debug.log(`[bench] parts (* loaded): ${parts.join(' ')} | buffered ${ranges.join(',')} | t ${video.currentTime.toFixed(3)}`);
        });
      }
      hls.loadSource(source);
      hls.attachMedia(video);
    };
    const poll = async () => {
      const res = await fetch(source, { cache: 'no-store' }).catch(() => null);
      if (res && res.ok) start();
      else setTimeout(poll, 100);
    };
    // The page is set up and starts looking for the stream: a joiner's first frame counts from here.
    v.openedAt = Date.now();
    poll();
  }, [playlist, process.env.BENCH_DEBUG === '2' ? { ...config, debugLog: true } : config]);
  return {
    page,
    log: () => page.evaluate(() => window.viewer.log || []),
    state: () => page.evaluate(() => {
      const v = window.viewer;
      return { firstFrame: v.firstFrame, lastNewFrame: v.lastNewFrame, endlistAt: v.endlistAt, goneAt: v.goneAt, endedAt: v.endedAt,
        fatal: v.fatal, startedAt: v.startedAt, openedAt: v.openedAt, recent: v.frames.slice(-60),
        currentTime: document.getElementById('video').currentTime, readyState: document.getElementById('video').readyState, errors: v.errors,
        targetLatency: v.hls ? v.hls.targetLatency : null };
    }),
    watchEnd: () => page.evaluate(() => { window.viewer.watchingEnd = true; }),
    close: () => page.close().catch(() => {}),
  };
}

/**
 * The web app's own room page (web/dist, served by the server under test)
 * with its real Player: every change of the player's state
 * (`data-player-state`: offline, loading, playing, ended, …) is recorded with
 * the wall clock, so "end of stream → the viewer reads that it ended" is
 * measured as a viewer sees it, socket events and all.
 */
async function openAppViewer(context, roomPage) {
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  // Before the app's own scripts: every frame the Player's <video> presents, with its counter.
  await page.addInitScript(recordPresentedFrames);
  await page.goto(roomPage);
  await page.locator('[data-player-state]').waitFor();
  await page.evaluate(() => {
    const states = [];
    window.appViewer = { states };
    const record = () => {
      const state = document.querySelector('[data-player-state]')?.getAttribute('data-player-state');
      if (state && states[states.length - 1]?.[1] !== state) states.push([Date.now(), state]);
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-player-state'] });
  });
  return {
    page,
    states: () => page.evaluate(() => window.appViewer.states),
    frames: () => page.evaluate(() => ({ firstFrame: window.framesShown.firstFrame, recent: window.framesShown.frames.slice(-60) })),
    close: () => page.close().catch(() => {}),
  };
}

/** Latency (ms) of the frames shown in the second before `at`: shown − pushed, median. */
function latencyAround(frames, encoder, at, windowMs = 1000) {
  const values = frames.filter(([shown]) => shown <= at && shown > at - windowMs)
    .map(([shown, n]) => { const pushed = encoder.pushedAtFrame(n); return pushed === null ? null : shown - pushed; })
    .filter((x) => x !== null).sort((a, b) => a - b);
  return values.length ? values[Math.floor(values.length / 2)] : null;
}

async function sampleLatency(viewer, encoder, samples) {
  const s = await viewer.state();
  if (!s.recent.length) return;
  const last = s.recent[s.recent.length - 1][0];
  const value = latencyAround(s.recent, encoder, last);
  if (value !== null) samples.push([last, value]);
}

async function runOnce(targets, scenario, run, context, config) {
  const id = `${scenario}-${run}-${Date.now().toString(36)}`;
  const broadcasts = await Promise.all(targets.map((t) => t.newBroadcast(id)));
  const viewers = await Promise.all(targets.map((t, i) => openViewer(context, t.origin, broadcasts[i].playlist, config)));
  // SockStream only: the app's room page, open before the encoder starts.
  const appViewers = await Promise.all(broadcasts.map((b) => (b.roomPage ? openAppViewer(context, b.roomPage) : null)));
  await sleep(500);
  const encoder = startEncoder(scenario, broadcasts.map((b) => b.rtmpUrl));
  // The machine's 1-minute load average (2 cores here, shared): stalls under load are the machine's, not the server's.
  const results = targets.map((t) => ({ server: t.name, scenario, run, loadAtStart: loadavg()[0], samples: [], joinSamples: [] }));
  try {
    await waitFor(() => encoder.firstKeyframeAt, { timeoutMs: 10000, what: `ffmpeg's first keyframe: ${encoder.errors}` });
    const k0 = encoder.firstKeyframeAt;
    // Waiting viewers: first frame, then latency every 500 ms for 20 s.
    const deadline = k0 + FIRST_FRAME_LIMIT_MS;
    let joiners = null;
    const appJoiners = targets.map(() => null);
    // Until every viewer had 12 s of play (bounded).
    const settled = (r) => r.firstFrameAt && Date.now() > r.firstFrameAt + 12000 && r.joinFirstFrameMs !== undefined
      && Date.now() > r.joinedAt + r.joinFirstFrameMs + 12000
      && (r.appJoinedAt === undefined || (r.appJoinFirstFrameMs !== undefined && Date.now() > r.appJoinedAt + r.appJoinFirstFrameMs + 12000));
    while (Date.now() < deadline + 15000 && (Date.now() < k0 + 24000 || !results.every(settled))) {
      for (const [i, viewer] of viewers.entries()) {
        const s = await viewer.state();
        const r = results[i];
        if (s.firstFrame && !r.firstFrameAt) {
          r.firstFrameAt = s.firstFrame.at;
          r.firstFrameMs = s.firstFrame.at - k0;
          r.firstFrameFromSpawnMs = s.firstFrame.at - encoder.spawnedAt;
          r.keyframeAfterSpawnMs = k0 - encoder.spawnedAt;
          r.playlistAfterKeyframeMs = s.startedAt - k0;
          const pushed = encoder.pushedAtFrame(s.firstFrame.n);
          r.firstLatencyMs = pushed === null ? null : s.firstFrame.at - pushed;
        }
        if (r.firstFrameAt) await sampleLatency(viewer, encoder, r.samples);
      }
      // A viewer who arrives in the middle of a GOP.
      if (!joiners && Date.now() >= k0 + JOIN_AFTER_MS) {
        const opening = targets.map((t, i) => openViewer(context, t.origin, broadcasts[i].playlist, config));
        // SockStream only: a viewer opening the app's room page at the same moment, as a person would.
        for (const [i, b] of broadcasts.entries()) {
          if (b.roomPage) { results[i].appJoinedAt = Date.now(); appJoiners[i] = openAppViewer(context, b.roomPage); }
        }
        joiners = await Promise.all(opening);
        // The benchmark's own page: from the moment it is set up and polls the playlist (as before).
        for (const r of results) r.joinedAt = Date.now();
        for (const [i, pending] of appJoiners.entries()) if (pending) appJoiners[i] = await pending;
      }
      for (const [i, app] of appJoiners.entries()) {
        if (!app || typeof app.frames !== 'function') continue;
        const r = results[i];
        const f = await app.frames();
        if (f.firstFrame && r.appJoinFirstFrameMs === undefined) {
          r.appJoinFirstFrameMs = f.firstFrame.at - r.appJoinedAt;
          r.appJoinWay = f.firstFrame.way;
        }
        if (f.firstFrame) {
          r.appJoinSamples = r.appJoinSamples || [];
          const last = f.recent[f.recent.length - 1][0];
          const value = latencyAround(f.recent, encoder, last);
          if (value !== null) r.appJoinSamples.push([last, value]);
        }
      }
      if (joiners) {
        for (const [i, viewer] of joiners.entries()) {
          const s = await viewer.state();
          const r = results[i];
          if (s.firstFrame && r.joinFirstFrameMs === undefined) {
            r.joinedAt = s.openedAt;  // this page's own moment, not the slower of the two pages' set-up
            r.joinFirstFrameMs = s.firstFrame.at - s.openedAt;
          }
          if (s.firstFrame) await sampleLatency(viewer, encoder, r.joinSamples);
        }
      }
      await sleep(500);
    }
    if (process.env.BENCH_DEBUG) for (const b of broadcasts) log(b.playlist, (await fetch(b.playlist)).status, encoder.errors.slice(-500));
    if (process.env.BENCH_DEBUG) for (const viewer of viewers) { const s = await viewer.state(); log(JSON.stringify({ ...s, recent: s.recent.length })); }
    if (process.env.BENCH_DEBUG === '2') {
      const file = path.join(tmpdir(), `start-bench-hls-${id}.log`);
      writeFileSync(file, (await viewers[0].log()).map((line) => `${line.slice(0, 13)} +${((Number(line.slice(0, 13)) - k0) / 1000).toFixed(3)} ${line.slice(14)}`).join('\n'));
      log(`hls.js log of the first waiting viewer: ${file}`);
      if (joiners) {
        const joinFile = path.join(tmpdir(), `start-bench-hls-${id}-joiner.log`);
        writeFileSync(joinFile, (await joiners[0].log()).map((line) => `${line.slice(0, 13)} +${((Number(line.slice(0, 13)) - results[0].joinedAt) / 1000).toFixed(3)} ${line.slice(14)}`).join('\n'));
        log(`hls.js log of the first joining viewer (seconds since it opened): ${joinFile}`);
      }
    }
    for (const [i, r] of results.entries()) {
      r.loadAfterStart = loadavg()[0];
      r.latency10sMs = pick(r.samples, r.firstFrameAt + 10000);
      r.settledMs = settledAfter(r.samples, r.firstFrameAt, 2000);
      r.joinLatency10sMs = r.joinFirstFrameMs ? pick(r.joinSamples, r.joinedAt + r.joinFirstFrameMs + 10000) : null;
      r.joinSettledMs = r.joinFirstFrameMs ? settledAfter(r.joinSamples, r.joinedAt + r.joinFirstFrameMs, 2000) : null;
      if (r.appJoinFirstFrameMs !== undefined) {
        r.appJoinLatency10sMs = pick(r.appJoinSamples || [], r.appJoinedAt + r.appJoinFirstFrameMs + 10000);
        r.appJoinSettledMs = settledAfter(r.appJoinSamples || [], r.appJoinedAt + r.appJoinFirstFrameMs, 2000);
      }
      const now = await viewers[i].state();
      r.fatal = now.fatal;
      // hls.js's own target latency now (it only ever rises, by liveSyncOnStallIncrease per stall).
      r.targetLatency = now.targetLatency;
      // BENCH_DEBUG=2: counts from the waiting viewer's hls.js log, which do not depend on the machine's speed.
      if (process.env.BENCH_DEBUG === '2') r.counts = logCounts(await viewers[i].log());
    }
    // End of stream: ffmpeg closes its RTMP sessions cleanly (SIGINT).
    const watchers = [...viewers, ...(joiners || []), ...appViewers.filter(Boolean), ...appJoiners.filter((a) => a && a.close)];
    for (const [i, app] of appViewers.entries()) {
      if (!app) continue;
      const playing = (await app.states()).find(([, state]) => state === 'playing');
      results[i].appPlayingMs = playing ? playing[0] - k0 : null;
    }
    await Promise.all(viewers.map((v) => v.watchEnd()));
    const stoppedAt = Date.now();
    encoder.stop();
    await waitFor(() => encoder.child.exitCode !== null || encoder.child.signalCode !== null, { timeoutMs: 10000, what: 'ffmpeg to exit' });
    const endAt = encoder.lastPushAt;
    const endDeadline = Date.now() + END_LIMIT_MS;
    const ends = targets.map(() => ({}));
    while (Date.now() < endDeadline) {
      for (const [i] of targets.entries()) {
        const s = await viewers[i].state();
        const e = ends[i];
        if (s.endlistAt && e.endlist === undefined) e.endlist = s.endlistAt - endAt;
        if (s.goneAt && e.gone === undefined) e.gone = s.goneAt - endAt;
        if (s.endedAt && e.ended === undefined) e.ended = s.endedAt - endAt;
        e.lastFrame = s.lastNewFrame ? s.lastNewFrame.at - endAt : null;
        if (appViewers[i] && e.appEnded === undefined) {
          const ended = (await appViewers[i].states()).find(([at, state]) => state === 'ended' && at >= stoppedAt);
          if (ended) e.appEnded = ended[0] - endAt;
        }
      }
      if (ends.every((e, i) => (e.endlist !== undefined || e.gone !== undefined) && (!appViewers[i] || e.appEnded !== undefined))) break;
      await sleep(250);
    }
    await sleep(1000);
    for (const [i, r] of results.entries()) {
      const s = await viewers[i].state();
      r.end = { ...ends[i], lastFrame: s.lastNewFrame ? s.lastNewFrame.at - endAt : null };
    }
    await Promise.all(watchers.map((v) => v.close()));
  } finally {
    encoder.stop();
    await sleep(200);
    if (encoder.child.exitCode === null) { try { encoder.child.kill('SIGKILL'); } catch {} }
  }
  return results;
}

/**
 * Counts in an hls.js debug log: falls back to whole segments ("LL-Part
 * loading OFF"), whole-segment loads, stalls, resets toward the live edge.
 */
function logCounts(lines) {
  const count = (re) => lines.filter((line) => re.test(line)).length;
  return {
    partsOff: count(/LL-Part loading OFF/),
    wholeSegmentLoads: count(/\[stream-controller\]: Loading main sn: \d+ of /),
    stalls: count(/Stall detected/),
    liveEdgeResets: count(/too far from the end of live sliding playlist/),
  };
}

/** The latency sample nearest to `at`. */
function pick(samples, at) {
  let best = null;
  for (const [when, value] of samples) if (best === null || Math.abs(when - at) < Math.abs(best[0] - at)) best = [when, value];
  return best && Math.abs(best[0] - at) < 1500 ? best[1] : null;
}

/** Time from `from` after which every latency sample stays under `limit` (null if never). */
function settledAfter(samples, from, limit) {
  let since = null;
  for (const [when, value] of samples) {
    if (value >= limit) since = null;
    else if (since === null) since = when;
  }
  return since === null ? null : Math.max(0, since - from);
}

const seconds = (ms) => (ms === null || ms === undefined ? '—' : (ms / 1000).toFixed(1));
const median = (values) => {
  const v = values.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : null;
};

async function main() {
  const configModule = await import(pathToFileURL(HLS_CONFIG).href);
  const config = configModule.hlsConfig();
  log(`hls.js config from ${path.relative(repoRoot, HLS_CONFIG)}: ${JSON.stringify(config)}`);
  const targets = [];
  if (SERVERS.includes('sockstream')) targets.push(await startSockstream());
  if (SERVERS.includes('nginx')) targets.push(await startNginx());
  const profile = path.join(work, 'chromium');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, timeout: 30000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  const all = [];
  try {
    for (let run = 1; run <= RUNS; run += 1) {
      for (const scenario of SCENARIOS) {
        log(`run ${run}, ${scenario}`);
        const results = await runOnce(targets, scenario, run, context, config);
        for (const r of results) {
          log(`  ${r.server}: first frame ${seconds(r.firstFrameMs)} s after the first keyframe (latency then ${seconds(r.firstLatencyMs)} s), ` +
            `latency +10 s ${seconds(r.latency10sMs)} s, under 2 s after ${seconds(r.settledMs)} s; ` +
            `joiner: first frame ${seconds(r.joinFirstFrameMs)} s, latency +10 s ${seconds(r.joinLatency10sMs)} s; ` +
            `end: ENDLIST ${seconds(r.end?.endlist)} s, 404/fatal ${seconds(r.end?.gone)} s, 'ended' ${seconds(r.end?.ended)} s, last new frame ${seconds(r.end?.lastFrame)} s` +
            `${r.appJoinedAt !== undefined ? `; app joiner (${r.appJoinWay}): first frame ${seconds(r.appJoinFirstFrameMs)} s after opening the room page, latency +10 s ${seconds(r.appJoinLatency10sMs)} s, under 2 s after ${seconds(r.appJoinSettledMs)} s` : ''}` +
            `${r.appPlayingMs !== undefined ? `; app player: playing ${seconds(r.appPlayingMs)} s after the first keyframe, shows "ended" ${seconds(r.end?.appEnded)} s after the end` : ''}` +
            `${r.fatal?.length ? `; fatal: ${r.fatal.join(', ')}` : ''}` +
            `${r.counts ? `; hls.js log: ${r.counts.partsOff} part-loading fallbacks, ${r.counts.wholeSegmentLoads} whole-segment loads, ${r.counts.stalls} stalls, ${r.counts.liveEdgeResets} live-edge resets` : ''}` +
            `; hls.js target latency ${r.targetLatency?.toFixed(2)} s; load average ${r.loadAtStart.toFixed(1)} → ${r.loadAfterStart?.toFixed(1)}`);
        }
        all.push(...results);
      }
    }
  } finally {
    const pid = context.browser()?.process?.()?.pid;
    await Promise.race([context.close().catch(() => {}), sleep(10000)]);
    if (pid) { try { process.kill(pid, 'SIGKILL'); } catch {} }
  }

  const lines = [
    `Medians of ${RUNS} run(s); seconds. Encoder: ffmpeg -re testsrc2 1280x720 30 fps, libx264 veryfast, 2500 kbit/s CBR, AAC 160 kbit/s.`,
    `hls.js ${require(path.join(repoRoot, 'web', 'node_modules', 'hls.js', 'package.json')).version} with ${path.relative(repoRoot, HLS_CONFIG)} in headless Chromium.`,
    '',
    '| Server | Encoder | First frame after first keyframe | Latency at first frame | Latency 10 s later | Under 2 s from | Joiner: first frame | Joiner: latency 10 s later | End → ENDLIST / 404 | End → last new frame | App player: "playing" after first keyframe | End → app player shows "ended" | App joiner: first frame after opening the room | App joiner: latency 10 s later |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const scenario of SCENARIOS) {
    for (const t of targets) {
      const rs = all.filter((r) => r.scenario === scenario && r.server === t.name);
      const endSeen = rs.map((r) => (r.end?.endlist ?? r.end?.gone ?? null));
      const label = scenario === 'obs' ? '`-g 250 -bf 2` (OBS default)' : '`-g 30 -bf 2` (1 s keyframes)';
      lines.push(`| ${t.name} | ${label} | ${seconds(median(rs.map((r) => r.firstFrameMs)))} | ${seconds(median(rs.map((r) => r.firstLatencyMs)))} | ` +
        `${seconds(median(rs.map((r) => r.latency10sMs)))} | ${seconds(median(rs.map((r) => r.settledMs)))} | ${seconds(median(rs.map((r) => r.joinFirstFrameMs)))} | ` +
        `${seconds(median(rs.map((r) => r.joinLatency10sMs)))} | ${endSeen.every((x) => x === null) ? `not within ${END_LIMIT_MS / 1000} s` : seconds(median(endSeen))} | ${seconds(median(rs.map((r) => r.end?.lastFrame)))} | ` +
        `${t.name === 'sockstream' ? `${seconds(median(rs.map((r) => r.appPlayingMs)))} | ${seconds(median(rs.map((r) => r.end?.appEnded)))} | ` +
          `${seconds(median(rs.map((r) => r.appJoinFirstFrameMs)))} | ${seconds(median(rs.map((r) => r.appJoinLatency10sMs)))}` : 'n/a | n/a | n/a | n/a'} |`);
    }
  }
  console.log(lines.join('\n'));
  console.log('\nEvery run:');
  for (const r of all) console.log(JSON.stringify({ ...r, samples: r.samples.map(([, v]) => Math.round(v)), joinSamples: r.joinSamples.map(([, v]) => Math.round(v)),
    appJoinSamples: (r.appJoinSamples || []).map(([, v]) => Math.round(v)) }));
}

await main();
process.exit(0);
