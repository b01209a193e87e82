// PostgreSQL as the database: a real PostgreSQL server from Debian's packages
// on a free loopback port, the real sockstream binary with driver "postgresql",
// and the same behaviour as SQLite: migrations, sign-up/sign-in/session
// (auth-password), rooms across a restart, stream key minting, the chat,
// recordings and restream plugins' tables; then two
// servers on one database, which see the same users and sessions.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';

import { startServer, freePort, waitFor, shippedPlugins, CookieJar } from './lib/server.mjs';
import { PostgresServer } from './lib/postgres.mjs';

const STREAM_KEY_SECRET = 'postgres-test-stream-key-secret-0123456789';
const secrets = {
  SOCKSTREAM_AUTH_SECRET: 'postgres-test-auth-secret-0123456789abcdef',
  SOCKSTREAM_STREAM_KEY_SECRET: STREAM_KEY_SECRET,
};
const appPassword = 'p@ss:w/rd%42';  // needs percent-encoding in a URL
const goodPassword = 'violet anchor drizzle 42';

let pg;
const servers = new Set();
// Every (component, version) the core and the enabled plugins migrate, in
// PostgreSQL's ORDER BY component, version.
const MIGRATIONS = [['chat', '1'], ['chat', '2'], ['chat', '3'], ['chat-history', '1'], ['identity', '1'],
  ['recordings', '1'], ['restream', '1'], ['rooms', '1'], ['rooms', '2']];

function plugins() {
  return shippedPlugins().map((p) => {
    if (p.name === 'auth-password') return { ...p, enabled: true, config: { ...p.config, rateLimit: { enabled: false } } };
    // Every plugin with tables of its own, so their migrations and statements
    // meet PostgreSQL too.
    if (['chat', 'recordings', 'restream'].includes(p.name)) return { ...p, enabled: true };
    return { ...p, enabled: false };
  });
}

/** A server on `url` (or the env override alone when `viaEnvironment`). */
async function startOn(url, options = {}) {
  const server = await startServer({
    plugins: plugins(),
    env: { ...secrets, ...(options.viaEnvironment ? { SOCKSTREAM_DATABASE_URL: url } : {}) },
    configure: (config) => {
      if (!options.viaEnvironment) config.database = { driver: 'postgresql', url, poolSize: 8 };
    },
    ...options.server,
  });
  servers.add(server);
  return server;
}

async function stopServer(server) {
  await server.stop();
  server.cleanup();
  servers.delete(server);
}

async function postJson(server, pathname, body, cookie) {
  const response = await server.fetch(pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.publicUrl, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: response.status, json, text, response };
}

let counter = 0;
function newAccount(tag) {
  counter += 1;
  return { name: `${tag} ${counter}`, email: `${tag}-${process.pid}-${counter}@example.com`, password: goodPassword };
}

function cookieOf(response) {
  const jar = new CookieJar();
  jar.store(response);
  return jar.header();
}

async function signUp(server, account) {
  const result = await postJson(server, '/api/auth/sign-up/email', account);
  assert.equal(result.status, 200, `sign-up answered ${result.status}: ${result.text}`);
  return { user: result.json.user, cookie: cookieOf(result.response) };
}

async function signIn(server, account) {
  const result = await postJson(server, '/api/auth/sign-in/email', { email: account.email, password: account.password });
  assert.equal(result.status, 200, `sign-in answered ${result.status}: ${result.text}`);
  return { user: result.json.user, cookie: cookieOf(result.response) };
}

async function sessionUser(server, cookie) {
  const response = await server.fetch('/api/auth/session', { headers: { cookie } });
  if (response.status !== 200) return { status: response.status };
  return { status: 200, user: (await response.json()).user };
}

