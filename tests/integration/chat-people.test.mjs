// Issue 19, the server side of chat that "feels finished", against the real
// server binary with the official socket.io-client:
// - signing out (in another tab, over HTTP) stops chat sending at once: the
//   other tab is told at once (`auth:signed-out`), its next chat:send is
//   refused with `signed_out`, and nothing is stored under the signed-out user;
// - viewer counts count people: distinct signed-in users plus distinct
//   anonymous browsers, never the room's host, never a second tab;
// - the origin policy is the core's: a page opened at the server's own
//   address (its Host, e.g. by IP) gets WebSocket chat; a foreign origin gets
//   connect_error in words, and the operator one log line naming the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { waitFor, sleep } from './lib/server.mjs';
import { useChatServer, signUp as signUpOn, createRoom as createRoomOn, connect as connectTo, call, connected,
  storedTexts as storedTextsOf } from './lib/chat.mjs';

// The server, users, rooms and sockets come from the chat tests' shared helper.
const chat = useChatServer({ chatConfig: { eventLimitPerAddress: 100000 }, started: (s) => { server = s; } });
const { sockets } = chat;
let server;

let personCount = 0;
const signUp = (name = `person${++personCount}`) => signUpOn(server, name);
const createRoom = (user, title) => createRoomOn(server, user, title);
const connect = (options = {}) => connectTo(server, sockets, { transports: ['websocket'], ...options });
const storedTexts = (roomId) => storedTextsOf(server, roomId);

test('signing out in one tab tells the idle other tab at once and stops its chat', async () => {
  const user = await signUp();
  const room = await createRoom(user);
  const tab = await connected(connect({ cookie: user.cookie }));
  await call(tab, 'room:join', { roomId: room.id });
  assert.equal((await call(tab, 'chat:send', { roomId: room.id, text: 'before sign-out' })).ok, true);

  // The other tab signs out over HTTP with the same cookie.
  const signOut = await server.fetch('/api/auth/sign-out', {
    method: 'POST', headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: user.cookie }, body: '{}',
  });
  assert.equal(signOut.status, 200);
  assert.equal((await server.fetch('/api/auth/session', { headers: { cookie: user.cookie } })).status, 401);

  // The idle tab is told at once, before it sends anything (the core's
  // SignInSessionEnded, not a database read per message).
  await waitFor(() => tab.received.some((e) => e.event === 'auth:signed-out'), { timeoutMs: 2000, what: 'auth:signed-out' });
  const notice = tab.received.find((e) => e.event === 'auth:signed-out').arg;
  assert.equal(notice.reason, 'signed_out');
  assert.match(notice.message, /signed out/i);
  // Its next message is refused, saying why.
  const refused = await call(tab, 'chat:send', { roomId: room.id, text: 'after sign-out' });
  assert.equal(refused.error?.code, 'signed_out', JSON.stringify(refused));
  assert.match(refused.error.message, /signed out/i);
  // The connection stays, read-only, like an anonymous viewer's.
  assert.equal((await call(tab, 'chat:send', { roomId: room.id, text: 'still?' })).error?.code, 'unauthorized');
  assert.equal(tab.connected, true);
  await sleep(300);
  assert.deepEqual(storedTexts(room.id), ['before sign-out']);
  tab.close();
});

