// Per-client fairness at the connection level, against the real server: an
// attacker on 127.0.0.2 holds as many idle or half-open connections as it can
// (a bounded number, reopened at a bounded rate as the server closes them)
// while a normal client on 127.0.0.1 goes about its business.
//  - RTMP: ffmpeg publishes with a valid key, minted through the API, while
//    the attacker crowds the listener; every attempt must go live.
//  - HTTP: a browser-like client still gets answers while the attacker holds
//    idle connections.
// Each address that hits its cap is logged once. The figures (attempts refused
// out of N) are printed as test diagnostics; run this file against an older
// build (SOCKSTREAM_BUILD_DIR) to see the "before".
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';

import { startServer, sleep, waitFor } from './lib/server.mjs';
import { roomWithKey, run } from './lib/publishing.mjs';

const ATTACKER = '127.0.0.2';
const ENCODER_ATTEMPTS = 5;

/**
 * Holds up to `target` connections from `localAddress` that never send a
 * byte. The first `target` open at once; after that, connections the server
 * closes are reopened at most `perSecond` a second, and never more than
 * `maxOpens` in all. stop() closes everything it opened.
 */
function holdIdleConnections({ port, localAddress = ATTACKER, target, perSecond = 90, maxOpens = 4000 }) {
  const sockets = new Set();
  let opens = 0;
  let closedByServer = 0;
  let stopped = false;
  const openOne = () => {
    opens += 1;
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      if (!stopped) closedByServer += 1;
    });
  };
  while (opens < target) openOne();
  const perTick = Math.max(1, Math.round(perSecond / 20));
  const timer = setInterval(() => {
    for (let i = 0; i < perTick && sockets.size < target && opens < maxOpens; i += 1) openOne();
  }, 50);
  return {
    get open() { return sockets.size; },
    get opens() { return opens; },
    get closedByServer() { return closedByServer; },
    stop() {
      stopped = true;
      clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
}

/** The lines of the server's log that report `address` reaching its cap. */
function capLines(server, address) {
  return server.output.split('\n').filter((line) => line.includes(address) && line.includes('the most one address may open'));
}

async function metric(server, name, labels) {
  const text = await (await server.fetch('/metrics')).text();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`sockstream_${name}{`) && wanted.every((w) => l.includes(w)));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

let workDir;
let sampleFile;

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'sockstream-fairness-'));
  sampleFile = path.join(workDir, 'sample.flv');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', '1', '-c:v', 'libx264', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', sampleFile]);
});
after(() => { if (workDir) rmSync(workDir, { recursive: true, force: true }); });

const rtmpPlugins = (rtmpConfig) => [
  { name: 'auth-password', library: 'auth-password', enabled: true, dependencies: [], config: { rateLimit: { enabled: false } } },
  { name: 'rtmp', library: 'rtmp', enabled: true, dependencies: [], config: rtmpConfig },
];

/**
 * The attack of the finding, scaled down: the listener takes 100
 * connections; the attacker keeps up to 150 half-open and reopens ~90 a
 * second. Returns how many of ENCODER_ATTEMPTS publishes failed.
 */
async function encoderUnderAttack(server, t) {
  const host = await roomWithKey(server);
  const flood = holdIdleConnections({ port: server.rtmpPort, target: 150 });
  try {
    await sleep(1500);  // the attack is in full swing
    let refused = 0;
    const errors = [];
    for (let attempt = 0; attempt < ENCODER_ATTEMPTS; attempt += 1) {
      // The last broadcast has ended (its end reaches the room a moment after ffmpeg exits).
      await waitFor(async () => (await (await server.fetch(`/api/rooms/${host.roomId}`)).json()).room.live === false,
        { timeoutMs: 10000, what: 'the room to be offline' });
      const key = await host.mintKey().catch((e) => {
        const log = server.output.split('\n').filter((l) => /rtmp 127\.0\.0\.1|media:/.test(l)).slice(-12).join('\n');
        throw new Error(`${e.message}\n--- the encoder's log lines ---\n${log}`);
      });
      const { code, stderr } = await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-i', sampleFile,
        '-c', 'copy', '-f', 'flv', `${server.rtmpUrl}/${key}`], { timeoutMs: 30000 }).done;
      if (code !== 0) {
        refused += 1;
        errors.push(stderr.trim().split('\n').at(-1));
      }
    }
    t.diagnostic(`encoder attempts refused while the attack ran: ${refused} of ${ENCODER_ATTEMPTS}` +
      ` (attacker opened ${flood.opens} connections, ${flood.closedByServer} closed by the server)`);
    return { refused, errors, flood };
  } finally {
    flood.stop();
  }
}

