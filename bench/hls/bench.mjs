// Side-by-side benchmark: the sockstream hls plugin vs nginx + libnginx-mod-rtmp
// (hls_fragment 1s; hls_playlist_length 20s), fed the same ffmpeg stream (tee
// muxer: both servers receive every packet at the same moment).
// Measures (a) edge delay, (b) glass-to-glass latency in hls.js in headless
// Chromium, (c) CPU and memory per stream, (d) wrk requests/s and p99 for a
// playlist and a segment over loopback with 50 connections.
// Usage: SOCKSTREAM_BUILD_DIR=build node bench/hls/bench.mjs [phaseSeconds=20]
// Needs: ffmpeg, ffprobe, nginx, libnginx-mod-rtmp, wrk, chromium (scripts/deps/apt-hls.txt)
// and tests/node_modules (playwright-core, hls.js).
import { spawn, spawnSync, execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { startServer, CookieJar, freePort, waitFor, sleep, repoRoot } from '../../tests/integration/lib/server.mjs';
import { onFlvVideoTags } from '../lib/flvTags.mjs';

const require = createRequire(path.join(repoRoot, 'tests', 'package.json'));
const { chromium } = require('playwright-core');
const hlsScript = path.join(repoRoot, 'tests', 'node_modules', 'hls.js', 'dist', 'hls.min.js');
const execFileAsync = promisify(execFile);

const phase = Number(process.argv[2] || 20);
const work = mkdtempSync(path.join(tmpdir(), 'hls-bench-'));
const children = [];
// nginx's master gets SIGTERM: killed outright it would leave its workers behind.
const stopAll = () => {
  for (const c of children) { try { process.kill(c.pid, c.gracefulSignal || 'SIGKILL'); } catch {} }
  rmSync(work, { recursive: true, force: true });
};
process.on('exit', stopAll);
const log = (...args) => console.error(`[${new Date().toISOString()}]`, ...args);

// The original's settings: 1 s fragments, 20 s of playlist. Ours gets the same
// segment length and window, plus LL-HLS parts (its default part length).
const TARGET_S = 1;
const PART_S = 0.334;
const WINDOW = 20;
// nginx-rtmp shifts MPEG-TS timestamps by hls_muxdelay (700 ms by default) from the RTMP ones.
const NGINX_MUXDELAY_MS = 700;

function nginxModule() {
  for (const dir of ['/usr/lib/nginx/modules', '/usr/share/nginx/modules']) {
    const file = path.join(dir, 'ngx_rtmp_module.so');
    if (existsSync(file)) return file;
  }
  throw new Error('libnginx-mod-rtmp is not installed');
}

async function startNginx() {
  const rtmpPort = await freePort();
  const httpPort = await freePort();
  const hlsDir = path.join(work, 'nginx-hls');
  // nginx workers drop to an unprivileged user: they must reach and write the fragment directory.
  chmodSync(work, 0o755);
  mkdirSync(hlsDir, { mode: 0o777 });
  chmodSync(hlsDir, 0o777);
  // Two workers, as our server runs two I/O threads (the harness sets ioThreads 2).
  const conf = `
load_module ${nginxModule()};
daemon off; master_process on; worker_processes 2; pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log warn;
events { worker_connections 4096; }
rtmp { server { listen 127.0.0.1:${rtmpPort}; chunk_size 4096;
  application live { live on; hls on; hls_path ${hlsDir}; hls_fragment 1s; hls_playlist_length 20s; hls_muxdelay ${NGINX_MUXDELAY_MS}ms; } } }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server { listen 127.0.0.1:${httpPort};
    location /hls/ { alias ${hlsDir}/; add_header Cache-Control no-cache; add_header Access-Control-Allow-Origin *; } } }
`;
  writeFileSync(path.join(work, 'nginx.conf'), conf);
  const child = spawn('nginx', ['-c', path.join(work, 'nginx.conf'), '-p', work], { stdio: 'ignore' });
  child.gracefulSignal = 'SIGTERM';
  children.push(child);
  await waitFor(async () => (await fetch(`http://127.0.0.1:${httpPort}/hls/`).catch(() => null)) !== null, { timeoutMs: 5000, what: 'nginx' });
  return { child, hlsDir, origin: `http://127.0.0.1:${httpPort}`, rtmpUrl: `rtmp://127.0.0.1:${rtmpPort}/live/bench`, base: `http://127.0.0.1:${httpPort}/hls`, playlist: '/bench.m3u8' };
}

async function startSockstream() {
  const server = await startServer({
    logLevel: 'warning',
    configure: (config) => {
      // Every viewer comes from 127.0.0.1: the per-address cap is for real clients.
      config.server.limits = { ...(config.server.limits || {}), exemptAddresses: ['127.0.0.1'] };
      config.plugins = config.plugins.map((p) => (p.name === 'hls'
        ? { ...p, enabled: true, config: { ...(p.config || {}), targetDurationSeconds: TARGET_S, partDurationSeconds: PART_S, windowSegments: WINDOW } }
        : p));
    },
  });
  children.push(server.child);
  const jar = new CookieJar();
  const post = async (p, body) => {
    const res = await server.fetch(p, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: jar.header() }, body: JSON.stringify(body ?? {}) });
    jar.store(res);
    return res;
  };
  await post('/api/auth/sign-up/email', { name: 'Bench', email: `bench-${Date.now()}@example.com`, password: 'benchmark password 123' });
  const room = (await (await post('/api/rooms', { channelId: 'gaming', title: 'bench' })).json()).room;
  const key = await (await post(`/api/rooms/${room.id}/stream-key`)).json();
  return { server, origin: server.baseUrl, rtmpUrl: key.ingest.find((e) => e.protocol === 'rtmp').publishUrl, base: `${server.baseUrl}/hls/${room.id}`, playlist: '/media.m3u8', multivariant: '/index.m3u8' };
}

