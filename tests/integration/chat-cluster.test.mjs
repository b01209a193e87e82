// A sign-out on one server of a cluster reaches the chat connections of that
// session on the other server at once: the core's SignInSessionEnded crosses
// the cluster (Redis) like the room events, and the chat needs no database
// read per message to notice it. Two real servers, one PostgreSQL, one Redis.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, freePort, waitFor, shippedPlugins } from './lib/server.mjs';
import { PostgresServer } from './lib/postgres.mjs';
import { RedisServer } from './lib/redis.mjs';
import { signUp, createRoom, connect, call, connected } from './lib/chat.mjs';

const secrets = {
  SOCKSTREAM_AUTH_SECRET: 'chat-cluster-auth-secret-0123456789abcdef',
  SOCKSTREAM_STREAM_KEY_SECRET: 'chat-cluster-stream-key-secret-012345678',
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
    plugins: shippedPlugins().filter((p) => ['auth-password', 'chat'].includes(p.name)),
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
  const url = pg.createDatabase('sockstream_chat_cluster');
  serverA = await startClusterServer('a', url);
  serverB = await startClusterServer('b', url);
});

after(async () => {
  for (const s of sockets) s.close();
  for (const server of [serverA, serverB]) if (server) { await server.stop(); server.cleanup(); }
  if (redis) { await redis.stop(); redis.cleanup(); }
  if (pg) { await pg.stop(); pg.cleanup(); }
});

test('signing out on server A tells the idle tab on server B at once and stops its chat there', async () => {
  const user = await signUp(serverA, 'clustered');
  const room = await createRoom(serverA, user);
  // The same browser (cookie) has a chat tab on B and another tab signs out on A.
  const tabOnB = await connected(connect(serverB, sockets, { cookie: user.cookie, transports: ['websocket'] }));
  await call(tabOnB, 'room:join', { roomId: room.id });
  assert.equal((await call(tabOnB, 'chat:send', { roomId: room.id, text: 'before' })).ok, true);

  const out = await serverA.postJson(user.jar, '/api/auth/sign-out', {});
  assert.equal(out.status, 200);
  await waitFor(() => tabOnB.received.some((e) => e.event === 'auth:signed-out'),
    { timeoutMs: 3000, what: 'auth:signed-out on server B' });
  assert.equal(tabOnB.received.find((e) => e.event === 'auth:signed-out').arg.reason, 'signed_out');
  const refused = await call(tabOnB, 'chat:send', { roomId: room.id, text: 'after' });
  assert.equal(refused.error?.code, 'signed_out', JSON.stringify(refused));
  assert.equal(tabOnB.connected, true, 'it stays, read-only');
  // Another user's tab on B is untouched.
  const other = await signUp(serverB, 'unaffected');
  const otherTab = await connected(connect(serverB, sockets, { cookie: other.cookie, transports: ['websocket'] }));
  await call(otherTab, 'room:join', { roomId: room.id });
  assert.equal((await call(otherTab, 'chat:send', { roomId: room.id, text: 'still here' })).ok, true);
  assert.ok(!otherTab.received.some((e) => e.event === 'auth:signed-out'));
});
