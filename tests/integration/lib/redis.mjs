// A throwaway Redis from Debian's redis-server package on a free loopback
// port: no persistence, stopped by its PID.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort, waitFor } from './server.mjs';

const redisServer = '/usr/bin/redis-server';
const redisCli = '/usr/bin/redis-cli';

export class RedisServer {
  static async start() {
    assert.ok(existsSync(redisServer), `no ${redisServer}: apt-get install redis-server (scripts/deps/apt-cluster.txt)`);
    const redis = new RedisServer();
    redis.dir = mkdtempSync(path.join(tmpdir(), 'sockstream-redis-'));
    redis.port = await freePort();
    redis.output = '';
    redis.child = spawn(redisServer, ['--port', String(redis.port), '--bind', '127.0.0.1', '--save', '',
      '--appendonly', 'no', '--dir', redis.dir, '--daemonize', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
    redis.child.stdout.on('data', (d) => { redis.output += d; });
    redis.child.stderr.on('data', (d) => { redis.output += d; });
    redis.pid = redis.child.pid;
    await waitFor(() => redis.cli('PING').trim() === 'PONG', { timeoutMs: 15000, what: 'Redis to answer PING' });
    return redis;
  }

  get url() { return `redis://127.0.0.1:${this.port}/0`; }

  /** One redis-cli command; its raw output. */
  cli(...args) {
    const result = spawnSync(redisCli, ['-h', '127.0.0.1', '-p', String(this.port), ...args],
      { encoding: 'utf8', timeout: 10000 });
    return result.status === 0 ? result.stdout : '';
  }

  async stop() {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => { try { process.kill(this.pid, 'SIGKILL'); } catch { /* gone */ } }, 10000);
    await exited;
    clearTimeout(timer);
  }

  cleanup() { rmSync(this.dir, { recursive: true, force: true }); }
}
