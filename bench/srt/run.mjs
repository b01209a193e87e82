// SRT ingest benchmark: the CPU one publisher costs sockstream over SRT (srt
// plugin: libsrt + libavformat MPEG-TS demuxing) against the same stream over
// RTMP (rtmp plugin), in one run on this machine. The two streams are the same
// encode, remuxed (-c copy) into MPEG-TS and FLV, pushed with `ffmpeg -re -c copy`
// by 1 and 10 concurrent publishers. CPU is utime+stime of the server process
// over a fixed window (from /proc), memory its resident set size.
//
//   bench/srt/run.sh [--counts 1,10] [--seconds 20] [--bitrate 2700k] [--with-hls]
//                    [--protocols srt,rtmp]
//
// Needs: a built server (SOCKSTREAM_BUILD_DIR, default build/) with the srt and
// rtmp plugins, and ffmpeg with libsrt (scripts/deps/apt-srt.txt).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startServer, sleep } from '../../tests/integration/lib/server.mjs';
import { roomWithKey, run as runProcess, freeUdpPort } from '../../tests/integration/lib/publishing.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const COUNTS = option('counts', '1,10').split(',').map(Number);
const WINDOW_SECONDS = Number(option('seconds', '20'));
const WARMUP_SECONDS = 5;
const BITRATE = option('bitrate', '2700k');
const WITH_HLS = args.includes('--with-hls');
const PROTOCOLS = option('protocols', 'srt,rtmp').split(',');
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

const work = mkdtempSync(path.join(tmpdir(), 'sockstream-srt-bench-'));

/** One 720p30 H.264 + AAC encode, remuxed into MPEG-TS (for SRT) and FLV (for RTMP). */
function generateSamples() {
  const mp4 = path.join(work, 'sample.mp4');
  console.error(`generating a ${BITRATE} sample...`);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '20', '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', BITRATE, '-maxrate', BITRATE, '-bufsize', '2M',
    '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-shortest', mp4]);
  const ts = path.join(work, 'sample.ts');
  const flv = path.join(work, 'sample.flv');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', mp4, '-c', 'copy', '-bsf:v', 'h264_mp4toannexb', ts]);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', mp4, '-c', 'copy', flv]);
  return { srt: ts, rtmp: flv };
}

function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function rssMiB(pid) {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return match ? Number(match[1]) / 1024 : 0;
}

async function run(protocol, count, samples) {
  const srtPort = await freeUdpPort();
  const plugins = [
    { name: 'auth-password', library: 'auth-password', enabled: true, config: { rateLimit: { enabled: false } } },
    { name: 'rtmp', library: 'rtmp', enabled: true, config: {} },
    // Every publisher comes from 127.0.0.1: the per-address caps are for real clients.
    { name: 'srt', library: 'srt', enabled: true, config: { port: srtPort, maxConnectionsPerAddress: 100 } },
  ];
  if (WITH_HLS) plugins.push({ name: 'hls', library: 'hls', enabled: true, config: {} });
  const server = await startServer({ plugins, logLevel: 'warning', rooms: { maxRoomsPerUser: 1 },
    server: { limits: { exemptAddresses: ['127.0.0.1'] } } });
  try {
    const keys = [];
    for (let i = 0; i < count; i++) keys.push((await roomWithKey(server)).streamKey);
    const idleRss = rssMiB(server.pid);
    const total = WARMUP_SECONDS + WINDOW_SECONDS + 5;
    const publishers = keys.map((key) => runProcess('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re',
      '-stream_loop', '-1', '-i', samples[protocol], '-t', String(total), '-c', 'copy',
      ...(protocol === 'srt'
        ? ['-f', 'mpegts', `srt://127.0.0.1:${srtPort}?streamid=publish:${key}`]
        : ['-f', 'flv', `${server.rtmpUrl}/${key}`])], { timeoutMs: (total + 30) * 1000 }));
    const exited = (p) => p.child.exitCode !== null || p.child.signalCode !== null;
    await sleep(WARMUP_SECONDS * 1000);
    const failed = publishers.filter(exited);
    if (failed.length) throw new Error(`${failed.length} ${protocol} publishers failed: ${(await failed[0].done).stderr}`);
    const cpuStart = cpuSeconds(server.pid);
    let peakRss = 0;
    const started = Date.now();
    while (Date.now() - started < WINDOW_SECONDS * 1000) {
      peakRss = Math.max(peakRss, rssMiB(server.pid));
      await sleep(1000);
    }
    const elapsed = (Date.now() - started) / 1000;
    const cpu = cpuSeconds(server.pid) - cpuStart;
    const lasted = publishers.filter((p) => !exited(p)).length;
    await Promise.all(publishers.map((p) => p.kill()));
    if (lasted < count) throw new Error(`only ${lasted}/${count} ${protocol} publishers lasted the window`);
    return { protocol, count, cpu, elapsed, idleRss, peakRss };
  } finally {
    await server.stop();
    server.cleanup();
  }
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

try {
  const samples = generateSamples();
  const rows = [];
  for (const count of COUNTS) {
    for (const protocol of PROTOCOLS) {
      console.error(`${protocol}: ${count} publisher(s), load average ${load()}...`);
      rows.push(await run(protocol, count, samples));
    }
  }
  console.log(`\nIngest, ${BITRATE} H.264+AAC per publisher (ffmpeg -re -c copy), ${WINDOW_SECONDS} s window after ${WARMUP_SECONDS} s warm-up${WITH_HLS ? ', hls plugin on' : ', no packager'}; load average at the end ${load()}.\n`);
  console.log('| protocol | publishers | CPU s in window | CPU per publisher (% of one core) | peak RSS MiB | idle RSS MiB | MiB per publisher |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const perPublisher = (100 * r.cpu) / r.elapsed / r.count;
    console.log(`| ${r.protocol} | ${r.count} | ${r.cpu.toFixed(2)} | ${perPublisher.toFixed(3)} % | ${r.peakRss.toFixed(1)} | ${r.idleRss.toFixed(1)} | ${((r.peakRss - r.idleRss) / r.count).toFixed(2)} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
