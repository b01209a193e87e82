// Chat benchmark: the C++ chat plugin against a Node.js socket.io 4.8 server,
// with the same socket.io-client load generator, in one run.
//   bench/chat/run.sh [--quick] [--only=cpp|--only=node] [--fanout-only]
//                     [--loads=100x100,1000x100] [--seconds=N]
//                     [--fanout-writes=N]
// --fanout-only skips the idle-memory steps; --loads picks fan-out loads
// (members x msg/s); --fanout-writes sets the chat plugin's
// fanOutWritesPerSecond (0: no pacing) instead of its default; each server's pid is printed to stderr so a profiler can
// attach to it.
// Needs build/bin/sockstream (or SOCKSTREAM_BUILD_DIR) with the chat and
// auth-password plugins. Run it through bench/chat/run.sh, which raises the fd
// limit as far as it can; idle steps that would not fit the limit are skipped
// and reported.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

async function measure(target) {
  const results = { idle: [], fanout: [] };
  // (a) idle connections, each joined to one room
  let sockets = [];
  console.error(`${target.name}: pid ${target.pid}`);
  const baseline = rssMiB(target.pid);
  results.idle.push({ connections: 0, rssMiB: baseline });
  console.error(`${target.name}: 0 connections, RSS ${baseline.toFixed(1)} MiB`);
  for (const step of IDLE_STEPS) {
    if (step + FD_HEADROOM > openFileLimit()) {
      console.error(`${target.name}: skipping ${step} idle connections: the open-file limit is ${openFileLimit()}`);
      results.idle.push({ connections: step, skipped: `open-file limit ${openFileLimit()}` });
      continue;
    }
    sockets = sockets.concat(await connectMany(target.baseUrl, step - sockets.length, target.roomId));
    await sleep(2000);
    results.idle.push({ connections: step, rssMiB: rssMiB(target.pid) });
    console.error(`${target.name}: ${step} idle connections, RSS ${rssMiB(target.pid).toFixed(1)} MiB`);
  }
  for (const s of sockets) s.close();
  if (sockets.length) await sleep(3000);

  // (b) fan-out: members in one room, one sender at a fixed rate
  for (const { members, rate } of FANOUT) {
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
    results.fanout.push(row);
    console.error(`${target.name}: ${JSON.stringify(row)}`);
    for (const r of receivers) r.close();
    sender.close();
    await sleep(2000);
  }
  return results;
}

async function cppTarget() {
  const plugins = shippedPlugins().filter((p) => ['auth-password', 'chat'].includes(p.name));
  const server = await startServer({
    plugins, logLevel: 'warning',
    configure: (c) => {
      c.plugins.find((p) => p.name === 'chat').config = {
        rateLimitMessages: 1000000, rateLimitWindowSeconds: 1, maxQueuedBytes: 16 << 20,
        ...(option('fanout-writes') !== undefined ? { fanOutWritesPerSecond: Number(option('fanout-writes')) } : {}),
      };
      c.plugins.find((p) => p.name === 'auth-password').config = { rateLimit: { enabled: false } };
      c.server.limits = { ...(c.server.limits || {}), idleTimeoutSeconds: 600 };
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

function markdown(report) {
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
  lines.push('', `| members × msg/s | ${ours} CPU µs/delivery | ${peer} CPU µs/delivery | ${ours} p50 / p99 ms | ${peer} p50 / p99 ms | delivered (ours / peer) |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: |');
  a.fanout.forEach((row, i) => {
    const other = b.fanout[i] || {};
    lines.push(`| ${row.members} × ${row.rate} | ${fmt(row.cpuMicrosPerDelivery, 2)} | ${fmt(other.cpuMicrosPerDelivery, 2)} | ${row.p50} / ${row.p99} | ${other.p50} / ${other.p99} | ${row.delivered}/${row.expected} / ${other.delivered}/${other.expected} |`);
  });
  return lines.join('\n');
}

const report = {};
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
for (const make of [cppTarget, nodeTarget]) {
  if (only && !make.name.startsWith(only)) continue;
  const target = await make();
  try { report[target.name] = await measure(target); } finally { await target.stop(); }
}
console.log(JSON.stringify({ date: new Date().toISOString(), openFileLimit: openFileLimit(), report }, null, 2));
if (Object.keys(report).length === 2) console.log(`\n${markdown(report)}`);
process.exit(0);
