// A sign-out on one server of a cluster reaches the chat connections of that
// session on the other server at once: the core's SignInSessionEnded crosses
// the cluster (Redis) like the room events, and the chat needs no database
// read per message to notice it. Two real servers, one PostgreSQL, one Redis.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { waitFor } from './lib/server.mjs';
import { useChatCluster } from './lib/chatCluster.mjs';
import { signUp, createRoom, connect, call, connected } from './lib/chat.mjs';

const cluster = useChatCluster({
  database: 'sockstream_chat_cluster',
  secrets: {
    SOCKSTREAM_AUTH_SECRET: 'chat-cluster-auth-secret-0123456789abcdef',
    SOCKSTREAM_STREAM_KEY_SECRET: 'chat-cluster-stream-key-secret-012345678',
  },
});
const { sockets } = cluster;

test('signing out on server A tells the idle tab on server B at once and stops its chat there', async () => {
  const { serverA, serverB } = cluster;
  const user = await signUp(serverA, 'clustered');
  const room = await createRoom(serverA, user);
  // The same browser (cookie) has a chat tab on B and another tab signs out on A.
  const tabOnB = await connected(connect(serverB, sockets, { cookie: user.cookie, transports: ['websocket'] }));
  await call(tabOnB, 'room:join', { roomId: room.id });
  assert.equal((await call(tabOnB, 'chat:send', { roomId: room.id, text: 'before' })).ok, true);

  const out = await serverA.postJson(user.jar, '/api/auth/sign-out', {});
  assert.equal(out.status, 200);
  await waitFor(() => tabOnB.received.some((e) => e.event === 'auth:signed-out'),
    { timeoutMs: 3000, what: 'auth:signed-out on server B' });
  assert.equal(tabOnB.received.find((e) => e.event === 'auth:signed-out').arg.reason, 'signed_out');
  const refused = await call(tabOnB, 'chat:send', { roomId: room.id, text: 'after' });
  assert.equal(refused.error?.code, 'signed_out', JSON.stringify(refused));
  assert.equal(tabOnB.connected, true, 'it stays, read-only');
  // Another user's tab on B is untouched.
  const other = await signUp(serverB, 'unaffected');
  const otherTab = await connected(connect(serverB, sockets, { cookie: other.cookie, transports: ['websocket'] }));
  await call(otherTab, 'room:join', { roomId: room.id });
  assert.equal((await call(otherTab, 'chat:send', { roomId: room.id, text: 'still here' })).ok, true);
  assert.ok(!otherTab.received.some((e) => e.event === 'auth:signed-out'));
});
