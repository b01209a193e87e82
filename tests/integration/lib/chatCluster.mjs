// Two chat servers clustered for a test file: one PostgreSQL, one Redis, the
// servers "a" and "b" with auth-password (no rate limit), the chat (with
// `chatConfig` when given) and any `extraPlugins`, started before the file's
// tests and stopped (with every socket in `sockets`) after them.
import { before, after } from 'node:test';

import { startServer, freePort, shippedPlugins } from './server.mjs';
import { PostgresServer } from './postgres.mjs';
import { RedisServer } from './redis.mjs';

/**
 * Returns { serverA, serverB, sockets } (servers set once started).
 * `databaseName`: the PostgreSQL database's name; `chatConfig`: replaces the
 * chat plugin's shipped config; `extraPlugins`: plugin entries added to the list.
 */
export function useChatCluster({ databaseName, secrets, chatConfig, extraPlugins = [] }) {
  const cluster = { serverA: undefined, serverB: undefined, sockets: new Set() };
  let pg;
  let redis;
  const startOne = async (serverId, databaseUrl) => {
    const httpPort = await freePort();
    return startServer({
      httpPort,
      env: secrets,
      plugins: [...shippedPlugins().filter((p) => ['auth-password', 'chat'].includes(p.name)), ...extraPlugins],
      configure: (config) => {
        config.plugins.find((p) => p.name === 'auth-password').config = { rateLimit: { enabled: false } };
        if (chatConfig) config.plugins.find((p) => p.name === 'chat').config = { ...chatConfig };
        config.database = { driver: 'postgresql', url: databaseUrl, poolSize: 4 };
        config.cluster = { redisUrl: redis.url, serverId, advertiseUrl: `http://127.0.0.1:${httpPort}` };
      },
    });
  };
  before(async () => {
    pg = await PostgresServer.start();
    redis = await RedisServer.start();
    const url = pg.createDatabase(databaseName);
    cluster.serverA = await startOne('a', url);
    cluster.serverB = await startOne('b', url);
  });
  after(async () => {
    for (const s of cluster.sockets) s.close();
    for (const server of [cluster.serverA, cluster.serverB]) if (server) { await server.stop(); server.cleanup(); }
    if (redis) { await redis.stop(); redis.cleanup(); }
    if (pg) { await pg.stop(); pg.cleanup(); }
  });
  return cluster;
}
