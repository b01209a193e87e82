// WebRTC (WHEP) playback benchmark: the real server, ffmpeg publishing a
// 720p30 H.264 (baseline, no B-frames) + AAC room over RTMP at ~2.5 Mbit/s,
// then
//   1. offer -> first decoded frame in Debian's Chromium (median of 5 joins),
//      measured in the page from createOffer() to the first framesDecoded > 0;
//   2. server CPU per viewer with 10, 50 and 200 viewers from webrtc-whep-load
//      (our own light WHEP client: ICE, DTLS, SRTP unprotect of every packet),
//      as the server process's user+system time (/proc/<pid>/stat) in the
//      steady state (see loadRun), minus the same server with no viewer
//      (ingest + HLS) measured for as long right before each run: the idle
//      cost drifts by about 0.5 % of a core between minutes on this VM, which
//      at 10 viewers is as much as the figure's whole margin, so one idle
//      figure for all runs made the 10-viewer result mostly noise.
// The clip is encoded once before the runs and published with -c copy in a
// loop, so no encoder competes with the server for the two cores.
// Usage: SOCKSTREAM_BUILD_DIR=$PWD/build node bench/webrtc/run.mjs [seconds-per-run]
// Environment (all optional):
//   WEBRTC_BENCH_VIEWERS=10,50,200   viewer counts, in this order
//   WEBRTC_BENCH_REPEATS=1           runs of every count (the spread is printed)
//   WEBRTC_BENCH_CHROMIUM=0          skip the offer-to-first-frame part
//   WEBRTC_BENCH_SRTP=gcm,cm         SRTP profiles the load client offers, one run each in turn
//                                    (default: both, GCM first, as Chromium does)
//   WEBRTC_BENCH_LOAD_CLIENT=path    another webrtc-whep-load (e.g. to compare two server builds with one client)
//   WEBRTC_BENCH_PERF=dir            `perf record -g` the server in each run's window into dir/<viewers>-<n>.data
// Prints Markdown tables for docs/benchmarks.md. Not a test: no pass/fail.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, shippedPlugins, waitFor, sleep, buildDir, repoRoot } from '../../tests/integration/lib/server.mjs';
import { roomWithKey, run } from '../../tests/integration/lib/publishing.mjs';
import { chromiumPath, chromiumArgs } from '../../tests/integration/lib/chromium.mjs';

// playwright-core lives in tests/node_modules (cd tests && npm ci).
const require = createRequire(path.join(repoRoot, 'tests', 'package.json'));

const seconds = Number(process.argv[2] || 20);
const viewerCounts = (process.env.WEBRTC_BENCH_VIEWERS || '10,50,200').split(',').map(Number);
const repeats = Number(process.env.WEBRTC_BENCH_REPEATS || 1);
const withChromium = process.env.WEBRTC_BENCH_CHROMIUM !== '0';
const perfDir = process.env.WEBRTC_BENCH_PERF || '';
const srtpChoices = (process.env.WEBRTC_BENCH_SRTP || 'any').split(',');
const loadClient = process.env.WEBRTC_BENCH_LOAD_CLIENT || path.join(buildDir, 'bin', 'webrtc-whep-load');
const offerTemplate = path.join(repoRoot, 'tests', 'plugins', 'webrtc', 'fixtures', 'chromium-156-whep-offer.sdp');
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;  // utime + stime
}

/** CPU seconds of every thread of `pid`, by thread name (threads of one name added up). */
function threadSeconds(pid) {
  const byName = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName.set(name, (byName.get(name) || 0) + (Number(fields[11]) + Number(fields[12])) / clockTicks);
    } catch { /* the thread ended meanwhile */ }
  }
  return byName;
}

/** UDP datagrams dropped because a receiving socket's buffer was full, machine-wide (/proc/net/snmp). */
function udpReceiveBufferErrors() {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const names = lines[0].split(/\s+/);
  return Number(lines[1].split(/\s+/)[names.indexOf('RcvbufErrors')]);
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];

/**
 * Runs the load client for `viewers`. The server is measured in the steady
 * state: from 2 s after every offer was answered (ICE and DTLS are done by
 * then) to 1 s before the clients stop, so the cost of joining and leaving is
 * not in the per-viewer figure. Resolves with the client's JSON line, the
 * server's CPU (cores) and per-thread CPU over that window, and the client's CPU.
 */
