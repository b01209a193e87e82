// RTMP ingest benchmark: sockstream's rtmp plugin against nginx + libnginx-mod-rtmp
// (HLS on), on this machine in one run. Each server gets 1, 10 and 40 concurrent
// publishers pushing the same generated file with `ffmpeg -re -c copy`; we read
// the servers' CPU seconds (utime+stime of every process) over a fixed window
// and their resident memory from /proc, and print per-publisher figures.
//
//   bench/rtmp/run.sh [--counts 1,10,40] [--seconds 20] [--bitrate 2700k] [--with-hls]
//                     [--servers sockstream,nginx]
//
// Needs: a built server (SOCKSTREAM_BUILD_DIR, default build/), ffmpeg, nginx and
// libnginx-mod-rtmp (scripts/deps/apt-rtmp.txt). `--with-hls` also loads our hls
// plugin, for a like-for-like comparison once it exists.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';

import { startServer, CookieJar, freePort, waitFor, sleep } from '../../tests/integration/lib/server.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const COUNTS = option('counts', '1,10,40').split(',').map(Number);
const WINDOW_SECONDS = Number(option('seconds', '20'));
const WARMUP_SECONDS = 5;
const BITRATE = option('bitrate', '2700k');
const WITH_HLS = args.includes('--with-hls');
const SERVERS = option('servers', 'sockstream,nginx').split(',');
const NGINX_MODULE = '/usr/lib/nginx/modules/ngx_rtmp_module.so';
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

const work = mkdtempSync(path.join(tmpdir(), 'sockstream-rtmp-bench-'));
const children = new Set();

function spawnTracked(command, argv, options = {}) {
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  child.on('exit', () => children.delete(child));
  child.stderrText = () => stderr;
  return child;
}

function killTracked(child, signal = 'SIGKILL') {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    try { process.kill(child.pid, signal); } catch { resolve(); }
  });
}

/** ~2.7 Mbit/s 720p30 H.264 + AAC, looped by the publishers. */
function generateSample() {
  const file = path.join(work, 'sample.flv');
  console.error(`generating a ${BITRATE} sample...`);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '20', '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', BITRATE, '-maxrate', BITRATE, '-bufsize', '2M',
    '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-shortest', file]);
  return file;
}

function processTree(rootPid) {
  const pids = [rootPid];
  for (let i = 0; i < pids.length; i++) {
    try {
      const children = readFileSync(`/proc/${pids[i]}/task/${pids[i]}/children`, 'utf8').trim();
      if (children) pids.push(...children.split(/\s+/).map(Number));
    } catch {}
  }
  return pids;
}

function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);  // utime, stime
    } catch {}
  }
  return ticks / CLOCK_TICKS;
}

function rssMiB(pids) {
  let kib = 0;
  for (const pid of pids) {
    try {
      const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
      if (match) kib += Number(match[1]);
    } catch {}
  }
  return kib / 1024;
}

/** Pushes the sample from `count` ffmpeg processes and measures the server's processes. */
async function measure(rootPid, urls, sample) {
  const idleRss = rssMiB(processTree(rootPid));
  const total = WARMUP_SECONDS + WINDOW_SECONDS + 5;
  const publishers = urls.map((url) => spawnTracked('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re',
    '-stream_loop', '-1', '-i', sample, '-t', String(total), '-c', 'copy', '-f', 'flv', url]));
  await sleep(WARMUP_SECONDS * 1000);
  const failed = publishers.filter((p) => p.exitCode !== null);
  if (failed.length) throw new Error(`${failed.length} publishers failed: ${failed[0].stderrText()}`);
  const cpuStart = cpuSeconds(processTree(rootPid));
  let peakRss = 0;
  const started = Date.now();
  while (Date.now() - started < WINDOW_SECONDS * 1000) {
    peakRss = Math.max(peakRss, rssMiB(processTree(rootPid)));
    await sleep(1000);
  }
  const elapsed = (Date.now() - started) / 1000;
  const cpu = cpuSeconds(processTree(rootPid)) - cpuStart;
  const stillRunning = publishers.filter((p) => p.exitCode === null).length;
  await Promise.all(publishers.map((p) => killTracked(p)));
  if (stillRunning < urls.length) throw new Error(`only ${stillRunning}/${urls.length} publishers lasted the window`);
  return { count: urls.length, cpu, elapsed, idleRss, peakRss };
}

