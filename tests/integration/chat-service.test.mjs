// ChatService for plugin authors, through the example bot (examples/chat-bot,
// built in-tree as libsockstream-chat-bot.so) and the official
// socket.io-client: a plugin's namespace with the CONNECT auth and the
// signed-in user in its hook, connect and event middleware, emits with several
// arguments to a socket / a room / the namespace, binary both ways (WebSocket
// and long-polling), acks both ways, a server-side disconnect, "/" served by a
// plugin, and the bot's !uptime command in a room offline and live (ffmpeg).
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { buildDir, startServer, shippedPlugins, waitFor } from './lib/server.mjs';
import { useChatServer, signUp, connect, connected, call, once } from './lib/chat.mjs';
import { roomWithKey, roomLive, run } from './lib/publishing.mjs';

const botLibrary = path.join(buildDir, 'lib', 'sockstream', 'libsockstream-chat-bot.so');
if (!existsSync(botLibrary)) throw new Error(`${botLibrary} is missing: build the sockstream-chat-bot target`);

const TOKEN = 'let-me-in';
const botPlugin = (config = {}) => ({
  name: 'chat-bot', library: 'chat-bot', enabled: true, dependencies: ['chat'],
  config: { token: TOKEN, askTimeoutMs: 500, ...config },
});

const harness = useChatServer({
  pluginNames: ['auth-password', 'chat', 'rtmp'],
  configure: (config) => { config.plugins.push(botPlugin()); },
});

/** A socket to the bot's namespace that records every event with all its arguments. */
function botSocket({ auth = { token: TOKEN }, nsp = '/bot', ...options } = {}) {
  const socket = connect(harness.server, harness.sockets, { nsp, auth, ...options });
  socket.all = [];
  socket.onAny((event, ...args) => socket.all.push({ event, args }));
  return socket;
}

/** Emits with an ack callback and resolves with all the ack's arguments. */
function emitAck(socket, event, ...args) {
  return new Promise((resolve, reject) => {
    socket.timeout(5000).emit(event, ...args, (err, ...answer) => (err ? reject(err) : resolve(answer)));
  });
}

const eventsNamed = (socket, name) => socket.all.filter((e) => e.event === name);
const bytes = (value) => [...new Uint8Array(value)];