function procStat(pid) {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
}
function cpuSeconds(pids) {
  return pids.reduce((sum, pid) => { const f = procStat(pid); return sum + (Number(f[11]) + Number(f[12])) / 100; }, 0);  // utime + stime, USER_HZ 100
}
function rssMb(pids) {
  return pids.reduce((sum, pid) => {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return sum + Number(line.split(/\s+/)[1]) / 1024;
  }, 0);
}
/** Media held outside RSS: our sealed memory files (memfd), counted once per file. */
function memoryFilesMb(pids) {
  const seen = new Set();
  let bytes = 0;
  for (const pid of pids) {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        if (!readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('/memfd:')) continue;
        const info = statSync(`/proc/${pid}/fd/${fd}`);
        if (seen.has(info.ino)) continue;
        seen.add(info.ino);
        bytes += info.size;
      } catch {}  // closed meanwhile
    }
  }
  return bytes / (1024 * 1024);
}
/** nginx-rtmp's fragments and playlist on disk (page cache, also outside RSS). */
function directoryMb(dir) {
  return readdirSync(dir).reduce((sum, name) => { try { return sum + statSync(path.join(dir, name)).size; } catch { return sum; } }, 0) / (1024 * 1024);
}
function processTree(pid) {
  const all = [pid];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try { if (Number(procStat(entry)[1]) === pid) all.push(Number(entry)); } catch {}
  }
  return all;
}

/**
 * Reads the FLV copy of what the tee muxer pushes (same packets, same moment as
 * the two RTMP outputs) and records the wall clock at which each video tag's
 * timestamp left the encoder: the push clock for nginx's fragments.
 */
function flvPushClock(stream) {
  const pushedAt = new Map();  // video tag timestamp (ms) -> Date.now() when pushed
  onFlvVideoTags(stream, ({ timestamp, receivedAt }) => {
    if (!pushedAt.has(timestamp)) pushedAt.set(timestamp, receivedAt);
  });
  return {
    /** Push wall time of the video frame with timestamp nearest `ms`. */
    at(ms) {
      let best = null;
      let bestDiff = Infinity;
      for (const [ts, time] of pushedAt) {
        const diff = Math.abs(ts - ms);
        if (diff < bestDiff) { bestDiff = diff; best = time; }
      }
      return bestDiff <= 40 ? best : null;
    },
  };
}


