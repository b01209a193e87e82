// room:join flood: anonymous sockets send room:join as fast as they are
// answered (and reconnect at once when closed) while two users chat; prints the other users' chat round-trip
// (chat:send to the other user's chat:message) and the joins answered, with
// the chat's event limits on (defaults) and off. The figures of issue 20's
// probe 7, before and after.
//
//   node bench/chat-fault/join-flood.mjs [--flooders 1,4] [--seconds 5] [--history 100]
//
// Needs build/bin/sockstream and tests/node_modules. Everything on 127.0.0.1.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startServer, shippedPlugins, CookieJar, sleep } from '../../tests/integration/lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../tests/package.json'));
const { io } = require('socket.io-client');

const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const FLOODERS = option('flooders', '0,1,4').split(',').map(Number);
const SECONDS = Number(option('seconds', '5'));
const HISTORY = Number(option('history', '100'));

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function connectSocket(server, user) {
  const socket = io(`${server.baseUrl}/gaming`, {
    transports: ['websocket'], extraHeaders: user ? { cookie: user.cookie } : {}, reconnection: false, forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
const call = (socket, event, arg) => socket.timeout(10000).emitWithAck(event, arg);

async function run(limits, flooders) {
  const server = await startServer({
    plugins: shippedPlugins().filter((p) => ['auth-password', 'chat'].includes(p.name)),
    configure(config) {
      config.plugins.find((p) => p.name === 'chat').config = {
        rateLimitMessages: 100000, rateLimitWindowSeconds: 1, historySize: HISTORY,
        ...(limits ? {} : { eventLimitPerSocket: 1000000, eventLimitPerAddress: 10000000 }),
      };
      config.plugins.find((p) => p.name === 'auth-password').config = { rateLimit: { enabled: false } };
    },
  });
  try {
    const jar = new CookieJar();
    await server.postJson(jar, '/api/auth/sign-up/email', { name: 'chatter', email: 'c@example.test', password: 'correct horse battery staple' });
    const user = { cookie: jar.header() };
    const res = await server.fetch('/api/rooms', {
      method: 'POST', headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: user.cookie },
      body: JSON.stringify({ channelId: 'gaming', title: 'flooded' }),
    });
    const room = (await res.json()).room;
    const sender = await connectSocket(server, user);
    const receiver = await connectSocket(server);
    await call(sender, 'room:join', { roomId: room.id });
    await call(receiver, 'room:join', { roomId: room.id });
    // A full history, so each join costs what it costs in a busy room.
    await Promise.all(Array.from({ length: HISTORY }, (_, i) => call(sender, 'chat:send', { roomId: room.id, text: `history line ${i} `.repeat(8) })));

    let flooding = true;
    const answered = { ok: 0, limited: 0 };
    const floodSockets = [];
    for (let f = 0; f < flooders; f++) floodSockets.push(await connectSocket(server));
    let reconnects = 0;
    const floods = floodSockets.map(async (first, f) => {
      let socket = first;
      while (flooding) {
        // Closed for ignoring its refusals: an attacker comes straight back.
        if (!socket.connected) {
          socket.close();
          socket = await connectSocket(server);
          floodSockets[f] = socket;
          reconnects++;
        }
        const acks = await Promise.all(Array.from({ length: 20 }, () => call(socket, 'room:join', { roomId: room.id }).catch(() => null)));
        for (const a of acks) { if (a?.history) answered.ok++; else if (a?.error) answered.limited++; }
      }
    });
    await sleep(500);
    const cpuBefore = cpuSeconds(server.pid);
    const started = Date.now();
    const pending = new Map();
    const rtts = [];
    receiver.on('chat:message', (m) => {
      const sentAt = pending.get(m.text);
      if (sentAt !== undefined) { rtts.push(Number(process.hrtime.bigint() - sentAt) / 1e6); pending.delete(m.text); }
    });
    for (let i = 0; Date.now() - started < SECONDS * 1000; i++) {
      const text = `ping ${i}`;
      pending.set(text, process.hrtime.bigint());
      sender.emit('chat:send', { roomId: room.id, text });
      await sleep(50);
    }
    await sleep(500);
    const cpu = (cpuSeconds(server.pid) - cpuBefore) / ((Date.now() - started) / 1000);
    flooding = false;
    await Promise.all(floods);
    for (const s of [sender, receiver, ...floodSockets]) s.close();
    rtts.sort((a, b) => a - b);
    const at = (q) => rtts[Math.min(rtts.length - 1, Math.floor(q * rtts.length))];
    const seconds = (Date.now() - started) / 1000;
    return {
      limits: limits ? 'on (defaults)' : 'off', flooders,
      joinsAnsweredPerSecond: Math.round(answered.ok / seconds), refusedPerSecond: Math.round(answered.limited / seconds),
      reconnectsPerSecond: Math.round(reconnects / seconds),
      serverCores: cpu.toFixed(2), rttMedianMs: at(0.5)?.toFixed(2), rttP99Ms: at(0.99)?.toFixed(2),
      rttMaxMs: rtts.at(-1)?.toFixed(2), messages: rtts.length,
    };
  } finally {
    await server.stop();
    server.cleanup();
  }
}

for (const flooders of FLOODERS) {
  for (const limits of [false, true]) {
    if (flooders === 0 && limits) continue;
    console.log(JSON.stringify(await run(limits, flooders)));
  }
}