describe('a plugin namespace', () => {
  test('the connect hook sees the CONNECT auth payload and the signed-in user of the session cookie', async () => {
    const user = await signUp(harness.server, 'botfriend');
    const socket = botSocket({ auth: { token: TOKEN, room: 'lobby', n: 7 }, cookie: user.cookie });
    await connected(socket);
    await waitFor(() => eventsNamed(socket, 'welcome').length, { what: 'welcome' });
    const [welcome] = eventsNamed(socket, 'welcome')[0].args;
    assert.equal(welcome.socketId, socket.id, 'the hook has the socket id the client sees');
    assert.deepEqual(welcome.auth, { token: TOKEN, room: 'lobby', n: 7 });
    assert.equal(welcome.user.name, 'botfriend');

    const anonymous = botSocket();
    await connected(anonymous);
    await waitFor(() => eventsNamed(anonymous, 'welcome').length, { what: 'welcome' });
    assert.equal(eventsNamed(anonymous, 'welcome')[0].args[0].user, null, 'no cookie, no user');
  });

  test('connect middleware refuses: the client gets connect_error with the message and data', async () => {
    const socket = botSocket({ auth: { token: 'wrong' } });
    const error = await once(socket, 'connect_error');
    assert.equal(error.message, 'invalid token');
    assert.deepEqual(error.data, { code: 'bad_token' });
    assert.equal(socket.connected, false);
  });

  test('the chat\'s channel namespaces go on working beside it', async () => {
    const chat = await connected(connect(harness.server, harness.sockets, { nsp: '/gaming' }));
    const answer = await call(chat, 'room:join', { roomId: 'no-such-room' });
    assert.equal(answer.error.code, 'room_not_found');
  });

  test('event middleware refuses an event: its ack is an error, the socket stays', async () => {
    const socket = await connected(botSocket());
    const [answer] = await emitAck(socket, 'forbidden', 1);
    assert.deepEqual(answer, { error: { code: 'refused', message: 'this event is not allowed' } });
    assert.deepEqual(await emitAck(socket, 'echo', 'still', 'here'), ['still', 'here']);
  });

  for (const transports of [['websocket'], ['polling']]) {
    test(`binary both ways with several arguments and acks (${transports[0]})`, async () => {
      const socket = await connected(botSocket({ transports }));
      // Client -> server BINARY_EVENT with two attachments (one nested); the ack
      // comes back as a BINARY_ACK with the same arguments.
      const answer = await emitAck(socket, 'echo', Buffer.from([1, 2, 3]), { nested: Buffer.from([255, 0]), n: 1 }, 'text', 42);
      assert.equal(answer.length, 4);
      assert.deepEqual(bytes(answer[0]), [1, 2, 3]);
      assert.deepEqual(bytes(answer[1].nested), [255, 0]);
      assert.equal(answer[1].n, 1);
      assert.deepEqual(answer.slice(2), ['text', 42]);

      // Server -> client BINARY_EVENT to this socket.
      await emitAck(socket, 'to-me', 'a', Buffer.from('bytes'), { b: [Buffer.from([7])] });
      await waitFor(() => eventsNamed(socket, 'direct').length, { what: 'direct' });
      const [a, raw, nested] = eventsNamed(socket, 'direct')[0].args;
      assert.equal(a, 'a');
      assert.equal(Buffer.from(raw).toString(), 'bytes');
      assert.deepEqual(bytes(nested.b[0]), [7]);
    });
  }

  test('emits with several arguments reach a room of the namespace, and the whole namespace', async () => {
    const [first, second, outsider] = await Promise.all([botSocket(), botSocket(), botSocket()].map(connected));
    assert.deepEqual(await emitAck(first, 'join', 'r1'), ['joined', 'r1']);
    assert.deepEqual(await emitAck(second, 'join', 'r1'), ['joined', 'r1']);
    assert.deepEqual(await emitAck(first, 'to-room', 'r1', 'hello', { x: 1 }, Buffer.from([5])), ['sent']);
    for (const socket of [first, second]) {
      await waitFor(() => eventsNamed(socket, 'room-message').length, { what: 'room-message' });
      const [hello, object, binary] = eventsNamed(socket, 'room-message')[0].args;
      assert.equal(hello, 'hello');
      assert.deepEqual(object, { x: 1 });
      assert.deepEqual(bytes(binary), [5]);
    }
    // To the namespace: everyone, the outsider too. It was sent after the room
    // message, so by now the outsider would have that one if it had been sent to it.
    assert.deepEqual(await emitAck(first, 'to-all', 'everyone', 2), ['sent']);
    for (const socket of [first, second, outsider]) {
      await waitFor(() => eventsNamed(socket, 'broadcast').length, { what: 'broadcast' });
      assert.deepEqual(eventsNamed(socket, 'broadcast')[0].args, ['everyone', 2]);
    }
    assert.equal(eventsNamed(outsider, 'room-message').length, 0, 'not in the room, not told');

    // After leaving, the room's emits pass it by.
    assert.deepEqual(await emitAck(second, 'leave', 'r1'), ['left', 'r1']);
    await emitAck(first, 'to-room', 'r1', 'again');
    await emitAck(first, 'to-all', 'marker');
    await waitFor(() => eventsNamed(second, 'broadcast').length === 2, { what: 'the second broadcast' });
    assert.equal(eventsNamed(second, 'room-message').length, 1);
    await waitFor(() => eventsNamed(first, 'room-message').length === 2, { what: 'the second room message' });
  });

  test('the server asks the client with an ack and gets several arguments back, binary included; no answer times out', async () => {
    const socket = await connected(botSocket());
    socket.on('question', (q, n, callback) => callback(`re: ${q}`, n + 1, Buffer.from([1, 1]), { ok: true }));
    assert.deepEqual(await emitAck(socket, 'ask', 'why', 1), ['asked']);
    await waitFor(() => eventsNamed(socket, 'answer').length, { what: 'answer' });
    const [text, number, binary, object] = eventsNamed(socket, 'answer')[0].args;
    assert.equal(text, 're: why');
    assert.equal(number, 2);
    assert.deepEqual(bytes(binary), [1, 1]);
    assert.deepEqual(object, { ok: true });

    const silent = await connected(botSocket());  // no 'question' listener: never acks
    assert.deepEqual(await emitAck(silent, 'ask', 'anyone?'), ['asked']);
    await waitFor(() => eventsNamed(silent, 'no-answer').length, { what: 'no-answer after the 500 ms timeout' });
    assert.deepEqual(eventsNamed(silent, 'no-answer')[0].args, ['timeout']);
  });

  test('the plugin disconnects a socket: the client sees "io server disconnect"', async () => {
    const socket = await connected(botSocket());
    const disconnected = once(socket, 'disconnect');
    assert.deepEqual(await emitAck(socket, 'kick'), ['bye']);
    assert.equal(await disconnected, 'io server disconnect');
  });
});