/** Walks ISO-BMFF boxes; calls visit(type, payload) and descends into containers. */
function walkBoxes(bytes, visit) {
  const containers = new Set(['moov', 'trak', 'mdia', 'moof', 'traf']);
  for (let at = 0; at + 8 <= bytes.length;) {
    let size = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    let header = 8;
    if (size === 1) { size = Number(bytes.readBigUInt64BE(at + 8)); header = 16; }
    if (size < header || at + size > bytes.length) break;
    const payload = bytes.subarray(at + header, at + size);
    visit(type, payload);
    if (containers.has(type)) walkBoxes(payload, visit);
    at += size;
  }
}

/** The video track's id and timescale from an fMP4 init section. */
function videoTrackOf(init) {
  const tracks = [];
  let current = null;
  walkBoxes(init, (type, p) => {
    if (type === 'tkhd') { current = { id: p.readUInt32BE(p[0] === 1 ? 20 : 12) }; tracks.push(current); }
    if (type === 'mdhd' && current) current.timescale = p.readUInt32BE(p[0] === 1 ? 20 : 12);
    if (type === 'hdlr' && current) current.handler = p.toString('latin1', 8, 12);
  });
  return tracks.find((t) => t.handler === 'vide');
}

/** Decode time (ms) of the first video sample of an fMP4 fragment. */
function firstVideoDtsMs(fragment, track) {
  let trackId = null;
  let dts = null;
  walkBoxes(fragment, (type, p) => {
    if (type === 'tfhd') trackId = p.readUInt32BE(4);
    if (type === 'tfdt' && trackId === track.id && dts === null) dts = p[0] === 1 ? Number(p.readBigUInt64BE(4)) : p.readUInt32BE(4);
  });
  return dts === null ? null : Math.round(dts * 1000 / track.timescale);
}

/** Polls a playlist every 5 ms and records when each segment/part URI first appears. */
function watchPlaylist(url, onNew) {
  const seen = new Set();
  let stopped = false;
  let first = true;
  (async () => {
    while (!stopped) {
      try {
        const res = await fetch(url);
        const text = await res.text();
        const now = Date.now();
        // What the first answer lists appeared before the watch began: not timed.
        const initial = first;
        if (res.ok) first = false;
        let pdt = null;
        let offset = 0;
        let map = null;
        for (const line of text.split('\n')) {
          if (line.startsWith('#EXT-X-MAP:')) map = line.match(/URI="([^"]+)"/)[1];
          if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) { pdt = Date.parse(line.slice(25)); offset = 0; }
          const part = line.match(/^#EXT-X-PART:DURATION=([\d.]+),URI="([^"]+)"/);
          if (part) {
            if (!seen.has(part[2])) { seen.add(part[2]); onNew({ uri: part[2], kind: 'part', map, initial, listedAt: now, firstFrameAt: pdt !== null ? pdt + offset : null, duration: Number(part[1]) }); }
            offset += Number(part[1]) * 1000;
          }
          const inf = line.match(/^#EXTINF:([\d.]+)/);
          if (inf) offset = 0;
          if (line && !line.startsWith('#') && !seen.has(line)) {
            seen.add(line);
            onNew({ uri: line, kind: 'segment', map, initial, listedAt: now, firstFrameAt: pdt, duration: inf ? Number(inf[1]) : null });
          }
          if (line && !line.startsWith('#') && pdt !== null) pdt = null;  // a later segment names its own date, or has none
        }
      } catch {}
      await sleep(5);
    }
  })();
  return () => { stopped = true; };
}

