// Chat benchmark: the C++ chat plugin against a Node.js socket.io 4.8 server,
// with the same socket.io-client load generator, in one run; each fan-out load
// also runs as bench/chat/send-floor.c (the same frames, sockets and rate as
// bare send() calls), the floor under both servers' CPU per delivery.
//   bench/chat/run.sh [--quick] [--only=cpp|--only=node] [--fanout-only]
//                     [--loads=100x100,1000x100] [--seconds=N]
//                     [--fanout-writes=N] [--io-threads=N]
// --fanout-only skips the idle-memory steps; --loads picks fan-out loads
// (members x msg/s); --fanout-writes sets the chat plugin's
// fanOutWritesPerSecond (0: no pacing) instead of its default; --io-threads
// sets the C++ server's ioThreads (0, the default, is one per core). Each
// server's pid is printed to stderr so a profiler can attach to it.
// Needs build/bin/sockstream (or SOCKSTREAM_BUILD_DIR) with the chat and
// auth-password plugins, and a C compiler for the floor. Run it through
// bench/chat/run.sh, which raises the fd limit as far as it can; idle steps
// that would not fit the limit are skipped and reported.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startServer, shippedPlugins, CookieJar, freePort, waitFor, sleep } from '../../tests/integration/lib/server.mjs';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tests/package.json'));
const { io } = require('socket.io-client');

const quick = process.argv.includes('--quick');
const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const IDLE_STEPS = process.argv.includes('--fanout-only') ? [] : quick ? [1000, 2000] : [1000, 5000, 10000];
const FANOUT = option('loads')
  ? option('loads').split(',').map((load) => { const [members, rate] = load.split('x').map(Number); return { members, rate }; })
  : quick ? [{ members: 100, rate: 50 }] : [{ members: 100, rate: 100 }, { members: 1000, rate: 100 }, { members: 5000, rate: 20 }];
const SECONDS = Number(option('seconds')) || (quick ? 3 : 10);

const clockTicks = 100;  // USER_HZ on Linux
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}
function rssMiB(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) / 1024;
}
/** The soft limit on open files of this process (the servers inherit it). */
function openFileLimit() {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line.split(/\s{2,}/)[1];
  return soft === 'unlimited' ? Infinity : Number(soft);
}
const FD_HEADROOM = 200;  // listeners, database, pipes, the sender and spare
const percentile = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;

async function connectMany(baseUrl, count, roomId, cookie) {
  const sockets = [];
  const batch = 200;
  for (let i = 0; i < count; i += batch) {
    const group = [];
    for (let k = i; k < Math.min(count, i + batch); k++) {
      const socket = io(`${baseUrl}/gaming`, {
        transports: ['websocket'], reconnection: false, forceNew: true, timeout: 20000,
        extraHeaders: cookie ? { cookie } : {},
      });
      sockets.push(socket);
      group.push(new Promise((resolve, reject) => {
        socket.once('connect', () => socket.timeout(20000).emitWithAck('room:join', { roomId }).then(resolve, reject));
        socket.once('connect_error', reject);
      }));
    }
    await Promise.all(group);
  }
  return sockets;
}

async function measureIdle(target) {
  const rows = [];
  // (a) idle connections, each joined to one room
  let sockets = [];
  const baseline = rssMiB(target.pid);
  rows.push({ connections: 0, rssMiB: baseline });
  console.error(`${target.name}: 0 connections, RSS ${baseline.toFixed(1)} MiB`);
  for (const step of IDLE_STEPS) {
    if (step + FD_HEADROOM > openFileLimit()) {
      console.error(`${target.name}: skipping ${step} idle connections: the open-file limit is ${openFileLimit()}`);
      rows.push({ connections: step, skipped: `open-file limit ${openFileLimit()}` });
      continue;
    }
    sockets = sockets.concat(await connectMany(target.baseUrl, step - sockets.length, target.roomId));
    await sleep(2000);
    rows.push({ connections: step, rssMiB: rssMiB(target.pid) });
    console.error(`${target.name}: ${step} idle connections, RSS ${rssMiB(target.pid).toFixed(1)} MiB`);
  }
  for (const s of sockets) s.close();
  if (sockets.length) await sleep(3000);
  return rows;
}