describe('the !uptime command', () => {
  test('answers in the room that it is offline, then, while ffmpeg publishes, how long it has been live', async () => {
    const srv = harness.server;
    const host = await roomWithKey(srv);
    const viewer = await signUp(srv, 'uptimeasker');
    const chat = await connected(connect(srv, harness.sockets, { nsp: '/gaming', cookie: viewer.cookie }));
    await call(chat, 'room:join', { roomId: host.roomId });
    const botSays = (pattern) => chat.received.find((e) => e.event === 'chat:message' && e.arg.user.name === 'UptimeBot' && pattern.test(e.arg.text));

    assert.equal((await call(chat, 'chat:send', { roomId: host.roomId, text: '!uptime' })).ok, true);
    await waitFor(() => botSays(/is offline\.$/), { what: 'the bot\'s offline answer' });
    const command = chat.received.findIndex((e) => e.event === 'chat:message' && e.arg.text === '!uptime');
    const answer = chat.received.findIndex((e) => e.event === 'chat:message' && e.arg.user.name === 'UptimeBot');
    assert.ok(command >= 0 && command < answer, 'the answer follows the command');

    const encoder = run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
      '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '64k', '-f', 'flv', `${srv.rtmpUrl}/${host.streamKey}`], { timeoutMs: 50000 });
    try {
      await waitFor(() => roomLive(srv, host.roomId), { timeoutMs: 15000, what: 'the room live' });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.equal((await call(chat, 'chat:send', { roomId: host.roomId, text: '  !uptime ' })).ok, true);
      const live = await waitFor(() => botSays(/has been live for \d+s\.$/), { what: 'the bot\'s live answer' });
      const seconds = Number(/for (\d+)s/.exec(live.arg.text)[1]);
      assert.ok(seconds >= 1 && seconds < 30, live.arg.text);
    } finally {
      await encoder.kill();
    }
  });
});

describe('a plugin serving "/"', () => {
  let server;
  after(async () => { if (server) { await server.stop(); server.cleanup(); } });

  test('the main namespace works for a plugin that registers it', async () => {
    server = await startServer({
      plugins: [...shippedPlugins().filter((p) => p.name === 'chat'), botPlugin({ namespace: '/', token: '' })],
    });
    const socket = connect(server, harness.sockets, { nsp: '/' });
    socket.all = [];
    socket.onAny((event, ...args) => socket.all.push({ event, args }));
    await connected(socket);
    assert.deepEqual(await emitAck(socket, 'echo', 1, Buffer.from([2])).then((a) => [a[0], bytes(a[1])]), [1, [2]]);
    await waitFor(() => eventsNamed(socket, 'welcome').length, { what: 'welcome' });
    assert.deepEqual(eventsNamed(socket, 'welcome')[0].args[0].auth, {});
  });
});