async function signUpWithKey(server) {
  const jar = new CookieJar();
  const post = async (pathname, body) => {
    const res = await server.fetch(pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: jar.header() },
      body: JSON.stringify(body),
    });
    jar.store(res);
    if (!res.ok) throw new Error(`${pathname}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const id = crypto.randomBytes(6).toString('hex');
  await post('/api/auth/sign-up/email', { name: `Bench ${id}`, email: `bench-${id}@example.test`, password: `pw-${id}-bench` });
  const { room } = await post('/api/rooms', { channelId: 'gaming', title: `Bench ${id}` });
  return (await post(`/api/rooms/${room.id}/stream-key`, {})).streamKey;
}

async function runSockStream(count, sample) {
  const plugins = [
    { name: 'auth-password', library: 'auth-password', enabled: true, config: { rateLimit: { enabled: false } } },
    { name: 'rtmp', library: 'rtmp', enabled: true, config: {} },
  ];
  if (WITH_HLS) plugins.push({ name: 'hls', library: 'hls', enabled: true, config: {} });
  // Every publisher comes from 127.0.0.1: the per-address caps are for real clients.
  const server = await startServer({ plugins, logLevel: 'warning', rooms: { maxRoomsPerUser: 1 },
    server: { limits: { exemptAddresses: ['127.0.0.1'] } } });
  try {
    const keys = [];
    for (let i = 0; i < count; i++) keys.push(await signUpWithKey(server));
    return await measure(server.pid, keys.map((k) => `${server.rtmpUrl}/${k}`), sample);
  } finally {
    await server.stop();
    server.cleanup();
  }
}

async function runNginx(count, sample) {
  const dir = path.join(work, `nginx-${count}`);
  mkdirSync(path.join(dir, 'hls'), { recursive: true });
  mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const port = await freePort();
  writeFileSync(path.join(dir, 'nginx.conf'), `
load_module ${NGINX_MODULE};
user root;
worker_processes 1;
daemon off;
master_process on;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 1024; }
rtmp {
  server {
    listen 127.0.0.1:${port};
    chunk_size 4096;
    application live {
      live on;
      record off;
      hls on;
      hls_path ${dir}/hls;
      hls_fragment 2s;
      hls_playlist_length 10s;
    }
  }
}
`);
  const nginx = spawnTracked('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')]);
  try {
    await waitFor(() => new Promise((resolve) => {
      import('node:net').then(({ default: net }) => {
        const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
        s.on('error', () => resolve(false));
      });
    }), { timeoutMs: 10000, what: 'nginx to listen' });
    const urls = Array.from({ length: count }, (_, i) => `rtmp://127.0.0.1:${port}/live/stream${i}`);
    return await measure(nginx.pid, urls, sample);
  } finally {
    await killTracked(nginx, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(name, r) {
  const corePercent = (100 * r.cpu) / r.elapsed / r.count;
  const perPublisher = (r.peakRss - r.idleRss) / r.count;
  return `| ${name} | ${r.count} | ${r.cpu.toFixed(2)} | ${corePercent.toFixed(3)} % | ${r.peakRss.toFixed(1)} | ${r.idleRss.toFixed(1)} | ${perPublisher.toFixed(2)} |`;
}

async function main() {
  if (!existsSync(NGINX_MODULE)) throw new Error('libnginx-mod-rtmp is not installed (scripts/deps/apt-rtmp.txt)');
  const sample = generateSample();
  const lines = [
    `RTMP ingest, ${BITRATE} H.264+AAC per publisher (ffmpeg -re -c copy), ${WINDOW_SECONDS} s window after ${WARMUP_SECONDS} s warm-up.`,
    `sockstream: rtmp plugin${WITH_HLS ? ' + hls plugin' : ' (no packager)'}; nginx-rtmp: 1 worker, HLS on (2 s fragments).`,
    '',
    '| server | publishers | CPU s in window | CPU per publisher (% of one core) | peak RSS MiB | idle RSS MiB | MiB per publisher |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const count of COUNTS) {
    if (SERVERS.includes('sockstream')) {
      console.error(`sockstream with ${count} publishers...`);
      lines.push(row('sockstream', await runSockStream(count, sample)));
    }
    if (SERVERS.includes('nginx')) {
      console.error(`nginx-rtmp with ${count} publishers...`);
      lines.push(row('nginx-rtmp', await runNginx(count, sample)));
    }
  }
  console.log(lines.join('\n'));
}

main()
  .catch((e) => { console.error(e.stack || e.message); process.exitCode = 1; })
  .finally(async () => {
    await Promise.all([...children].map((c) => killTracked(c)));
    rmSync(work, { recursive: true, force: true });
  });