describe('RTMP: half-open sockets do not keep an encoder with a valid key off the air', () => {
  test('one attacking address is held to its per-address cap', async (t) => {
    const server = await startServer({ plugins: rtmpPlugins({ maxConnections: 100, maxConnectionsPerAddress: 16 }) });
    try {
      const { refused, errors, flood } = await encoderUnderAttack(server, t);
      assert.equal(refused, 0, `every publish goes live; ffmpeg said: ${errors.join(' | ')}`);
      assert.ok(flood.closedByServer >= 50, `the attacker's connections beyond its cap were closed (${flood.closedByServer})`);
      assert.equal(capLines(server, ATTACKER).length, 1, `one log line for the attacker:\n${capLines(server, ATTACKER).join('\n')}`);
      assert.equal(capLines(server, '127.0.0.1').length, 0, 'the encoder never reached a cap');
      assert.ok(await metric(server, 'connections_refused_total', { kind: 'rtmp', reason: 'per_address' }) >= 50);
      assert.equal(await metric(server, 'connection_address_cap_reached_total', { kind: 'rtmp' }), 1);
    } finally {
      await server.stop();
      server.cleanup();
    }
  });

  test('attackers on many addresses (no per-address cap) only delay it: pending connections make room', async (t) => {
    const server = await startServer({ plugins: rtmpPlugins({ maxConnections: 100, maxConnectionsPerAddress: 0 }) });
    try {
      const { refused, errors } = await encoderUnderAttack(server, t);
      assert.equal(refused, 0, `every publish goes live; ffmpeg said: ${errors.join(' | ')}`);
      assert.ok(await metric(server, 'connections_evicted_total', { kind: 'rtmp' }) > 0, 'the oldest pending sockets made room');
    } finally {
      await server.stop();
      server.cleanup();
    }
  });
});

/**
 * The HTTP server takes 120 connections; the attacker keeps up to 170 idle
 * ones. Then 20 visitors arrive one after another (a fresh connection each,
 * 150 ms apart) from 127.0.0.1. Returns how many got no answer.
 */
async function visitorsUnderAttack(server, t) {
  const flood = holdIdleConnections({ port: server.httpPort, target: 170 });
  try {
    await sleep(1500);
    let failed = 0;
    for (let i = 0; i < 20; i += 1) {
      const ok = await fetch(`${server.baseUrl}/healthz`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(3000) })
        .then((res) => res.ok, () => false);
      if (!ok) failed += 1;
      await sleep(150);
    }
    t.diagnostic(`visitors from 127.0.0.1 without an answer while the attack ran: ${failed} of 20` +
      ` (attacker opened ${flood.opens} connections)`);
    return failed;
  } finally {
    flood.stop();
  }
}

describe('HTTP: idle connections from one address do not shut others out', () => {
  test('visitors on another address still get answers; the attacker is logged once', async (t) => {
    const server = await startServer({ plugins: [], server: { limits: { maxConnections: 120, maxConnectionsPerAddress: 20 } } });
    try {
      assert.equal(await visitorsUnderAttack(server, t), 0);
      const open = await metric(server, 'open_connections', { kind: 'http' });
      assert.ok(open <= 25, `the attacker held at most its cap of 20 (${open} open in all)`);
      assert.equal(capLines(server, ATTACKER).length, 1, 'one log line for the attacker');
      assert.ok(await metric(server, 'connections_refused_total', { kind: 'http', reason: 'per_address' }) >= 150);
      assert.ok(await metric(server, 'connection_address_cap_reached_total', { kind: 'http' }) === 1);
    } finally {
      await server.stop();
      server.cleanup();
    }
  });

  test('control: without the per-address cap the same attack shuts visitors out', async (t) => {
    const server = await startServer({ plugins: [], server: { limits: { maxConnections: 120, maxConnectionsPerAddress: 0 } } });
    try {
      assert.ok(await visitorsUnderAttack(server, t) >= 10, 'the attack is real: the cap is what keeps visitors served');
    } finally {
      await server.stop();
      server.cleanup();
    }
  });
});

describe('a reverse proxy listed in server.limits.exemptAddresses', () => {
  test('is not held to the per-address cap', async () => {
    const server = await startServer({
      plugins: [],
      server: { limits: { maxConnectionsPerAddress: 5, exemptAddresses: ['172.16.0.0/12', ATTACKER] } },
    });
    const proxy = holdIdleConnections({ port: server.httpPort, target: 30, perSecond: 0, maxOpens: 30 });
    try {
      await waitFor(async () => await metric(server, 'open_connections', { kind: 'http' }) >= 30,
        { timeoutMs: 5000, what: "the proxy's 30 connections" });
      assert.equal(proxy.closedByServer, 0);
      assert.equal(await metric(server, 'connections_refused_total', { kind: 'http', reason: 'per_address' }), 0);
    } finally {
      proxy.stop();
      await server.stop();
      server.cleanup();
    }
  });
});
