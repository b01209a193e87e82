// Recordings benchmark: what recording costs the server per broadcast. The
// same ~2.7 Mbit/s 720p30 H.264 + AAC stream is pushed by 1 and 10 concurrent
// `ffmpeg -re -c copy` publishers over RTMP into a server with the rtmp, hls
// and recordings plugins, once with recording on (recordByDefault) and once
// off (the plugin loaded, every room opted out), alternating, `--runs` times,
// in one invocation. CPU is utime+stime of the server from /proc/<pid>/stat
// over a fixed window; disk writes are the server's write() bytes
// (/proc/<pid>/io wchar) and what reached the block layer (write_bytes) in
// that window. The machine may be shared: the load average is printed with
// each run, and the table shows min–max over the runs.
//
//   bench/recordings/run.sh [--counts 1,10] [--seconds 20] [--runs 3] [--bitrate 2700k]
//
// Needs: a built server (SOCKSTREAM_BUILD_DIR, default build/) and ffmpeg.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startServer, sleep } from '../../tests/integration/lib/server.mjs';
import { roomWithKey, run as runProcess } from '../../tests/integration/lib/publishing.mjs';

const argv = process.argv.slice(2);
const flag = (name, fallback) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
const COUNTS = flag('counts', '1,10').split(',').map(Number);
const WINDOW = Number(flag('seconds', '20'));
const RUNS = Number(flag('runs', '3'));
const BITRATE = flag('bitrate', '2700k');
const WARMUP = 6;
const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

const scratch = mkdtempSync(path.join(tmpdir(), 'sockstream-rec-bench-'));

function makeSample() {
  const flv = path.join(scratch, 'sample.flv');
  console.error(`encoding a ${BITRATE} 720p30 sample...`);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '30', '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', BITRATE, '-maxrate', BITRATE, '-bufsize', '2M',
    '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-shortest', '-f', 'flv', flv]);
  return flv;
}

/** CPU seconds and bytes written so far by process `pid`. */
function usage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const [utime, stime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).map(Number);
  const io = Object.fromEntries(readFileSync(`/proc/${pid}/io`, 'utf8').trim().split('\n')
    .map((line) => line.split(':').map((part) => part.trim())).map(([key, value]) => [key, Number(value)]));
  return { cpu: (utime + stime) / TICKS, wchar: io.wchar, disk: io.write_bytes };
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function measure(recording, count, sample) {
  const plugins = [
    { name: 'auth-password', library: 'auth-password', enabled: true, config: { rateLimit: { enabled: false } } },
    { name: 'rtmp', library: 'rtmp', enabled: true, config: {} },
    { name: 'hls', library: 'hls', enabled: true, config: {} },
    { name: 'recordings', library: 'recordings', enabled: true, config: { recordByDefault: recording } },
  ];
  const server = await startServer({ plugins, logLevel: 'warning',
    server: { limits: { exemptAddresses: ['127.0.0.1'] } } });
  try {
    const keys = [];
    for (let i = 0; i < count; i++) keys.push((await roomWithKey(server)).streamKey);
    const seconds = WARMUP + WINDOW + 5;
    const publishers = keys.map((key) => runProcess('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re',
      '-stream_loop', '-1', '-i', sample, '-t', String(seconds), '-c', 'copy', '-f', 'flv', `${server.rtmpUrl}/${key}`],
      { timeoutMs: (seconds + 30) * 1000 }));
    const gone = (p) => p.child.exitCode !== null || p.child.signalCode !== null;
    await sleep(WARMUP * 1000);
    if (publishers.some(gone)) throw new Error(`a publisher failed: ${(await publishers.find(gone).done).stderr}`);
    const first = usage(server.pid);
    const startedAt = Date.now();
    await sleep(WINDOW * 1000);
    const last = usage(server.pid);
    const elapsed = (Date.now() - startedAt) / 1000;
    const lasted = publishers.filter((p) => !gone(p)).length;
    await Promise.all(publishers.map((p) => p.kill()));
    if (lasted < count) throw new Error(`only ${lasted}/${count} publishers lasted the window`);
    return {
      cpuPercent: (100 * (last.cpu - first.cpu)) / elapsed,
      writeMiBs: (last.wchar - first.wchar) / elapsed / 1048576,
      diskMiBs: (last.disk - first.disk) / elapsed / 1048576,
      load: loadAverage(),
    };
  } finally {
    await server.stop();
    server.cleanup();
  }
}

const span = (values, digits) => {
  const low = Math.min(...values).toFixed(digits);
  const high = Math.max(...values).toFixed(digits);
  return low === high ? low : `${low}–${high}`;
};

try {
  const sample = makeSample();
  const results = new Map();
  for (let round = 1; round <= RUNS; round++) {
    for (const count of COUNTS) {
      for (const recording of [true, false]) {
        console.error(`run ${round}/${RUNS}: ${count} stream(s), recording ${recording ? 'on' : 'off'}, load ${loadAverage()}...`);
        const result = await measure(recording, count, sample);
        console.error(`  CPU ${result.cpuPercent.toFixed(1)} % of one core, write() ${result.writeMiBs.toFixed(2)} MiB/s, block layer ${result.diskMiBs.toFixed(2)} MiB/s`);
        const key = `${count}|${recording}`;
        results.set(key, [...(results.get(key) || []), result]);
      }
    }
  }
  console.log(`\nRecording cost, ${BITRATE} 720p30 H.264 + AAC 128k per stream over RTMP (ffmpeg -re -c copy), rtmp + hls + recordings plugins, ${WINDOW} s window after ${WARMUP} s warm-up, ${RUNS} runs (min–max); load average at the end ${loadAverage()}.\n`);
  console.log('| streams | recording | server CPU (% of one core) | CPU per stream | write() MiB/s | block-layer writes MiB/s | 1-min load at the end of each run |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const count of COUNTS) {
    for (const recording of [true, false]) {
      const rows = results.get(`${count}|${recording}`);
      console.log(`| ${count} | ${recording ? 'on' : 'off'} | ${span(rows.map((r) => r.cpuPercent), 1)} | ${span(rows.map((r) => r.cpuPercent / count), 2)} | ${span(rows.map((r) => r.writeMiBs), 2)} | ${span(rows.map((r) => r.diskMiBs), 2)} | ${rows.map((r) => r.load.split(' ')[0]).join(', ')} |`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