describe('PostgreSQL database', () => {
  let url;
  let serverA;
  let serverB;

  before(async () => {
    pg = await PostgresServer.start();
    url = pg.createDatabase('sockstream', 'sockstream', appPassword);
    serverA = await startOn(url);
    serverB = await startOn(url);
  });

  after(async () => {
    for (const server of [...servers]) await stopServer(server);
    if (pg) {
      await pg.stop();
      pg.cleanup();
    }
  });

  test('the same migrations apply on PostgreSQL, once, with no SQLite file', async () => {
    const applied = pg.query('sockstream', 'SELECT component, version FROM schema_migrations ORDER BY component, version');
    assert.deepEqual(applied, MIGRATIONS);
    const tables = pg.query('sockstream',
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name").flat();
    for (const table of ['accounts', 'chat_health', 'chat_messages', 'recording_segments', 'recording_settings', 'recordings',
      'restream_destinations', 'rooms', 'schema_migrations', 'sessions', 'stream_keys', 'users'])
      assert.ok(tables.includes(table), `${table} missing from ${tables}`);
    // Timestamps are milliseconds: BIGINT, not PostgreSQL's 32-bit INTEGER.
    const [[type]] = pg.query('sockstream',
      "SELECT data_type FROM information_schema.columns WHERE table_name = 'sessions' AND column_name = 'expires_at'");
    assert.equal(type, 'bigint');
    assert.ok(!existsSync(path.join(serverA.dataDir, 'sockstream.db')), 'no SQLite database beside PostgreSQL');
    assert.match(serverA.output, /database: PostgreSQL .*host=127\.0\.0\.1/);
    assert.ok(!serverA.output.includes(appPassword), 'the password never reaches the log');
  });

  test('sign-up, sign-in and the session work, and the rows are in PostgreSQL', async () => {
    const account = newAccount('ada');
    const created = await signUp(serverA, account);
    assert.equal(created.user.email, account.email);
    assert.equal((await sessionUser(serverA, created.cookie)).user.id, created.user.id);
    const signedIn = await signIn(serverA, account);
    assert.equal(signedIn.user.id, created.user.id);
    assert.notEqual(signedIn.cookie, created.cookie);
    assert.equal((await sessionUser(serverA, signedIn.cookie)).user.id, created.user.id);

    assert.deepEqual(pg.query('sockstream', `SELECT id, name FROM users WHERE email = '${account.email}'`),
      [[created.user.id, account.name]]);
    assert.deepEqual(pg.query('sockstream', `SELECT COUNT(*) FROM sessions WHERE user_id = '${created.user.id}'`), [['2']]);
    const wrong = await postJson(serverA, '/api/auth/sign-in/email', { email: account.email, password: 'not the password 1' });
    assert.equal(wrong.status, 401);

    const out = await postJson(serverA, '/api/auth/sign-out', {}, signedIn.cookie);
    assert.ok(out.status < 300, `sign-out answered ${out.status}`);
    assert.equal((await sessionUser(serverA, signedIn.cookie)).status, 401);
  });

  test('a user signed up on one server signs in on the other, and sessions travel', async () => {
    const account = newAccount('grace');
    const created = await signUp(serverA, account);
    assert.equal((await sessionUser(serverB, created.cookie)).user.id, created.user.id, "A's session is valid on B");
    const onB = await signIn(serverB, account);
    assert.equal(onB.user.id, created.user.id);
    assert.equal((await sessionUser(serverA, onB.cookie)).user.id, created.user.id, "B's session is valid on A");

    const again = await postJson(serverB, '/api/auth/sign-up/email', account);
    assert.equal(again.status, 409, `a second sign-up on B answered ${again.status}: ${again.text}`);
  });

  test('two servers racing to sign up one email: one wins, the other gets 409', async () => {
    for (let round = 0; round < 3; round += 1) {
      const account = newAccount('race');
      const results = await Promise.all([serverA, serverB].map((s) => postJson(s, '/api/auth/sign-up/email', account)));
      const statuses = results.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 409], results.map((r) => `${r.status} ${r.text}`).join('\n'));
      assert.deepEqual(pg.query('sockstream', `SELECT COUNT(*) FROM users WHERE email = '${account.email}'`), [['1']]);
    }
  });

  test('rooms and sessions persist across a restart, and the other server sees them', async () => {
    const owner = await signUp(serverA, newAccount('host'));
    const created = await postJson(serverA, '/api/rooms', { channelId: 'gaming', title: 'Postgres room' }, owner.cookie);
    assert.equal(created.status, 201, created.text);
    const roomId = created.json.room.id;
    const onB = await serverB.fetch(`/api/rooms/${roomId}`);
    assert.equal(onB.status, 200);
    assert.equal((await onB.json()).room.title, 'Postgres room');

    await stopServer(serverA);
    // A fresh data dir: whatever survives came from PostgreSQL.
    serverA = await startOn(url);
    const after = await serverA.fetch(`/api/rooms/${roomId}`);
    assert.equal(after.status, 200);
    const room = (await after.json()).room;
    assert.equal(room.title, 'Postgres room');
    assert.equal(room.channelId, 'gaming');
    const listed = await (await serverA.fetch('/api/channels/gaming/rooms')).json();
    assert.ok(JSON.stringify(listed).includes(roomId), 'the room is listed in its channel');
    assert.equal((await sessionUser(serverA, owner.cookie)).user.id, owner.user.id, 'the session survived');
    const applied = pg.query('sockstream', 'SELECT COUNT(*) FROM schema_migrations');
    assert.deepEqual(applied, [[String(MIGRATIONS.length)]], 'a restart applies nothing twice');
  });

  test('stream keys are minted into PostgreSQL and a new key revokes the old one', async () => {
    const owner = await signUp(serverB, newAccount('streamer'));
    const created = await postJson(serverB, '/api/rooms', { channelId: 'music', title: 'Keyed room' }, owner.cookie);
    assert.equal(created.status, 201, created.text);
    const roomId = created.json.room.id;
    const hashOf = (key) => createHmac('sha256', STREAM_KEY_SECRET).update(key).digest('hex');

    const first = await postJson(serverB, `/api/rooms/${roomId}/stream-key`, {}, owner.cookie);
    assert.ok(first.status < 300, first.text);
    assert.match(first.json.streamKey, /^live_/);
    assert.deepEqual(pg.query('sockstream', `SELECT room_id, state FROM stream_keys WHERE key_hash = '${hashOf(first.json.streamKey)}'`),
      [[roomId, 'active']]);

    // Minted on the other server: same table, same secret.
    const second = await postJson(serverA, `/api/rooms/${roomId}/stream-key`, {}, owner.cookie);
    assert.ok(second.status < 300, second.text);
    assert.notEqual(second.json.streamKey, first.json.streamKey);
    const states = Object.fromEntries(pg.query('sockstream', `SELECT key_hash, state FROM stream_keys WHERE room_id = '${roomId}'`));
    assert.deepEqual(states, { [hashOf(first.json.streamKey)]: 'revoked', [hashOf(second.json.streamKey)]: 'active' });
  });

  test('24 simultaneous creates by one user on two servers with a limit of 1 make exactly one room', async () => {
    const racer = await signUp(serverA, newAccount('racer'));
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) =>
      postJson(i % 2 ? serverA : serverB, '/api/rooms', { channelId: 'gaming', title: `Race ${i}` }, racer.cookie)));
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 201).length, 1, `answers: ${statuses.join(',')}`);
    assert.equal(statuses.filter((s) => s === 409).length, 23, `answers: ${statuses.join(',')}`);
    assert.deepEqual(pg.query('sockstream', `SELECT COUNT(*) FROM rooms WHERE owner_id = '${racer.user.id}'`), [['1']]);
  });

  test("a plugin's statements run on PostgreSQL: chat history written on A is read on B", async () => {
    const owner = await signUp(serverA, newAccount('chatter'));
    const created = await postJson(serverA, '/api/rooms', { channelId: 'gaming', title: 'Chat room' }, owner.cookie);
    assert.equal(created.status, 201, created.text);
    const roomId = created.json.room.id;
    const open = (server) => io(`${server.baseUrl}/gaming`, {
      transports: ['websocket'], extraHeaders: { cookie: owner.cookie }, reconnection: false, timeout: 5000, forceNew: true,
    });
    const call = (socket, event, arg) => socket.timeout(5000).emitWithAck(event, arg);
    const writer = open(serverA);
    const reader = open(serverB);
    try {
      assert.deepEqual((await call(writer, 'room:join', { roomId })).history, []);
      const sent = await call(writer, 'chat:send', { roomId, text: 'stored in postgres' });
      assert.equal(sent.ok, true, JSON.stringify(sent));
      await waitFor(() => pg.query('sockstream', `SELECT text FROM chat_messages WHERE id = '${sent.id}'`)[0]?.[0] === 'stored in postgres',
        { timeoutMs: 10000, what: 'the message row in PostgreSQL' });
      const { history } = await call(reader, 'room:join', { roomId });
      assert.deepEqual(history.map((m) => [m.id, m.text]), [[sent.id, 'stored in postgres']]);
    } finally {
      writer.close();
      reader.close();
    }
  });

  test("the recordings and restream plugins' statements run on PostgreSQL: written on A, read on B", async () => {
    const owner = await signUp(serverA, newAccount('recorder'));
    const created = await postJson(serverA, '/api/rooms', { channelId: 'music', title: 'Recorded room' }, owner.cookie);
    assert.equal(created.status, 201, created.text);
    const roomId = created.json.room.id;
    const headers = { 'content-type': 'application/json', origin: serverA.publicUrl, cookie: owner.cookie };

    const put = await serverA.fetch(`/api/rooms/${roomId}/recording-settings`,
      { method: 'PUT', headers, body: JSON.stringify({ enabled: false }) });
    assert.equal(put.status, 200, await put.text());
    const settings = await serverB.fetch(`/api/rooms/${roomId}/recording-settings`, { headers: { cookie: owner.cookie } });
    assert.equal(settings.status, 200);
    assert.equal((await settings.json()).enabled, false);
    assert.deepEqual(pg.query('sockstream', `SELECT enabled FROM recording_settings WHERE room_id = '${roomId}'`), [['0']]);
    const list = await serverB.fetch(`/api/rooms/${roomId}/recordings`, { headers: { cookie: owner.cookie } });
    assert.equal(list.status, 200);
    assert.deepEqual((await list.json()).recordings, []);

    const dest = await postJson(serverA, `/api/rooms/${roomId}/restream-destinations`,
      { name: 'Elsewhere', url: 'rtmp://127.0.0.1:1/live', key: 'abcdefghijklmnop', enabled: false }, owner.cookie);
    assert.equal(dest.status, 201, dest.text);
    const onB = await serverB.fetch(`/api/rooms/${roomId}/restream-destinations`, { headers: { cookie: owner.cookie } });
    assert.equal(onB.status, 200);
    const { destinations } = await onB.json();
    assert.deepEqual(destinations.map((d) => [d.id, d.name]), [[dest.json.destination.id, 'Elsewhere']]);
    assert.ok(!JSON.stringify(destinations).includes('abcdefghijklmnop'), 'the key is never shown whole');
  });

  test('SOCKSTREAM_DATABASE_URL selects PostgreSQL over the default SQLite', async () => {
    const account = newAccount('env');
    await signUp(serverB, account);
    const server = await startOn(url, { viaEnvironment: true });
    assert.equal((await signIn(server, account)).user.email, account.email);
    assert.ok(!existsSync(path.join(server.dataDir, 'sockstream.db')));
    await stopServer(server);
  });

  test('servers starting together on an empty database apply each migration once', async () => {
    const fresh = pg.createDatabase('fresh', 'sockstream', appPassword);
    const [one, two, three] = await Promise.all([startOn(fresh), startOn(fresh), startOn(fresh)]);
    const applied = pg.query('fresh', 'SELECT component, version, COUNT(*) FROM schema_migrations GROUP BY component, version ORDER BY component, version');
    assert.deepEqual(applied, MIGRATIONS.map((m) => [...m, '1']));
    const account = newAccount('fresh');
    await signUp(one, account);
    assert.equal((await signIn(three, account)).user.email, account.email);
    for (const server of [one, two, three]) await stopServer(server);
  });

  test('an unreachable PostgreSQL stops the start with the reason, never the password', async () => {
    const closedPort = await freePort();
    const server = await startServer({
      plugins: plugins(),
      env: secrets,
      expectExit: true,
      configure: (config) => {
        config.database = { driver: 'postgresql', url: `postgresql://sockstream:${encodeURIComponent(appPassword)}@127.0.0.1:${closedPort}/none?connect_timeout=3` };
      },
    });
    servers.add(server);
    const timer = setTimeout(() => server.stop('SIGKILL'), 20000);
    const { code } = await server.exited;
    clearTimeout(timer);
    assert.notEqual(code, 0);
    assert.match(server.output, /cannot open the PostgreSQL database/);
    assert.match(server.output, new RegExp(`port=${closedPort}`));
    assert.ok(!server.output.includes(appPassword) && !server.output.includes(encodeURIComponent(appPassword)),
      server.output);
    server.cleanup();
    servers.delete(server);
  });

  test('a PostgreSQL driver without a URL is a configuration error', async () => {
    const server = await startServer({
      plugins: plugins(), env: secrets, expectExit: true,
      configure: (config) => { config.database = { driver: 'postgresql' }; },
    });
    servers.add(server);
    const timer = setTimeout(() => server.stop('SIGKILL'), 20000);
    const { code } = await server.exited;
    clearTimeout(timer);
    assert.notEqual(code, 0);
    assert.match(server.output, /database\.url is required/);
    server.cleanup();
    servers.delete(server);
  });
});
