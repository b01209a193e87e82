// Heartbeat accuracy of the chat plugin (issue 25): N raw Engine.IO WebSocket
// connections that answer every ping at once; for each ping, how late it
// arrived against when the server owed it (pingInterval after the open
// packet, then pingInterval after the pong this client sent). Measured at the
// client, so the figure includes the loopback and this Node process's own
// event-loop delay: an upper bound on the server's lateness.
//   bench/chat/heartbeat.sh [--connections=10000] [--interval=2000] [--seconds=12]
// Needs build/bin/sockstream (or SOCKSTREAM_BUILD_DIR) with the chat plugin.
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startServer, shippedPlugins, sleep } from '../../tests/integration/lib/server.mjs';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tests/package.json'));
const WebSocket = require('ws');

const option = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const CONNECTIONS = option('connections', 10000);
const INTERVAL = option('interval', 2000);
const SECONDS = option('seconds', 12);

const server = await startServer({
  plugins: shippedPlugins().filter((p) => p.name === 'chat'),
  logLevel: 'warning',
  configure: (c) => {
    // The timeout is long: a late ping must be measured, not end the connection.
    c.plugins.find((p) => p.name === 'chat').config = { pingIntervalMs: INTERVAL, pingTimeoutMs: 20000, connectTimeoutMs: 600000 };
    c.server.limits = { ...(c.server.limits || {}), idleTimeoutSeconds: 600, exemptAddresses: ['127.0.0.1'] };
  },
});
console.error(`heartbeat: server pid ${server.pid}, ${CONNECTIONS} connections, pingInterval ${INTERVAL} ms`);

const lateness = [];
let measuring = false;
let closedEarly = 0;
const url = `${server.baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
function open() {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    let owedAt = 0;  // when the next ping is owed (performance.now() ms)
    socket.on('message', (data) => {
      const text = data.toString();
      const now = performance.now();
      if (text[0] === '0') { owedAt = now + INTERVAL; resolve(socket); return; }
      if (text === '2') {
        if (measuring) lateness.push(now - owedAt);
        socket.send('3');
        owedAt = performance.now() + INTERVAL;
      }
    });
    socket.on('close', () => { if (measuring) closedEarly++; });
    socket.once('error', reject);
  });
}

const sockets = [];
try {
  for (let i = 0; i < CONNECTIONS; i += 200) {
    const batch = [];
    for (let k = i; k < Math.min(CONNECTIONS, i + 200); k++) batch.push(open());
    sockets.push(...await Promise.all(batch));
  }
  // One full interval so every connection is past its first ping's scheduling.
  await sleep(INTERVAL);
  measuring = true;
  await sleep(SECONDS * 1000);
  measuring = false;
  lateness.sort((a, b) => a - b);
  const at = (p) => lateness[Math.min(lateness.length - 1, Math.floor(lateness.length * p))];
  const row = {
    connections: CONNECTIONS, intervalMs: INTERVAL, pings: lateness.length, closedEarly,
    p50: +at(0.5).toFixed(1), p99: +at(0.99).toFixed(1), max: +lateness.at(-1).toFixed(1), min: +lateness[0].toFixed(1),
  };
  console.log(JSON.stringify(row));
} finally {
  for (const s of sockets) s.terminate();
  await server.stop();
  server.cleanup();
}
