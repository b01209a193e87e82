// What the chat's integration tests share: a server with the chat plugin
// started before the file's tests and stopped after them (with every socket
// a test opened), signed-up users, rooms, and socket.io-client connections.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { io } from 'socket.io-client';
import { startServer, shippedPlugins, CookieJar } from './server.mjs';

/**
 * Starts one server for the test file: the shipped plugins named in
 * `pluginNames`, the chat's `chatConfig`, auth-password without its rate
 * limit (the tests sign up many users from one address), and `configure` for
 * anything else. Returns { server, sockets, plugins, configure }; `server` is
 * set once the server answers, and handed to `started` (node:test runs a
 * file's top-level before hooks concurrently: take the server from there, not
 * from another hook).
 */
export function useChatServer({ pluginNames = ['auth-password', 'chat'], chatConfig = {}, configure: extra, started } = {}) {
  const plugins = () => shippedPlugins().filter((p) => pluginNames.includes(p.name));
  const configure = (config) => {
    config.plugins.find((p) => p.name === 'chat').config = { ...chatConfig };
    const auth = config.plugins.find((p) => p.name === 'auth-password');
    if (auth) auth.config = { rateLimit: { enabled: false } };
    if (extra) extra(config);
  };
  const harness = { server: undefined, sockets: new Set(), plugins, configure };
  before(async () => {
    harness.server = await startServer({ plugins: plugins(), configure });
    if (started) started(harness.server);
  });
  after(async () => {
    for (const s of harness.sockets) s.close();
    if (harness.server) { await harness.server.stop(); harness.server.cleanup(); }
  });
  return harness;
}

let userCount = 0;

/** A new user signed up (and so signed in) on `srv`: { name, jar, cookie }. */
export async function signUp(srv, name = `user${userCount + 1}`) {
  userCount += 1;
  const jar = new CookieJar();
  const res = await srv.postJson(jar, '/api/auth/sign-up/email', {
    name, email: `${name}-${process.pid}-${userCount}-${Date.now()}@example.test`, password: 'correct horse battery staple',
  });
  assert.ok(res.ok, `sign-up answered ${res.status}: ${await res.text()}`);
  return { name, jar, cookie: jar.header() };
}

/** A room of `user` in the gaming channel, as the REST API answers it. */
export async function createRoom(srv, user, title = 'A room') {
  const res = await srv.fetch('/api/rooms', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: srv.publicUrl, cookie: user.cookie },
    body: JSON.stringify({ channelId: 'gaming', title }),
  });
  const body = await res.text();
  assert.equal(res.status, 201, `room creation answered ${res.status}: ${body}`);
  return JSON.parse(body).room;
}

/**
 * A socket.io-client socket to `nsp` on `srv`, added to `sockets` (closed
 * after the file). `socket.received` lists every event it got, in order.
 */
export function connect(srv, sockets, { nsp = '/gaming', cookie, headers = {}, transports = ['polling', 'websocket'],
  reconnection = false, ...options } = {}) {
  const socket = io(`${srv.baseUrl}${nsp}`, {
    transports,
    extraHeaders: { ...headers, ...(cookie ? { cookie } : {}) },
    reconnection,
    reconnectionDelay: 100,
    timeout: 5000,
    forceNew: true,
    ...options,
  });
  socket.received = [];
  socket.onAny((event, arg) => socket.received.push({ event, arg }));
  sockets.add(socket);
  return socket;
}

/** The next `event` of an emitter (a socket, its manager or engine), or a rejection after `timeoutMs`. */
export function once(emitter, event, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    emitter.once(event, (value) => { clearTimeout(timer); resolve(value); });
  });
}

/** Emits with an acknowledgement; its answer (or a rejection after 5 s). */
export const call = (socket, event, arg) => socket.timeout(5000).emitWithAck(event, arg);

/** The socket once connected; connect_error rejects. */
export async function connected(socket) {
  if (socket.connected) return socket;
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** The texts the chat stored for a room, read from the server's SQLite file. */
export function storedTexts(srv, roomId) {
  assert.match(roomId, /^[A-Za-z0-9_-]+$/);
  const out = execFileSync('sqlite3', [path.join(srv.dataDir, 'sockstream.db'),
    `SELECT text FROM chat_messages WHERE room_id = '${roomId}'`], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}
