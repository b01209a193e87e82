// ChatService across a cluster: an emit to a room of a plugin's namespace (and
// to the whole namespace) reaches the sockets on both servers, binary included.
// Two real servers with the example bot (examples/chat-bot), one PostgreSQL,
// one Redis, socket.io-client on each.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { waitFor } from './lib/server.mjs';
import { useChatCluster } from './lib/chatCluster.mjs';
import { connect, connected } from './lib/chat.mjs';

const cluster = useChatCluster({
  databaseName: 'sockstream_chat_service_cluster',
  secrets: {
    SOCKSTREAM_AUTH_SECRET: 'chat-service-cluster-auth-secret-0123456789',
    SOCKSTREAM_STREAM_KEY_SECRET: 'chat-service-cluster-stream-key-secret-0123',
  },
  extraPlugins: [{ name: 'chat-bot', library: 'chat-bot', enabled: true, dependencies: ['chat'], config: {} }],
});

function botSocket(server) {
  const socket = connect(server, cluster.sockets, { nsp: '/bot', transports: ['websocket'] });
  socket.all = [];
  socket.onAny((event, ...args) => socket.all.push({ event, args }));
  return socket;
}
const emitAck = (socket, event, ...args) => new Promise((resolve, reject) => {
  socket.timeout(5000).emit(event, ...args, (err, ...answer) => (err ? reject(err) : resolve(answer)));
});
const eventsNamed = (socket, name) => socket.all.filter((e) => e.event === name);

test('an emit to a room of a plugin namespace reaches its sockets on both servers; one to the namespace reaches all', async () => {
  const [onA, onB, outsiderB] = await Promise.all([botSocket(cluster.serverA), botSocket(cluster.serverB), botSocket(cluster.serverB)].map(connected));
  assert.deepEqual(await emitAck(onA, 'join', 'shared'), ['joined', 'shared']);
  assert.deepEqual(await emitAck(onB, 'join', 'shared'), ['joined', 'shared']);

  assert.deepEqual(await emitAck(onA, 'to-room', 'shared', 'from A', Buffer.from([1, 2]), { n: 3 }), ['sent']);
  for (const socket of [onA, onB]) {
    await waitFor(() => eventsNamed(socket, 'room-message').length, { timeoutMs: 5000, what: 'room-message' });
    const [text, binary, object] = eventsNamed(socket, 'room-message')[0].args;
    assert.equal(text, 'from A');
    assert.deepEqual([...new Uint8Array(binary)], [1, 2]);
    assert.deepEqual(object, { n: 3 });
  }

  assert.deepEqual(await emitAck(onB, 'to-all', 'from B'), ['sent']);
  for (const socket of [onA, onB, outsiderB]) {
    await waitFor(() => eventsNamed(socket, 'broadcast').length, { timeoutMs: 5000, what: 'broadcast' });
    assert.deepEqual(eventsNamed(socket, 'broadcast')[0].args, ['from B']);
  }
  assert.equal(eventsNamed(outsiderB, 'room-message').length, 0, 'not in the room on B, not told');
  assert.equal(eventsNamed(onA, 'room-message').length, 1, 'A\'s own emit is delivered once on A');
});
