// Side-by-side benchmark: the sockstream hls plugin vs nginx + libnginx-mod-rtmp
// (hls_fragment 1s; hls_playlist_length 20s), fed the same ffmpeg stream (tee).
// Measures (a) edge delay, (c) CPU and memory per stream, (d) wrk requests/s and
// p99 for a playlist and a segment over loopback with 50 connections.
// Usage: SOCKSTREAM_BUILD_DIR=build node bench/hls/bench.mjs [seconds=40]
// Needs: ffmpeg, ffprobe, nginx, libnginx-mod-rtmp, wrk (scripts/deps/apt-hls.txt).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, CookieJar, freePort, waitFor, sleep } from '../../tests/integration/lib/server.mjs';

const seconds = Number(process.argv[2] || 40);
const work = mkdtempSync(path.join(tmpdir(), 'hls-bench-'));
const children = [];
const stopAll = () => { for (const c of children) { try { process.kill(c.pid, 'SIGKILL'); } catch {} } };
process.on('exit', stopAll);

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
  const conf = `
load_module ${nginxModule()};
daemon off; master_process on; worker_processes 1; pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log warn;
events { worker_connections 4096; }
rtmp { server { listen 127.0.0.1:${rtmpPort}; chunk_size 4096;
  application live { live on; hls on; hls_path ${hlsDir}; hls_fragment 1s; hls_playlist_length 20s; } } }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server { listen 127.0.0.1:${httpPort};
    location /hls/ { alias ${hlsDir}/; add_header Cache-Control no-cache; add_header Access-Control-Allow-Origin *; } } }
`;
  writeFileSync(path.join(work, 'nginx.conf'), conf);
  const child = spawn('nginx', ['-c', path.join(work, 'nginx.conf'), '-p', work], { stdio: 'ignore' });
  children.push(child);
  await waitFor(async () => (await fetch(`http://127.0.0.1:${httpPort}/hls/`).catch(() => null)) !== null, { timeoutMs: 5000, what: 'nginx' });
  return { child, rtmpUrl: `rtmp://127.0.0.1:${rtmpPort}/live/bench`, base: `http://127.0.0.1:${httpPort}/hls`, playlist: '/bench.m3u8' };
}

async function startSockstream() {
  const server = await startServer({ logLevel: 'warning' });
  const jar = new CookieJar();
  const post = async (p, body) => {
    const res = await server.fetch(p, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: jar.header() }, body: JSON.stringify(body ?? {}) });
    jar.store(res);
    return res;
  };
  await post('/api/auth/sign-up/email', { name: 'Bench', email: `bench-${Date.now()}@example.com`, password: 'benchmark password 123' });
  const room = (await (await post('/api/rooms', { channelId: 'gaming', title: 'bench' })).json()).room;
  const key = await (await post(`/api/rooms/${room.id}/stream-key`)).json();
  return { server, rtmpUrl: `${key.rtmpUrl}/${key.streamKey}`, base: `${server.baseUrl}/hls/${room.id}`, playlist: '/media.m3u8' };
}

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;  // utime + stime, USER_HZ = 100
}
function rssMb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) / 1024;
}
function processTree(pid) {
  const all = [pid];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (ppid === pid) all.push(Number(entry));
    } catch {}
  }
  return all;
}

/** Polls a playlist every 5 ms and records when each segment/part URI first appears. */
function watchPlaylist(url, onNew) {
  const seen = new Set();
  let stopped = false;
  (async () => {
    while (!stopped) {
      try {
        const text = await (await fetch(url)).text();
        const now = Date.now();
        let pdt = null;
        let offset = 0;
        for (const line of text.split('\n')) {
          if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) { pdt = Date.parse(line.slice(25)); offset = 0; }
          const part = line.match(/^#EXT-X-PART:DURATION=([\d.]+),URI="([^"]+)"/);
          if (part) {
            if (!seen.has(part[2])) { seen.add(part[2]); onNew({ uri: part[2], kind: 'part', listedAt: now, firstFrameAt: pdt !== null ? pdt + offset : null, duration: Number(part[1]) }); }
            offset += Number(part[1]) * 1000;
          }
          if (line && !line.startsWith('#') && !seen.has(line)) {
            seen.add(line);
            onNew({ uri: line, kind: 'segment', listedAt: now, firstFrameAt: pdt });
          }
        }
      } catch {}
      await sleep(5);
    }
  })();
  return () => { stopped = true; };
}

function wrk(url) {
  const run = spawnSync('wrk', ['-t2', '-c50', '-d10s', '--latency', url], { encoding: 'utf8', timeout: 30000 });
  const rps = Number((run.stdout.match(/Requests\/sec:\s+([\d.]+)/) || [])[1]);
  const p99 = (run.stdout.match(/\s99%\s+([\d.]+\w+)/) || [])[1];
  return { rps, p99 };
}

function probeStart(buffer) {
  const file = path.join(work, 'probe.ts');
  writeFileSync(file, buffer);
  const out = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=start_time', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  return Number(out.stdout.trim());
}

const nginx = await startNginx();
const ours = await startSockstream();
const publishStart = Date.now();
const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
  '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
  '-t', String(seconds + 30), '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
  '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-b:v', '2500k', '-c:a', 'aac', '-b:a', '128k',
  '-map', '0:v', '-map', '1:a', '-f', 'tee', `[f=flv]${ours.rtmpUrl}|[f=flv]${nginx.rtmpUrl}`], { stdio: 'ignore' });
