// Chat fault script: users chat at the rate limit, the server is killed with
// SIGKILL (by its PID) at a random moment, restarted on the same data
// directory, and every message whose chat:send was acked `ok` must be in the
// room's history. Repeats for N rounds on the same data directory and reports
// acked vs persisted per round; exits 1 if any acked message was lost.
//
//   bench/chat-fault/run.sh [--rounds 5] [--users 5] [--rate 20] [--json]
//
// --rate is each user's messages per second, which is also the chat's
// configured limit (rateLimitMessages per 1 s window), so users chat exactly
// at the rate limit. Needs build/bin/sockstream (or SOCKSTREAM_BUILD_DIR) and
// tests/node_modules (cd tests && npm ci). Everything runs on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startServer, shippedPlugins, CookieJar, sleep } from '../../tests/integration/lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../tests/package.json'));
const { io } = require('socket.io-client');

function serverOptions(dataDir, rate, httpPort) {
  return {
    dataDir,
    httpPort,
    plugins: shippedPlugins().filter((p) => ['auth-password', 'chat'].includes(p.name)),
    configure(config) {
      config.plugins.find((p) => p.name === 'chat').config = {
        rateLimitMessages: rate, rateLimitWindowSeconds: 1, historySize: 1000,
      };
      // Every user signs up from 127.0.0.1.
      config.plugins.find((p) => p.name === 'auth-password').config = { rateLimit: { enabled: false } };
      config.rooms = { ...(config.rooms || {}), maxRoomsPerUser: 1000 };
    },
  };
}

async function signUp(server, name) {
  const jar = new CookieJar();
  const res = await server.postJson(jar, '/api/auth/sign-up/email',
    { name, email: `${name}-${Date.now()}@example.test`, password: 'correct horse battery staple' });
  if (!res.ok) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
  return { name, cookie: jar.header() };
}

async function createRoom(server, user, title) {
  const res = await server.fetch('/api/rooms', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: user.cookie },
    body: JSON.stringify({ channelId: 'gaming', title }),
  });
  const body = await res.text();
  if (res.status !== 201) throw new Error(`room creation answered ${res.status}: ${body}`);
  return JSON.parse(body).room;
}

function connectSocket(server, user) {
  const socket = io(`${server.baseUrl}/gaming`, {
    transports: ['websocket'], extraHeaders: user ? { cookie: user.cookie } : {},
    reconnection: false, timeout: 5000, forceNew: true,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.close(); reject(new Error('no connect within 5 s')); }, 5000);
    socket.once('connect', () => { clearTimeout(timer); resolve(socket); });
    socket.once('connect_error', (e) => { clearTimeout(timer); socket.close(); reject(e); });
  });
}

const call = (socket, event, arg) => socket.timeout(5000).emitWithAck(event, arg);

/** One round on `server`: chat, kill -9, restart, read the history. Returns the restarted server and the figures. */
async function round(server, users, { rate, options, index, log }) {
  const owner = await signUp(server, `owner${index}`);
  const room = await createRoom(server, owner, `fault round ${index}`);
  const sockets = [];
  for (const user of users) {
    const socket = await connectSocket(server, user);
    const joined = await call(socket, 'room:join', { roomId: room.id });
    if (joined.error) throw new Error(`room:join: ${joined.error.message}`);
    sockets.push(socket);
  }
  const acked = new Set();
  const counts = { sent: 0, acked: 0, refused: 0, unanswered: 0 };
  const answers = [];
  let sending = true;
  const interval = Math.ceil(1000 / rate) + 2;  // at the limit, with room for timer jitter
  const loops = sockets.map(async (socket, u) => {
    for (let i = 0; sending && i < 100000; i++) {
      counts.sent++;
      answers.push(call(socket, 'chat:send', { roomId: room.id, text: `r${index} u${u} m${i}` }).then(
        (ack) => { if (ack?.ok) { counts.acked++; acked.add(ack.id); } else counts.refused++; },
        () => { counts.unanswered++; }));
      await sleep(interval);
    }
  });
  const killAfter = 1000 + Math.floor(Math.random() * 1000);
  await sleep(killAfter);
  process.kill(server.pid, 'SIGKILL');
  const exit = await server.exited;
  sending = false;
  await Promise.all(loops);
  await Promise.all(answers);
  for (const s of sockets) s.close();

  const restarted = await startServer({ ...options, httpPort: server.httpPort });
  const reader = await connectSocket(restarted);
  const { history, error } = await call(reader, 'room:join', { roomId: room.id });
  reader.close();
  if (error) throw new Error(`room:join after the restart: ${error.message}`);
  const persisted = new Set(history.map((m) => m.id));
  const lost = [...acked].filter((id) => !persisted.has(id));
  const result = {
    round: index, killedAfterMs: killAfter, signal: exit.signal, ...counts,
    persisted: persisted.size, lost: lost.length,
    persistedNotAcked: [...persisted].filter((id) => !acked.has(id)).length,
  };
  log(`round ${index}: killed after ${killAfter} ms; sent ${counts.sent}, acked ${counts.acked}, ` +
      `persisted ${result.persisted}, lost ${result.lost} (unanswered at the kill ${counts.unanswered}, ` +
      `persisted but not acked ${result.persistedNotAcked}, refused ${counts.refused})`);
  return { server: restarted, result };
}

/** Runs the rounds; returns { rounds: [...], acked, lost }. The data directory is removed at the end. */
export async function runChatFault({ rounds = 5, users: userCount = 5, rate = 20, log = () => {} } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sockstream-chat-fault-'));
  const options = serverOptions(dataDir, rate);
  let server;
  const results = [];
  try {
    server = await startServer(options);
    const users = [];
    for (let u = 0; u < userCount; u++) users.push(await signUp(server, `chatter${u}`));
    for (let r = 1; r <= rounds; r++) {
      const next = await round(server, users, { rate, options, index: r, log });
      server = next.server;
      results.push(next.result);
    }
  } finally {
    if (server) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    rounds: results,
    acked: results.reduce((n, r) => n + r.acked, 0),
    lost: results.reduce((n, r) => n + r.lost, 0),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const option = (name, fallback) => {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const summary = await runChatFault({
    rounds: option('rounds', 5), users: option('users', 5), rate: option('rate', 20), log: (line) => console.log(line),
  });
  console.log(`total: acked ${summary.acked}, lost ${summary.lost} over ${summary.rounds.length} round(s)`);
  if (process.argv.includes('--json')) console.log(JSON.stringify(summary));
  process.exit(summary.lost === 0 ? 0 : 1);
}
