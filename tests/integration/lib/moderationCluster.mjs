// Two chat servers in a cluster for a test file: one PostgreSQL, one Redis,
// servers "a" and "b" with auth-password and the chat, started before the
// file's tests and stopped (with every socket the tests opened) after them.
import { before, after } from 'node:test';
import { startServer, freePort, shippedPlugins } from './server.mjs';
import { PostgresServer } from './postgres.mjs';
import { RedisServer } from './redis.mjs';

/**
 * Returns { serverA, serverB, sockets } (servers set once both answer).
 * `database`: the PostgreSQL database's name; `chatConfig`: the chat plugin's config.
 */
export function useChatCluster({ database, chatConfig = {}, secrets }) {
  const harness = { serverA: undefined, serverB: undefined, sockets: new Set() };
  let pg;
  let redis;
  const start = async (serverId, databaseUrl) => {
    const httpPort = await freePort();
    return startServer({
      httpPort,
      env: secrets,
      plugins: shippedPlugins().filter((p) => ['auth-password', 'chat'].includes(p.name)),
      configure: (config) => {
        config.plugins.find((p) => p.name === 'auth-password').config = { rateLimit: { enabled: false } };
        config.plugins.find((p) => p.name === 'chat').config = { ...chatConfig };
        config.database = { driver: 'postgresql', url: databaseUrl, poolSize: 4 };
        config.cluster = { redisUrl: redis.url, serverId, advertiseUrl: `http://127.0.0.1:${httpPort}` };
      },
    });
  };
  before(async () => {
    pg = await PostgresServer.start();
    redis = await RedisServer.start();
    const url = pg.createDatabase(database);
    harness.serverA = await start('a', url);
    harness.serverB = await start('b', url);
  });
  after(async () => {
    for (const s of harness.sockets) s.close();
    for (const server of [harness.serverA, harness.serverB]) if (server) { await server.stop(); server.cleanup(); }
    if (redis) { await redis.stop(); redis.cleanup(); }
    if (pg) { await pg.stop(); pg.cleanup(); }
  });
  return harness;
}