async function firstVideoPtsMs(url) {
  const file = path.join(work, `probe-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(file, Buffer.from(await (await fetch(url)).arrayBuffer()));
  const { stdout } = await execFileAsync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time',
    '-read_intervals', '%+#1', '-of', 'csv=p=0', file]);
  rmSync(file, { force: true });
  return Math.round(parseFloat(stdout.trim().split('\n')[0]) * 1000);
}

function wrk(url) {
  const run = spawnSync('wrk', ['-t2', '-c50', '-d10s', '--latency', url], { encoding: 'utf8', timeout: 40000 });
  const rps = Number((run.stdout.match(/Requests\/sec:\s+([\d.]+)/) || [])[1]);
  const p99 = (run.stdout.match(/\s99%\s+([\d.]+\w+)/) || [])[1];
  const errors = (run.stdout.match(/Non-2xx or 3xx responses: (\d+)/) || [])[1] || '0';
  return { rps, p99, errors };
}

/** Plays `url` with hls.js in the page and samples latency every 500 ms. */
async function playInChromium(context, origin, url, onSample, extraConfig = {}) {
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  // Any answer from that origin without a Content-Security-Policy (not the web
  // app's HTML, which allows no inline script): the page is then same-origin with the stream.
  await page.goto(`${origin}/api/features`);
  await page.setContent('<!doctype html><video id="video" muted autoplay playsinline></video>');
  await page.addScriptTag({ path: hlsScript });
  await page.evaluate(([source, extra]) => {
    const video = document.getElementById('video');
    // The web app's player settings (web/src/components/Player.jsx).
    const hls = new window.Hls({ lowLatencyMode: true, backBufferLength: 30, liveDurationInfinity: true, enableWorker: true, ...extra });
    window.player = { hls, fatal: [], frag: null };
    hls.on(window.Hls.Events.ERROR, (e, data) => { if (data.fatal) window.player.fatal.push(`${data.type}/${data.details}`); });
    hls.on(window.Hls.Events.FRAG_CHANGED, (e, data) => { window.player.frag = { relurl: data.frag.relurl, start: data.frag.start }; });
    hls.loadSource(source);
    hls.attachMedia(video);
    video.play().catch(() => {});
  }, [url, extraConfig]);
  const sample = () => page.evaluate(() => {
    const video = document.getElementById('video');
    const { hls, frag, fatal } = window.player;
    return { now: Date.now(), currentTime: video.currentTime, playingDate: hls.playingDate ? hls.playingDate.getTime() : null,
      latency: hls.latency, frag, fatal };
  });
  await waitFor(async () => (await sample()).currentTime > 0, { timeoutMs: 20000, intervalMs: 200, what: `playback of ${url}` });
  await sleep(5000);  // let the live-edge catch-up settle
  const deadline = Date.now() + phase * 1000;
  while (Date.now() < deadline) {
    onSample(await sample());
    await sleep(500);
  }
  const last = await sample();
  await page.close();
  return last.fatal;
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const pct = (a, q) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * q))] : NaN; };
const fmt = (a) => (a.length ? `${median(a).toFixed(0)} / ${pct(a, 0.95).toFixed(0)} ms (n=${a.length})` : 'n/a');

log(`cores ${cpus().length}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const nginx = await startNginx();
const ours = await startSockstream();
const nginxPids = processTree(nginx.child.pid);
const ourPids = [ours.server.pid];
const idleRss = { ours: rssMb(ourPids), nginx: rssMb(nginxPids) };
// What each server burns with no stream at all (timers, housekeeping), to tell the stream's own cost.
log('idle CPU');
const idle0 = { ours: cpuSeconds(ourPids), nginx: cpuSeconds(nginxPids), at: Date.now() };
await sleep(phase * 1000);
const idleElapsed = (Date.now() - idle0.at) / 1000;
const idleCpu = { ours: (cpuSeconds(ourPids) - idle0.ours) / idleElapsed * 100, nginx: (cpuSeconds(nginxPids) - idle0.nginx) / idleElapsed * 100 };

// 720p30, 1 s GOP; ~3 Mb/s so that a 1 s fragment is about 375 KB.
const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
  '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
  '-t', String(phase * 6 + 120), '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
  '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-b:v', '2900k', '-maxrate', '2900k', '-bufsize', '1450k',
  '-c:a', 'aac', '-b:a', '128k', '-flags', '+global_header', '-map', '0:v', '-map', '1:a', '-flvflags', 'no_duration_filesize',
  '-f', 'tee', `[f=flv]${ours.rtmpUrl}|[f=flv]${nginx.rtmpUrl}|[f=flv]pipe\\:1`], { stdio: ['ignore', 'pipe', 'inherit'] });
