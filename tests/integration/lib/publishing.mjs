// What the RTMP tests share: a host with a room and stream keys minted through
// the real API, and child processes (encoders) stopped by PID.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';

import { CookieJar } from './server.mjs';

/** Signs up a fresh user, creates a room (with `mode` stream keys when given) and mints its stream key. */
export async function roomWithKey(server, { mode } = {}) {
  const jar = new CookieJar();
  const post = async (pathname, body) => {
    const res = await server.fetch(pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: jar.header() },
      body: JSON.stringify(body ?? {}),
    });
    jar.store(res);
    const text = await res.text();
    assert.ok(res.ok, `${pathname} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : {};
  };
  const id = crypto.randomBytes(6).toString('hex');
  await post('/api/auth/sign-up/email', { name: `Host ${id}`, email: `host-${id}@example.test`, password: `pw-${id}-long-enough` });
  const { room } = await post('/api/rooms', { channelId: 'gaming', title: `Room ${id}` });
  if (mode) {
    const res = await server.fetch(`/api/rooms/${room.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: jar.header() },
      body: JSON.stringify({ streamKeyMode: mode }),
    });
    assert.equal(res.status, 200, await res.text());
  }
  const { streamKey, ingest } = await post(`/api/rooms/${room.id}/stream-key`, {});
  assert.ok(streamKey && ingest.some((e) => e.protocol === 'rtmp'), 'the rtmp plugin declares its ingest');
  return { roomId: room.id, streamKey, jar, mintKey: async () => (await post(`/api/rooms/${room.id}/stream-key`, {})).streamKey };
}

export { run } from './processes.mjs';

/** What reached the media bus for a room, from the test-only media-probe plugin (null: nothing yet). */
export async function mediaProbe(server, roomId) {
  const res = await server.fetch(`/test/media/${roomId}`);
  if (res.status === 404) return null;
  assert.equal(res.status, 200);
  return res.json();
}

/** Whether the rooms API shows the room live. */
export async function roomLive(server, roomId) {
  const res = await server.fetch(`/api/rooms/${roomId}`);
  assert.equal(res.status, 200);
  return (await res.json()).room.live;
}

/** A UDP port nobody holds right now on 127.0.0.1 (for UDP ingests such as SRT). */
export async function freeUdpPort() {
  const { default: dgram } = await import('node:dgram');
  const socket = dgram.createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}
