// Restream benchmark: the CPU one restream destination costs sockstream. N
// rooms (1 and 10) are published over RTMP with `ffmpeg -re -c copy`; in the
// "on" runs every room has one enabled destination on a local nginx-rtmp
// (Debian's libnginx-mod-rtmp), in the "off" runs none. Off and on alternate
// within one run, `--repeat` times, so a busy machine shows as a range. CPU is
// utime+stime of the server process over a fixed window (from /proc).
//
//   bench/restream/run.sh [--counts 1,10] [--seconds 20] [--bitrate 2700k] [--repeat 2]
//
// Needs: a built server (SOCKSTREAM_BUILD_DIR, default build/) with the rtmp and
// restream plugins, nginx with libnginx-mod-rtmp, ffmpeg.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startServer, sleep, freePort, waitFor } from '../../tests/integration/lib/server.mjs';
import { roomWithKey, run as runProcess } from '../../tests/integration/lib/publishing.mjs';
import { NginxRtmp } from '../../tests/integration/lib/nginxRtmp.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const COUNTS = option('counts', '1,10').split(',').map(Number);
const WINDOW_SECONDS = Number(option('seconds', '20'));
const WARMUP_SECONDS = 6;
const BITRATE = option('bitrate', '2700k');
const REPEAT = Number(option('repeat', '2'));
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

const work = mkdtempSync(path.join(tmpdir(), 'sockstream-restream-bench-'));

function generateSample() {
  const mp4 = path.join(work, 'sample.mp4');
  const flv = path.join(work, 'sample.flv');
  console.error(`generating a ${BITRATE} sample...`);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '20', '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', BITRATE, '-maxrate', BITRATE, '-bufsize', '2M',
    '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-shortest', mp4]);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', mp4, '-c', 'copy', flv]);
  return flv;
}

function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function run(count, restream, sample, nginx) {
  const plugins = [
    { name: 'auth-password', library: 'auth-password', enabled: true, config: { rateLimit: { enabled: false } } },
    { name: 'rtmp', library: 'rtmp', enabled: true, config: {} },
    { name: 'restream', library: 'restream', enabled: true, config: {} },
  ];
  const server = await startServer({ plugins, logLevel: 'warning', server: { limits: { exemptAddresses: ['127.0.0.1'] } } });
  try {
    const rooms = [];
    for (let i = 0; i < count; i++) {
      const room = await roomWithKey(server);
      if (restream) {
        const res = await server.fetch(`/api/rooms/${room.roomId}/restream-destinations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: room.jar.header() },
          body: JSON.stringify({ name: 'nginx', url: nginx.url(), key: `bench-${room.roomId}` }),
        });
        if (res.status !== 201) throw new Error(`adding a destination answered ${res.status}: ${await res.text()}`);
        room.destinationId = (await res.json()).destination.id;
      }
      rooms.push(room);
    }
    const total = WARMUP_SECONDS + WINDOW_SECONDS + 5;
    const publishers = rooms.map((r) => runProcess('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re',
      '-stream_loop', '-1', '-i', sample, '-t', String(total), '-c', 'copy', '-f', 'flv', `${server.rtmpUrl}/${r.streamKey}`],
    { timeoutMs: (total + 30) * 1000 }));
    const states = async () => {
      const out = [];
      for (const r of rooms) {
        const res = await server.fetch(`/api/rooms/${r.roomId}/restream-destinations`, { headers: { cookie: r.jar.header() } });
        out.push(...(await res.json()).destinations.map((d) => d.status));
      }
      return out;
    };
    if (restream) await waitFor(async () => (await states()).every((s) => s.state === 'live'), { timeoutMs: 20000, what: 'every destination live' });
    await sleep(WARMUP_SECONDS * 1000);
    const cpuStart = cpuSeconds(server.pid);
    const started = Date.now();
    await sleep(WINDOW_SECONDS * 1000);
    const elapsed = (Date.now() - started) / 1000;
    const cpu = cpuSeconds(server.pid) - cpuStart;
    const exited = publishers.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null).length;
    let live = 0;
    let kbps = 0;
    if (restream) {
      const s = await states();
      live = s.filter((x) => x.state === 'live').length;
      kbps = s.reduce((a, x) => a + x.bitrateKbps, 0) / s.length;
    }
    await Promise.all(publishers.map((p) => p.kill()));
    if (exited) throw new Error(`${exited}/${count} publishers ended early`);
    return { count, restream, cpuPercent: (100 * cpu) / elapsed, live, kbps, load: load() };
  } finally {
    await server.stop();
    server.cleanup();
  }
}

const nginx = new NginxRtmp(await freePort());
try {
  const sample = generateSample();
  await nginx.start();
  const rows = [];
  for (let round = 0; round < REPEAT; round++) {
    for (const count of COUNTS) {
      for (const restream of [false, true]) {
        console.error(`round ${round + 1}: ${count} stream(s), restream ${restream ? 'on' : 'off'}, load average ${load()}...`);
        rows.push(await run(count, restream, sample, nginx));
      }
    }
  }
  console.log(`\nRestream, ${BITRATE} H.264 + 128k AAC per stream published over RTMP (ffmpeg -re -c copy), one nginx-rtmp destination per stream when on; ${WINDOW_SECONDS} s window after ${WARMUP_SECONDS} s warm-up, ${REPEAT} rounds alternating off/on.\n`);
  console.log('| streams | restream | server CPU (% of one core) per round | destinations live at the end | mean bitrate sent kbit/s | load average (1/5/15 min) per round |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const count of COUNTS) {
    for (const restream of [false, true]) {
      const mine = rows.filter((r) => r.count === count && r.restream === restream);
      console.log(`| ${count} | ${restream ? 'on' : 'off'} | ${mine.map((r) => r.cpuPercent.toFixed(1)).join(' / ')} | ${restream ? mine.map((r) => `${r.live}/${count}`).join(' / ') : '–'} | ${restream ? mine.map((r) => r.kbps.toFixed(0)).join(' / ') : '–'} | ${mine.map((r) => r.load).join(' ; ')} |`);
    }
  }
  console.log('\nCPU per destination (on − off, divided by streams), per round:');
  for (const count of COUNTS) {
    const per = [];
    for (let round = 0; round < REPEAT; round++) {
      const off = rows.filter((r) => r.count === count && !r.restream)[round];
      const on = rows.filter((r) => r.count === count && r.restream)[round];
      per.push(((on.cpuPercent - off.cpuPercent) / count).toFixed(2));
    }
    console.log(`- ${count} stream(s): ${per.join(' / ')} % of one core per destination`);
  }
} finally {
  await nginx.stop();
  nginx.cleanup();
  rmSync(work, { recursive: true, force: true });
}
