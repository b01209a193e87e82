// What the chat moderation tests share: a signed-up user with its id, the
// moderation HTTP API as a browser on the server's origin calls it, and a
// room that people have joined.
import assert from 'node:assert/strict';
import { CookieJar } from './server.mjs';
import { signUp, call, connect, connected } from './chat.mjs';

/** signUp() plus the user's id (from /api/auth/session). */
export async function member(srv, name) {
  const user = await signUp(srv, name);
  return withId(srv, user);
}

async function withId(srv, user) {
  const res = await srv.fetch('/api/auth/session', { headers: { cookie: user.cookie } });
  assert.equal(res.status, 200);
  const body = await res.json();
  return { ...user, id: body.user.id };
}

/** A user signed up with a chosen email (e.g. one in rooms.admins). */
export async function memberWithEmail(srv, name, email) {
  const jar = new CookieJar();
  const res = await srv.postJson(jar, '/api/auth/sign-up/email', { name, email, password: 'correct horse battery staple' });
  assert.ok(res.ok, `sign-up answered ${res.status}`);
  return withId(srv, { name, jar, cookie: jar.header() });
}

/** A JSON request as the web app sends it; { status, body }. */
export async function api(srv, user, method, pathname, body) {
  const headers = { origin: srv.publicUrl };
  if (user) headers.cookie = user.cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await srv.fetch(pathname, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A websocket socket.io-client of `user` (or anonymous) that joined `roomId`: { socket, joined }. */
export async function joinedSocket(srv, sockets, user, roomId) {
  const socket = await connected(connect(srv, sockets, { cookie: user?.cookie, transports: ['websocket'] }));
  const joined = await call(socket, 'room:join', { roomId });
  assert.ok(joined.room, JSON.stringify(joined));
  return { socket, joined };
}
