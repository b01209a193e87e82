// ChatService across a cluster: an emit to a room of a plugin's namespace (and
// to the whole namespace) reaches the sockets on both servers, binary included.
// Two real servers with the example bot (examples/chat-bot), one PostgreSQL,
// one Redis, socket.io-client on each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, freePort, waitFor, shippedPlugins } from './lib/server.mjs';
import { PostgresServer } from './lib/postgres.mjs';
import { RedisServer } from './lib/redis.mjs';
import { connect, connected } from './lib/chat.mjs';

const secrets = {
  SOCKSTREAM_AUTH_SECRET: 'chat-service-cluster-auth-secret-0123456789',
  SOCKSTREAM_STREAM_KEY_SECRET: 'chat-service-cluster-stream-key-secret-0123',
};
let pg;
let redis;
let serverA;
let serverB;
const sockets = new Set();

async function startClusterServer(serverId, databaseUrl) {
  const httpPort = await freePort();
  return startServer({
    httpPort,
    env: secrets,
    plugins: [
      ...shippedPlugins().filter((p) => ['auth-password', 'chat'].includes(p.name)),
      { name: 'chat-bot', library: 'chat-bot', enabled: true, dependencies: ['chat'], config: {} },
    ],
    configure: (config) => {
      config.plugins.find((p) => p.name === 'auth-password').config = { rateLimit: { enabled: false } };
      config.database = { driver: 'postgresql', url: databaseUrl, poolSize: 4 };
      config.cluster = { redisUrl: redis.url, serverId, advertiseUrl: `http://127.0.0.1:${httpPort}` };
    },
  });
}

before(async () => {
  pg = await PostgresServer.start();
  redis = await RedisServer.start();
  const url = pg.createDatabase('sockstream_chat_service_cluster');
  serverA = await startClusterServer('a', url);
  serverB = await startClusterServer('b', url);
});

after(async () => {
  for (const s of sockets) s.close();
  for (const server of [serverA, serverB]) if (server) { await server.stop(); server.cleanup(); }
  if (redis) { await redis.stop(); redis.cleanup(); }
  if (pg) { await pg.stop(); pg.cleanup(); }
});

function botSocket(server) {
  const socket = connect(server, sockets, { nsp: '/bot', transports: ['websocket'] });
  socket.all = [];
  socket.onAny((event, ...args) => socket.all.push({ event, args }));
  return socket;
}
const emitAck = (socket, event, ...args) => new Promise((resolve, reject) => {
  socket.timeout(5000).emit(event, ...args, (err, ...answer) => (err ? reject(err) : resolve(answer)));
});
const eventsNamed = (socket, name) => socket.all.filter((e) => e.event === name);

test('an emit to a room of a plugin namespace reaches its sockets on both servers; one to the namespace reaches all', async () => {
  const [onA, onB, outsiderB] = await Promise.all([botSocket(serverA), botSocket(serverB), botSocket(serverB)].map(connected));
  assert.deepEqual(await emitAck(onA, 'join', 'shared'), ['joined', 'shared']);
  assert.deepEqual(await emitAck(onB, 'join', 'shared'), ['joined', 'shared']);

  assert.deepEqual(await emitAck(onA, 'to-room', 'shared', 'from A', Buffer.from([1, 2]), { n: 3 }), ['sent']);
  for (const socket of [onA, onB]) {
    await waitFor(() => eventsNamed(socket, 'room-message').length, { timeoutMs: 5000, what: 'room-message' });
    const [text, binary, object] = eventsNamed(socket, 'room-message')[0].args;
    assert.equal(text, 'from A');
    assert.deepEqual([...new Uint8Array(binary)], [1, 2]);
    assert.deepEqual(object, { n: 3 });
  }

  assert.deepEqual(await emitAck(onB, 'to-all', 'from B'), ['sent']);
  for (const socket of [onA, onB, outsiderB]) {
    await waitFor(() => eventsNamed(socket, 'broadcast').length, { timeoutMs: 5000, what: 'broadcast' });
    assert.deepEqual(eventsNamed(socket, 'broadcast')[0].args, ['from B']);
  }
  assert.equal(eventsNamed(outsiderB, 'room-message').length, 0, 'not in the room on B, not told');
  assert.equal(eventsNamed(onA, 'room-message').length, 1, 'A\'s own emit is delivered once on A');
});