children.push(ffmpeg);

await waitFor(async () => (await fetch(ours.base + ours.playlist)).ok && (await fetch(nginx.base + nginx.playlist)).ok,
  { timeoutMs: 30000, what: 'both playlists' });

// (a) edge delay
const ourDelays = { part: [], segment: [] };
const nginxDelays = [];
let nginxFirstStart = null;
const stopOurs = watchPlaylist(ours.base + ours.playlist, (e) => { if (e.firstFrameAt) ourDelays[e.kind].push(e.listedAt - e.firstFrameAt); });
const stopNginx = watchPlaylist(nginx.base + nginx.playlist, async (e) => {
  if (e.kind !== 'segment') return;
  const bytes = Buffer.from(await (await fetch(`${nginx.base}/${e.uri}`)).arrayBuffer());
  const start = probeStart(bytes);
  if (nginxFirstStart === null) nginxFirstStart = start;  // the first fragment after the watch began
  else nginxDelays.push({ listedAt: e.listedAt, start });
});

// (c) CPU and memory while the one stream runs
const ourPids = [ours.server.pid];
const nginxPids = processTree(nginx.child.pid);
const cpu0 = { ours: ourPids.reduce((s, p) => s + cpuSeconds(p), 0), nginx: nginxPids.reduce((s, p) => s + cpuSeconds(p), 0) };
const t0 = Date.now();
await sleep(seconds * 1000);
const elapsed = (Date.now() - t0) / 1000;
const cpu = {
  ours: (ourPids.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0.ours) / elapsed * 100,
  nginx: (nginxPids.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0.nginx) / elapsed * 100,
};
const rss = { ours: ourPids.reduce((s, p) => s + rssMb(p), 0), nginx: nginxPids.reduce((s, p) => s + rssMb(p), 0) };
stopOurs();
stopNginx();

// nginx lists a fragment some time after its first frame was pushed: the
// publisher pushes in real time (-re), so frame time = wall time of the stream's clock.
const nginxEdge = [];
if (nginxDelays.length > 1) {
  const origin = nginxDelays[0].listedAt - 0;  // align on the median offset between stream clock and wall clock
  const offsets = nginxDelays.map((d) => d.listedAt - d.start * 1000).sort((a, b) => a - b);
  const pushClock = publishStart - 0;
  for (const d of nginxDelays) nginxEdge.push(d.listedAt - (pushClock + (d.start - (nginxFirstStart ?? d.start)) * 1000) - 0);
  void origin; void offsets;
}

// (d) wrk: playlist and a segment each
const ourPlaylist = await (await fetch(ours.base + ours.playlist)).text();
const ourSegment = ourPlaylist.split('\n').filter((l) => l && !l.startsWith('#')).at(-1);
const nginxPlaylist = await (await fetch(nginx.base + nginx.playlist)).text();
const nginxSegment = nginxPlaylist.split('\n').filter((l) => l && !l.startsWith('#')).at(-1);
const ourSegBytes = (await (await fetch(`${ours.base}/${ourSegment}`)).arrayBuffer()).byteLength;
const nginxSegBytes = (await (await fetch(`${nginx.base}/${nginxSegment}`)).arrayBuffer()).byteLength;
const load = {
  oursPlaylist: wrk(ours.base + ours.playlist),
  nginxPlaylist: wrk(nginx.base + nginx.playlist),
  oursSegment: wrk(`${ours.base}/${ourSegment}`),
  nginxSegment: wrk(`${nginx.base}/${nginxSegment}`),
};

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const p95 = (a) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.floor(s.length * 0.95)] : NaN; };
console.log(`| measure | sockstream hls | nginx-rtmp |
|---|---|---|
| edge delay, part (median / p95 ms) | ${median(ourDelays.part).toFixed(0)} / ${p95(ourDelays.part).toFixed(0)} | n/a |
| edge delay, segment (median / p95 ms) | ${median(ourDelays.segment).toFixed(0)} / ${p95(ourDelays.segment).toFixed(0)} | ${median(nginxEdge).toFixed(0)} / ${p95(nginxEdge).toFixed(0)} (estimated from -re push clock) |
| CPU per stream (% of one core) | ${cpu.ours.toFixed(1)} | ${cpu.nginx.toFixed(1)} |
| RSS (MB, whole process) | ${rss.ours.toFixed(1)} | ${rss.nginx.toFixed(1)} |
| playlist req/s, p99 (wrk -c50) | ${load.oursPlaylist.rps} , ${load.oursPlaylist.p99} | ${load.nginxPlaylist.rps} , ${load.nginxPlaylist.p99} |
| segment req/s, p99 (wrk -c50) | ${load.oursSegment.rps} , ${load.oursSegment.p99} (${(ourSegBytes / 1024).toFixed(0)} KB) | ${load.nginxSegment.rps} , ${load.nginxSegment.p99} (${(nginxSegBytes / 1024).toFixed(0)} KB) |
`);

ffmpeg.kill('SIGKILL');
await ours.server.stop();
ours.server.cleanup();
nginx.child.kill('SIGQUIT');
await sleep(500);
stopAll();
rmSync(work, { recursive: true, force: true });
