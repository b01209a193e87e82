// What the RTMP tests share: a host with a room and stream keys minted through
// the real API, and child processes (encoders) stopped by PID.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';

import { CookieJar } from './server.mjs';

/** Signs up a fresh user, creates a room and mints its stream key. */
export async function roomWithKey(server) {
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
  const { streamKey, rtmpUrl } = await post(`/api/rooms/${room.id}/stream-key`, {});
  assert.ok(streamKey && rtmpUrl);
  return { roomId: room.id, streamKey, jar, mintKey: async () => (await post(`/api/rooms/${room.id}/stream-key`, {})).streamKey };
}

/** Runs a child process; `done` resolves with its exit code and output. Stopped by PID. */
export function run(command, args, { timeoutMs = 60000 } = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const done = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch {} }, timeoutMs);
  done.finally(() => clearTimeout(timer));
  return {
    child, done,
    kill(signal = 'SIGKILL') { try { process.kill(child.pid, signal); } catch {} return done; },
  };
}