children.push(ffmpeg);
const pushClock = flvPushClock(ffmpeg.stdout);

try {
  await waitFor(async () => (await fetch(ours.base + ours.playlist)).ok && (await fetch(nginx.base + nginx.playlist)).ok,
    { timeoutMs: 30000, what: 'both playlists' });
} catch (error) {
  log(`ours: ${(await fetch(ours.base + ours.playlist)).status}, nginx: ${(await fetch(nginx.base + nginx.playlist)).status}`);
  log(ours.server.output.slice(-3000));
  throw error;
}

// (c) CPU and memory of one stream, no viewers.
log('phase c: CPU and memory');
await sleep(5000);
const cpu0 = { ours: cpuSeconds(ourPids), nginx: cpuSeconds(nginxPids) };
const t0 = Date.now();
await sleep(phase * 1000);
const elapsed = (Date.now() - t0) / 1000;
const cpu = { ours: (cpuSeconds(ourPids) - cpu0.ours) / elapsed * 100, nginx: (cpuSeconds(nginxPids) - cpu0.nginx) / elapsed * 100 };
const rss = { ours: rssMb(ourPids), nginx: rssMb(nginxPids) };
const mediaOutsideRss = { ours: memoryFilesMb(ourPids), nginx: directoryMb(nginx.hlsDir) };

// (a) edge delay: first frame pushed -> listed in the playlist over HTTP.
log('phase a: edge delay');
const edge = { oursPart: [], oursPartOver: [], oursSegment: [], nginxSegment: [], oursPartByPdt: [], oursSegmentByPdt: [] };
const nginxPushOf = new Map();  // fragment URI -> push time of its first frame
let edgeOpen = true;
const initTracks = new Map();  // init URI -> video track
const oursPushOfSegment = new Map();  // msn -> push time of the segment's first frame
const calibration = [];
const stopOurs = watchPlaylist(ours.base + ours.playlist, async (e) => {
  if (!edgeOpen || e.initial) return;
  const listedAt = e.listedAt;
  if (e.firstFrameAt !== null) edge[e.kind === 'part' ? 'oursPartByPdt' : 'oursSegmentByPdt'].push(listedAt - e.firstFrameAt);
  try {
    if (e.kind === 'segment') {
      const msn = Number(e.uri.match(/-(\d+)\.m4s$/)[1]);
      const pushed = oursPushOfSegment.get(msn);
      if (pushed !== undefined) edge.oursSegment.push(listedAt - pushed);
      return;
    }
    if (!initTracks.has(e.map)) initTracks.set(e.map, videoTrackOf(Buffer.from(await (await fetch(`${ours.base}/${e.map}`)).arrayBuffer())));
    const track = initTracks.get(e.map);
    const dts = firstVideoDtsMs(Buffer.from(await (await fetch(`${ours.base}/${e.uri}`)).arrayBuffer()), track);
    const pushed = dts === null ? null : pushClock.at(dts);
    if (calibration.length < 3) calibration.push(`part ${e.uri}: first video dts ${dts} ms, pushed ${pushed === null ? 'not found' : 'found'}`);
    if (pushed === null) return;
    const [, msn, index] = e.uri.match(/-(\d+)-(\d+)\.m4s$/).map(Number);
    if (index === 0) oursPushOfSegment.set(msn, pushed);
    edge.oursPart.push(listedAt - pushed);
    edge.oursPartOver.push(listedAt - pushed - e.duration * 1000);  // beyond the part's own duration
  } catch (error) { log(`ours ${e.uri}: ${error.message}`); }
});
const nginxListed = [];
const stopNginx = watchPlaylist(nginx.base + nginx.playlist, async (e) => {
  if (e.kind !== 'segment') return;
  const listedAt = e.listedAt;
  try {
    const pts = await firstVideoPtsMs(`${nginx.base}/${e.uri}`);
    const pushed = pushClock.at(pts - NGINX_MUXDELAY_MS);
    if (pushed === null) { log(`nginx ${e.uri}: no pushed frame near ${pts - NGINX_MUXDELAY_MS} ms`); return; }
    nginxPushOf.set(e.uri, pushed);
    if (edgeOpen && !e.initial) nginxListed.push(listedAt - pushed);
  } catch (error) { log(`nginx ${e.uri}: ${error.message}`); }
});
await sleep(phase * 1000);
edgeOpen = false;
// The first fragment each watcher sees was listed before it started watching.
edge.nginxSegment = nginxListed;
for (const line of calibration) log(line);