// (b) fan-out: members in one room, one sender at a fixed rate
async function measureFanout(target, { members, rate }) {
  const roomId = await target.newRoom();
  const receivers = await connectMany(target.baseUrl, members, roomId);
  const [sender] = await connectMany(target.baseUrl, 1, roomId, target.cookie);
  const latencies = [];
  for (const r of receivers) r.on('chat:message', (m) => { const sent = Number(m.text.split(':')[1]); latencies.push(Date.now() - sent); });
  await sleep(1000);
  console.error(`${target.name}: fan-out ${members} x ${rate} starts`);
  const cpuBefore = cpuSeconds(target.pid);
  const total = rate * SECONDS;
  const started = Date.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    sender.emit('chat:send', { roomId, text: `t:${Date.now()}` });
  }
  const expected = total * members;
  await waitFor(() => latencies.length >= expected, { timeoutMs: 60000, what: 'all deliveries' }).catch(() => {});
  const cpu = cpuSeconds(target.pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const row = {
    members, rate, delivered: latencies.length, expected,
    cpuMicrosPerDelivery: (cpu * 1e6) / Math.max(1, latencies.length),
    p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99),
  };
  console.error(`${target.name}: ${JSON.stringify(row)}`);
  for (const r of receivers) r.close();
  sender.close();
  await sleep(2000);
  return row;
}

/** bench/chat/send-floor.c, built once: the CPU of a bare send() per delivery. */
function buildSendFloor() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'send-floor-'));
  const binary = path.join(dir, 'send-floor');
  const built = spawnSync('cc', ['-O2', '-Wall', '-o', binary, path.join(path.dirname(fileURLToPath(import.meta.url)), 'send-floor.c')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('could not build bench/chat/send-floor.c');
  return { binary, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The same frames to the same number of sockets at the same rate, with nothing else. */
function measureFloor(floor, { members, rate }) {
  const run = spawnSync(floor.binary, [String(members), String(rate * SECONDS), String(Math.round(1e6 / rate))],
    { encoding: 'utf8', timeout: (SECONDS + 60) * 1000 });
  const micros = Number(/([0-9.]+) us of CPU per send/.exec(run.stdout || '')?.[1]);
  console.error(`bare send() floor at ${members} x ${rate}: ${run.status === 0 ? `${micros} us per send` : `failed: ${run.stderr}`}`);
  return run.status === 0 ? micros : NaN;
}

async function cppTarget() {
  const plugins = shippedPlugins().filter((p) => ['auth-password', 'chat'].includes(p.name));
  const server = await startServer({
    plugins, logLevel: 'warning',
    configure: (c) => {
      c.plugins.find((p) => p.name === 'chat').config = {
        rateLimitMessages: 1000000, rateLimitWindowSeconds: 1, maxQueuedBytes: 16 << 20,
        // Every benchmark client is 127.0.0.1: the per-address event limit
        // (300 joins per 10 s by default) would refuse most room:joins, and
        // a refused member receives nothing.
        eventLimitPerAddress: 10000000,
        ...(option('fanout-writes') !== undefined ? { fanOutWritesPerSecond: Number(option('fanout-writes')) } : {}),
      };
      c.plugins.find((p) => p.name === 'auth-password').config = { rateLimit: { enabled: false } };
      // Every benchmark client comes from 127.0.0.1: the per-address cap is for real clients.
      c.server.limits = { ...(c.server.limits || {}), idleTimeoutSeconds: 600, exemptAddresses: ['127.0.0.1'] };
      if (option('io-threads') !== undefined) c.server.ioThreads = Number(option('io-threads'));
      c.rooms = { ...(c.rooms || {}), maxRoomsPerUser: 100 };
    },
  });
  const jar = new CookieJar();
  const res = await server.fetch('/api/auth/sign-up/email', {
    method: 'POST', headers: { 'content-type': 'application/json', origin: server.publicUrl },
    body: JSON.stringify({ name: 'bench', email: `bench-${Date.now()}@example.test`, password: 'benchmark password 123' }),
  });
  if (!res.ok) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
  jar.store(res);
  const cookie = jar.header();
  let n = 0;
  // One user owns every room and sends: each sign-up runs Argon2id (19 MiB), and
  // glibc keeps such buffers in its per-thread arenas once its mmap threshold
  // has grown, which would put the auth plugin's memory into the chat's figure.
  const newRoom = async () => {
    const r = await server.fetch('/api/rooms', {
      method: 'POST', headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie },
      body: JSON.stringify({ channelId: 'gaming', title: `bench ${++n}` }),
    });
    if (r.status !== 201) throw new Error(`room creation answered ${r.status}: ${await r.text()}`);
    return (await r.json()).room.id;
  };
  return { name: 'sockstream-chat (C++)', pid: server.pid, baseUrl: server.baseUrl, cookie, newRoom, roomId: await newRoom(),
           stop: async () => { await server.stop(); server.cleanup(); } };
}

async function nodeTarget() {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(path.dirname(fileURLToPath(import.meta.url)), 'node-server.mjs'), String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_PATH: path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tests/node_modules') },
  });
  await new Promise((resolve, reject) => { child.stdout.once('data', resolve); child.once('exit', reject); });
  let n = 0;
  return { name: 'node socket.io 4.8', pid: child.pid, baseUrl: `http://127.0.0.1:${port}`, cookie: undefined,
           newRoom: async () => `room${++n}`, roomId: 'idle',
           stop: async () => { child.kill('SIGTERM'); } };
}