test('viewer counts count people: tabs of one user once, anonymous browsers once each, the host never', async () => {
  const host = await signUp('host');
  const fan = await signUp('fan');
  const room = await createRoom(host);
  const hostTab = await connected(connect({ cookie: host.cookie }));
  await call(hostTab, 'room:join', { roomId: room.id });
  const fanTabs = await Promise.all([0, 1].map(() => connected(connect({ cookie: fan.cookie }))));
  for (const tab of fanTabs) await call(tab, 'room:join', { roomId: room.id });
  const anonymous = await connected(connect());
  const joined = await call(anonymous, 'room:join', { roomId: room.id });
  assert.equal(joined.viewers, 2, 'the fan (two tabs) and the anonymous viewer; not the host');
  await waitFor(() => hostTab.received.findLast((e) => e.event === 'room:viewers')?.arg.count === 2,
    { what: 'room:viewers 2' });

  // An anonymous browser: its first (long-polling) handshake sets a viewer
  // cookie that all its tabs send; two tabs count once.
  const handshake = await server.fetch('/socket.io/?EIO=4&transport=polling');
  const viewerCookie = handshake.headers.getSetCookie().find((c) => c.startsWith('sockstream_viewer='));
  assert.ok(viewerCookie, 'the handshake sets a viewer cookie');
  assert.match(viewerCookie, /HttpOnly/i);
  const browserCookie = viewerCookie.split(';')[0];
  const browserTabs = await Promise.all([0, 1].map(() => connected(connect({ cookie: browserCookie }))));
  for (const tab of browserTabs) await call(tab, 'room:join', { roomId: room.id });
  await waitFor(() => hostTab.received.findLast((e) => e.event === 'room:viewers')?.arg.count === 3,
    { what: 'room:viewers 3' });
  await waitFor(async () => (await (await server.fetch(`/api/rooms/${room.id}`)).json()).room.viewers === 3,
    { what: 'the room list to count 3' });

  // One of the fan's tabs leaves: still one fan.
  fanTabs[0].close();
  await sleep(1500);
  assert.equal(hostTab.received.findLast((e) => e.event === 'room:viewers').arg.count, 3);
  fanTabs[1].close();
  await waitFor(() => hostTab.received.findLast((e) => e.event === 'room:viewers')?.arg.count === 2,
    { what: 'room:viewers 2 once the fan left' });
  for (const s of [hostTab, anonymous, ...browserTabs]) s.close();
});

test('a page opened at the server\'s own address gets WebSocket chat (the core\'s origin policy)', async () => {
  // As if the site were opened by another name than server.publicUrl (by IP,
  // say): the browser's Origin and Host agree, and that is our own page.
  const host = `localhost:${server.httpPort}`;
  const socket = await connected(connect({ headers: { origin: `http://${host}`, host } }));
  assert.equal(socket.io.engine.transport.name, 'websocket');
  socket.close();
});

test('a foreign origin is refused in words, and the operator is told once how to allow it', async () => {
  const origin = 'http://chat-elsewhere.example';
  // A page there: its handshake opens, its namespace CONNECT is refused with
  // words that socket.io-client hands to connect_error.
  const errors = [];
  for (let i = 0; i < 2; i++) {
    const socket = connect({ headers: { origin }, transports: ['polling'] });
    errors.push(await new Promise((resolve) => socket.once('connect_error', resolve)));
    socket.close();
  }
  for (const error of errors) {
    assert.match(error.message, /chat-elsewhere\.example/);
    assert.match(error.message, /allowedOrigins/);
    assert.equal(error.data?.code, 'origin_refused');
  }
  // A page whose polling passes (no Origin on same-origin GETs, as when a
  // proxy rewrites Host) but whose WebSocket upgrade is refused: it stays on
  // long-polling and is told why instead of silently.
  const proxied = io(`${server.baseUrl}/gaming`, {
    transports: ['polling', 'websocket'], reconnection: false, forceNew: true, timeout: 5000,
    transportOptions: { websocket: { extraHeaders: { origin } } },
  });
  sockets.add(proxied);
  const warning = new Promise((resolve) => proxied.on('connection:warning', resolve));
  await connected(proxied);
  const told = await Promise.race([warning, sleep(10000).then(() => null)]);
  assert.ok(told, 'connection:warning arrives');
  assert.equal(told.code, 'origin_refused');
  assert.match(told.message, /server\.publicUrl/);
  assert.equal(proxied.io.engine.transport.name, 'polling');
  proxied.close();

  await waitFor(() => server.output.includes(origin), { what: 'the log line' });
  const lines = server.output.split('\n').filter((l) => l.includes(origin));
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0], /server\.publicUrl/);
  assert.match(lines[0], /server\.allowedOrigins/);
});