// (b) glass to glass in hls.js (headless Chromium).
log('phase b: hls.js in Chromium');
const glass = { ours: [], oursHlsLatency: [], oursCatchUp: [], nginx: [], nginxHlsLatency: [] };
const fatal = {};
const profile = mkdtempSync(path.join(tmpdir(), 'hls-bench-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, timeout: 30000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  fatal.ours = await playInChromium(context, ours.origin, ours.base + ours.multivariant, (s) => {
    if (s.playingDate) glass.ours.push(s.now - s.playingDate);
    if (Number.isFinite(s.latency)) glass.oursHlsLatency.push(s.latency * 1000);
  });
  // The same with hls.js allowed to play up to 1.5x to catch up with its target latency.
  fatal.oursCatchUp = await playInChromium(context, ours.origin, ours.base + ours.multivariant, (s) => {
    if (s.playingDate) glass.oursCatchUp.push(s.now - s.playingDate);
  }, { maxLiveSyncPlaybackRate: 1.5 });
  // nginx-rtmp writes no EXT-X-PROGRAM-DATE-TIME: the frame on screen is dated
  // from the push clock of its fragment's first frame plus the offset into it.
  fatal.nginx = await playInChromium(context, nginx.origin, nginx.base + nginx.playlist, (s) => {
    if (s.frag) {
      const uri = s.frag.relurl.split('/').pop();
      const pushed = nginxPushOf.get(uri);
      if (pushed !== undefined) glass.nginx.push(s.now - (pushed + (s.currentTime - s.frag.start) * 1000));
    }
    if (Number.isFinite(s.latency)) glass.nginxHlsLatency.push(s.latency * 1000);
  });
} catch (error) {
  log(`browser phase failed: ${error.message}`);
} finally {
  if (context) {
    const pid = context.browser()?.process?.()?.pid;
    await Promise.race([context.close().catch(() => {}), sleep(10000)]);
    if (pid) { try { process.kill(pid, 'SIGKILL'); } catch {} }
  }
  rmSync(profile, { recursive: true, force: true });
}
stopOurs();
stopNginx();