function loadRun(server, roomId, viewers, perfFile, srtp) {
  return new Promise((resolve, reject) => {
    const child = spawn(loadClient, ['127.0.0.1', String(server.httpPort), roomId, String(viewers), String(seconds), offerTemplate,
      ...(srtp === 'any' ? [] : [srtp])],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let clientCpu = 0;
    let window = null;
    const timers = [];
    let perf = null;
    child.stdout.on('data', (d) => {
      out += d;
      if (window || !out.includes('"started"')) return;
      window = {};
      timers.push(setTimeout(() => {
        if (perfFile) perf = spawn('perf', ['record', '-B', '-N', '-g', '-F', '499', '-o', perfFile, '-p', String(server.pid)], { stdio: 'ignore' });
        window.start = { at: Date.now(), cpu: cpuSeconds(server.pid), threads: threadSeconds(server.pid), client: cpuSeconds(child.pid), drops: udpReceiveBufferErrors() };
      }, 2000));
      timers.push(setTimeout(() => {
        window.end = { at: Date.now(), cpu: cpuSeconds(server.pid), threads: threadSeconds(server.pid), client: cpuSeconds(child.pid), drops: udpReceiveBufferErrors() };
        window.load = loadAverage();
        if (perf) process.kill(perf.pid, 'SIGINT');
      }, (seconds - 1) * 1000));
    });
    child.stderr.on('data', (d) => { err += d; });
    const killer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch {} }, (seconds + 120) * 1000);
    child.on('exit', async (code) => {
      clearTimeout(killer);
      for (const timer of timers) clearTimeout(timer);
      if (perf && perf.exitCode === null) {
        // perf writes its file on SIGINT; bounded, then stopped by its PID.
        await Promise.race([new Promise((r) => perf.on('exit', r)), sleep(30000)]);
        try { process.kill(perf.pid, 'SIGKILL'); } catch {}
      }
      try {
        const result = JSON.parse(out.trim().split('\n').pop());
        if (!window?.end) throw new Error('the run ended before its measuring window did');
        const wall = (window.end.at - window.start.at) / 1000;
        const threads = [...window.end.threads].map(([name, s]) => [name, (s - (window.start.threads.get(name) || 0)) / wall])
          .filter(([, share]) => share >= 0.005).sort((a, b) => b[1] - a[1]);
        resolve({ result, wall, cpu: (window.end.cpu - window.start.cpu) / wall, threads, load: window.load,
          clientCpu: (window.end.client - window.start.client) / wall, drops: window.end.drops - window.start.drops });
      } catch (e) {
        reject(new Error(`webrtc-whep-load exited ${code}: ${e.message} ${err.trim()}`));
      }
    });
  });
}