function markdown(report, floors) {
  const [ours, peer] = Object.keys(report);
  const a = report[ours];
  const b = report[peer];
  const fmt = (v, digits = 1) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
  const lines = [
    `| idle connections | ${ours} RSS (MiB) | ${peer} RSS (MiB) | ratio |`,
    '| ---: | ---: | ---: | ---: |',
  ];
  a.idle.forEach((row, i) => {
    const other = b.idle[i] || {};
    lines.push(`| ${row.connections} | ${fmt(row.rssMiB)} | ${fmt(other.rssMiB)} | ${fmt(row.rssMiB / other.rssMiB, 2)} |`);
  });
  lines.push('', `| members × msg/s | ${ours} CPU µs/delivery | ${peer} CPU µs/delivery | ratio | bare send() µs (ratio to ${peer}) | ${ours} p50 / p99 ms | ${peer} p50 / p99 ms | delivered (ours / peer) |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  a.fanout.forEach((row, i) => {
    const other = b.fanout[i] || {};
    const floor = floors[i]?.sendFloorMicros;
    lines.push(`| ${row.members} × ${row.rate} | ${fmt(row.cpuMicrosPerDelivery, 2)} | ${fmt(other.cpuMicrosPerDelivery, 2)} | ${fmt(row.cpuMicrosPerDelivery / other.cpuMicrosPerDelivery, 2)} | ${fmt(floor, 2)} (${fmt(floor / other.cpuMicrosPerDelivery, 2)}) | ${row.p50} / ${row.p99} | ${other.p50} / ${other.p99} | ${row.delivered}/${row.expected} / ${other.delivered}/${other.expected} |`);
  });
  return lines.join('\n');
}

const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const makers = [cppTarget, nodeTarget].filter((make) => !only || make.name.startsWith(only));
const targets = [];
const report = {};
const floor = buildSendFloor();
const floors = [];
try {
  for (const make of makers) {
    const target = await make();
    targets.push(target);
    console.error(`${target.name}: pid ${target.pid}`);
    report[target.name] = { idle: [], fanout: [] };
  }
  for (const target of targets) report[target.name].idle = await measureIdle(target);
  // Each load runs on every server and then as the bare floor, back to back:
  // this machine's speed drifts by tens of percent over minutes, so the
  // figures compared are measured as close together as they can be.
  for (const load of FANOUT) {
    for (const target of targets) report[target.name].fanout.push(await measureFanout(target, load));
    floors.push({ ...load, sendFloorMicros: measureFloor(floor, load) });
  }
} finally {
  for (const target of targets) await target.stop();
  floor.remove();
}
console.log(JSON.stringify({ date: new Date().toISOString(), openFileLimit: openFileLimit(), report, floors }, null, 2));
if (Object.keys(report).length === 2) console.log(`\n${markdown(report, floors)}`);
process.exit(0);