// (d) wrk on a live playlist and on one complete segment of each server.
log('phase d: wrk');
const ourPlaylist = await (await fetch(ours.base + ours.playlist)).text();
const ourSegment = ourPlaylist.split('\n').filter((l) => l && !l.startsWith('#')).at(-2);
const nginxPlaylist = await (await fetch(nginx.base + nginx.playlist)).text();
const nginxSegment = nginxPlaylist.split('\n').filter((l) => l && !l.startsWith('#')).at(-2);
const ourSegBytes = (await (await fetch(`${ours.base}/${ourSegment}`)).arrayBuffer()).byteLength;
const nginxSegBytes = (await (await fetch(`${nginx.base}/${nginxSegment}`)).arrayBuffer()).byteLength;
const ourPlaylistBytes = Buffer.byteLength(ourPlaylist);
const nginxPlaylistBytes = Buffer.byteLength(nginxPlaylist);
const load = {
  oursPlaylist: wrk(ours.base + ours.playlist),
  nginxPlaylist: wrk(nginx.base + nginx.playlist),
  oursSegment: wrk(`${ours.base}/${ourSegment}`),
  nginxSegment: wrk(`${nginx.base}/${nginxSegment}`),
};

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`
Run ${new Date().toISOString()}, ${cpus().length} cores (${cpus()[0].model}), load average before: see stderr.
Input: ffmpeg -re testsrc2 1280x720@30, x264 veryfast zerolatency, GOP 1 s, 2.9 Mb/s + AAC 128 kb/s, tee to both servers.
Ours: targetDurationSeconds ${TARGET_S}, partDurationSeconds ${PART_S}, windowSegments ${WINDOW} (fMP4 + LL-HLS). nginx-rtmp: hls_fragment 1s; hls_playlist_length 20s (MPEG-TS).

| measure | sockstream hls | nginx-rtmp |
|---|---|---|
| (a) edge delay, part: first frame pushed -> listed (median / p95) | ${fmt(edge.oursPart)} | no parts |
| (a) part listed beyond its own duration (median / p95; goal <= 50 ms) | ${fmt(edge.oursPartOver)} | - |
| (a) edge delay, segment/fragment (median / p95) | ${fmt(edge.oursSegment)} | ${fmt(edge.nginxSegment)} |
| (a) cross-check: listed - EXT-X-PROGRAM-DATE-TIME (ingest clock), part / segment | ${fmt(edge.oursPartByPdt)} / ${fmt(edge.oursSegmentByPdt)} | no dates |
| (b) glass-to-glass in hls.js, lowLatencyMode without catch-up: now - date of the frame on screen (median / p95) | ${fmt(glass.ours)} | ${fmt(glass.nginx)} |
| (b) the same with the web app's settings (+ maxLiveSyncPlaybackRate 1.5, Player.jsx) (median / p95) | ${fmt(glass.oursCatchUp)} | - |
| (b) hls.latency (median) | ${median(glass.oursHlsLatency).toFixed(0)} ms | ${median(glass.nginxHlsLatency).toFixed(0)} ms |
| (b) fatal hls.js errors | ${(fatal.ours || ['not run']).join(', ') || 'none'} | ${(fatal.nginx || ['not run']).join(', ') || 'none'} |
| (c) CPU with one stream, no viewers, % of one core (${phase} s) | ${cpu.ours.toFixed(2)} % | ${cpu.nginx.toFixed(2)} % |
| (c) CPU with no stream at all (${phase} s before publishing) | ${idleCpu.ours.toFixed(2)} % | ${idleCpu.nginx.toFixed(2)} % |
| (c) RSS: whole process(es) / growth with the stream | ${rss.ours.toFixed(1)} / ${(rss.ours - idleRss.ours).toFixed(1)} MB | ${rss.nginx.toFixed(1)} / ${(rss.nginx - idleRss.nginx).toFixed(1)} MB |
| (c) media held outside RSS: sealed memory files (ours), fragment files (nginx) | ${mediaOutsideRss.ours.toFixed(1)} MB | ${mediaOutsideRss.nginx.toFixed(1)} MB |
| (d) live playlist, wrk -t2 -c50 -d10s: req/s, p99 | ${load.oursPlaylist.rps.toFixed(0)}, ${load.oursPlaylist.p99} (${kb(ourPlaylistBytes)}) | ${load.nginxPlaylist.rps.toFixed(0)}, ${load.nginxPlaylist.p99} (${kb(nginxPlaylistBytes)}) |
| (d) one segment, wrk -t2 -c50 -d10s: req/s, p99 | ${load.oursSegment.rps.toFixed(0)}, ${load.oursSegment.p99} (${kb(ourSegBytes)}) | ${load.nginxSegment.rps.toFixed(0)}, ${load.nginxSegment.p99} (${kb(nginxSegBytes)}) |
| (d) non-2xx answers under load (playlist / segment) | ${load.oursPlaylist.errors} / ${load.oursSegment.errors} | ${load.nginxPlaylist.errors} / ${load.nginxSegment.errors} |
`);

ffmpeg.kill('SIGKILL');
await ours.server.stop();
ours.server.cleanup();
nginx.child.kill('SIGQUIT');
await sleep(500);
stopAll();
rmSync(work, { recursive: true, force: true });