async function measureIdle(server, windowSeconds = seconds) {
  const before = cpuSeconds(server.pid);
  const startedAt = Date.now();
  await sleep(windowSeconds * 1000);
  const wall = (Date.now() - startedAt) / 1000;
  return { cpu: (cpuSeconds(server.pid) - before) / wall, load: loadAverage() };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

// The clip: 20 s of the same encode, made once, published in a loop without re-encoding.
const clipDir = mkdtempSync(path.join(tmpdir(), 'webrtc-bench-'));
const clip = path.join(clipDir, 'clip.flv');
execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin',
  '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
  '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-bf', '0',
  '-pix_fmt', 'yuv420p', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0',
  '-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '2500k', '-c:a', 'aac', '-b:a', '96k', '-y', clip], { timeout: 300000 });

console.error('webrtc bench: clip encoded, starting the server');
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
  const encoder = run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', clip,
    '-c', 'copy', '-f', 'flv', `${server.rtmpUrl}/${room.streamKey}`], { timeoutMs: 3600000 });
  encoders.push(encoder);
  await waitFor(async () => (await (await server.fetch(`/api/rooms/${room.roomId}`)).json()).room.live,
    { timeoutMs: 20000, what: 'the room to go live' });
  await sleep(3000);

  // 1. Offer to first frame in Chromium.
  let joins = [];
  if (withChromium) {
    const { chromium } = require('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, timeout: 30000,
      args: [...chromiumArgs, '--allow-loopback-in-peer-connection'] });
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/api/features`);
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
  }

  // 2. CPU per viewer.
  const idle = await measureIdle(server);
  const rows = [];
  for (let repeat = 1; repeat <= repeats; repeat++) {
    for (const viewers of viewerCounts) for (const srtp of srtpChoices) {
      const perfFile = perfDir ? path.join(perfDir, `${viewers}-${srtp}-${repeat}.data`) : '';
      console.error(`webrtc bench: ${viewers} viewers, SRTP ${srtp}, run ${repeat} (load average ${loadAverage()})`);
      // The idle cost right before this run, over a window as long as its own (seconds - 3).
      const runIdle = await measureIdle(server, seconds - 3);
      const m = await loadRun(server, room.roomId, viewers, perfFile, srtp);
      // The bitrate a connected viewer got (from its first media packet on).
      const perViewerMbit = m.result.mediaSeconds
        ? (m.result.bytes * 8) / m.result.mediaSeconds / 1e6
        : (m.result.bytes * 8) / m.result.seconds / 1e6 / Math.max(1, m.result.connected);
      const perViewerCpu = (m.cpu - runIdle.cpu) / Math.max(1, m.result.connected);  // cores
      rows.push({ repeat, viewers, srtp, ...m, idleCpu: runIdle.cpu, perViewerMbit, perViewerCpu });
      await sleep(2000);
    }
  }
  if (withChromium) {
    const found = joins.filter((v) => v !== null);
    console.log(`Offer to first decoded frame (Chromium, loopback, 5 joins): median ${found.length ? Math.round(median(found)) : 'none'} ms (all: ${joins.map((v) => (v === null ? 'none' : Math.round(v))).join(', ')} ms)`);
    console.log('');
  }
  console.log(`Build: ${buildDir}; load client: ${loadClient}; ${seconds} s per run; idle load average ${idle.load}`);
  console.log('');
  console.log('| Viewers | SRTP offered | Run | Connected | Egress per viewer (Mbit/s) | Server CPU idle before (cores) | Server CPU (cores) | CPU above idle per viewer (% of a core) | Viewers per core | SRTP egress per core (Mbit/s) | Load client CPU (cores) | Load average (1 min) | UDP receive-buffer drops (machine) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(`| 0 | - | - | - | - | ${idle.cpu.toFixed(3)} | - | - | - | - | - | ${idle.load} | - |`);
  for (const r of rows) {
    const perCore = 1 / r.perViewerCpu;
    console.log(`| ${r.viewers} | ${r.srtp} | ${r.repeat} | ${r.result.connected} | ${r.perViewerMbit.toFixed(2)} | ${r.idleCpu.toFixed(3)} | ${r.cpu.toFixed(3)} | ${(r.perViewerCpu * 100).toFixed(3)} | ${Math.round(perCore)} | ${Math.round(perCore * r.perViewerMbit)} | ${r.clientCpu.toFixed(2)} | ${r.load} | ${r.drops} |`);
    if (r.result.failed.length) console.log(`  failures: ${r.result.failed.slice(0, 3).join(' / ')}`);
  }
  console.log('');
  console.log('Server threads above 0.5 % of a core (cores), per run:');
  for (const r of rows) console.log(`- ${r.viewers} viewers, SRTP ${r.srtp}, run ${r.repeat}: ${r.threads.map(([n, s]) => `${n} ${s.toFixed(3)}`).join(', ')}`);
  console.log('');
  console.log('| Viewers | SRTP offered | Median viewers per core | Spread (min-max) | Median SRTP egress per core (Mbit/s) |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const viewers of viewerCounts) for (const srtp of srtpChoices) {
    const mine = rows.filter((r) => r.viewers === viewers && r.srtp === srtp);
    const perCore = mine.map((r) => 1 / r.perViewerCpu);
    const mbit = mine.map((r) => r.perViewerMbit / r.perViewerCpu);
    console.log(`| ${viewers} | ${srtp} | ${Math.round(median(perCore))} | ${Math.round(Math.min(...perCore))}-${Math.round(Math.max(...perCore))} | ${Math.round(median(mbit))} |`);
  }
  // The cost of one more viewer, without what every viewer count shares (the
  // AAC -> Opus transcoder runs once per room while anyone watches).
  console.log('');
  console.log('| Viewers | SRTP offered | Run | Marginal CPU per viewer (% of a core) | Marginal viewers per core |');
  console.log('| --- | --- | --- | --- | --- |');
  for (let repeat = 1; repeat <= repeats; repeat++) for (const srtp of srtpChoices) {
    const mine = rows.filter((r) => r.repeat === repeat && r.srtp === srtp).sort((a, b) => a.viewers - b.viewers);
    for (let i = 1; i < mine.length; i++) {
      const slope = (mine[i].cpu - mine[i - 1].cpu) / (mine[i].result.connected - mine[i - 1].result.connected);
      console.log(`| ${mine[i - 1].viewers} -> ${mine[i].viewers} | ${srtp} | ${repeat} | ${(slope * 100).toFixed(3)} | ${Math.round(1 / slope)} |`);
    }
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  for (const encoder of encoders) await encoder.kill();
  await server.stop();
  server.cleanup();
  rmSync(clipDir, { recursive: true, force: true });
}
