// A throwaway PostgreSQL server from Debian's postgresql package, on a free
// loopback port, stopped by its PID. Used by the tests that share a database
// between servers (postgres.test.mjs, cluster.test.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort, waitFor } from './server.mjs';

/** The newest PostgreSQL installed by Debian's postgresql package. */
function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  assert.ok(versions.length > 0, `no PostgreSQL under ${root}: apt-get install postgresql (scripts/deps/apt-postgres.txt)`);
  versions.sort((a, b) => Number(b) - Number(a));
  return path.join(root, versions[0], 'bin');
}

/** A throwaway PostgreSQL cluster owned by the `postgres` user (root may not run it). */
export class PostgresServer {
  static async start() {
    const pg = new PostgresServer();
    pg.bin = postgresBinDir();
    pg.dir = mkdtempSync(path.join(tmpdir(), 'sockstream-pg-'));
    pg.port = await freePort();
    pg.asRoot = process.getuid() === 0;
    if (pg.asRoot) {
      const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      assert.ok(uid > 0, 'no postgres user: it comes with the postgresql package');
      chownSync(pg.dir, uid, gid);
    }
    pg.run('initdb', ['-D', pg.dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256',
      '--no-sync', '-E', 'UTF8', '--locale=C']);
    pg.run('pg_ctl', ['-D', pg.dataDir, '-l', path.join(pg.dir, 'server.log'), '-w', '-t', '30',
      '-o', `-k ${pg.dir} -p ${pg.port} -h 127.0.0.1 -c fsync=off -c max_connections=200`, 'start'], 60000);
    pg.pid = Number(readFileSync(path.join(pg.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    assert.ok(pg.pid > 0, 'postmaster.pid names no process');
    return pg;
  }

  get dataDir() { return path.join(this.dir, 'data'); }

  run(tool, args, timeout = 30000) {
    const command = this.asRoot ? 'runuser' : path.join(this.bin, tool);
    const argv = this.asRoot ? ['-u', 'postgres', '--', path.join(this.bin, tool), ...args] : args;
    const result = spawnSync(command, argv, { encoding: 'utf8', timeout, cwd: this.dir });
    assert.equal(result.status, 0, `${tool} ${args.join(' ')} failed: ${result.error || ''}${result.stdout}${result.stderr}`);
    return result.stdout;
  }

  /** Rows of a query as arrays of text, through the Unix socket as the superuser. */
  query(database, sql) {
    const result = spawnSync(path.join(this.bin, 'psql'),
      ['-h', this.dir, '-p', String(this.port), '-U', 'postgres', '-d', database, '-At', '-F', '\t',
        '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8', timeout: 30000 });
    assert.equal(result.status, 0, `psql ${sql}: ${result.stderr}`);
    return result.stdout.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
  }

  /** Creates a role and a database it owns; returns the URL a server connects with. */
  createDatabase(name, role = 'sockstream', password = 'sockstream-test-password') {
    if (this.query('postgres', `SELECT 1 FROM pg_roles WHERE rolname = '${role}'`).length === 0)
      this.query('postgres', `CREATE ROLE ${role} LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
    this.query('postgres', `CREATE DATABASE ${name} OWNER ${role}`);
    return `postgresql://${role}:${encodeURIComponent(password)}@127.0.0.1:${this.port}/${name}`;
  }

  async stop() {
    if (!this.pid) return;
    try { process.kill(this.pid, 'SIGINT'); } catch { /* already gone */ }  // SIGINT: fast shutdown
    const gone = async () => { try { process.kill(this.pid, 0); return false; } catch { return true; } };
    try {
      await waitFor(gone, { timeoutMs: 15000, what: 'PostgreSQL to stop' });
    } catch {
      try { process.kill(this.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    this.pid = 0;
  }

  cleanup() { rmSync(this.dir, { recursive: true, force: true }); }
}

