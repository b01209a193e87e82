// Restreaming end to end: ffmpeg publishes to the real server over RTMP, the
// restream plugin pushes the broadcast to Debian's nginx-rtmp on loopback, and
// ffprobe reads it back from nginx. Also: keys stay secret (API, database
// file, logs), nginx restarted mid-broadcast is reconnected to, a blackholed
// destination does not hold up LL-HLS, a disabled destination gets nothing,
// and only the owner manages destinations. RTMPS for real: nginx's stream
// module terminates TLS (a self-signed certificate made here, trusted through
// the plugin's tlsCaFile) in front of nginx-rtmp; a certificate the server
// does not trust and a port without a TLS server are refused in words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startServer, freePort, waitFor, sleep, shippedPlugins, CookieJar } from './lib/server.mjs';
import { roomWithKey, run } from './lib/publishing.mjs';
import { NginxRtmp, nginxRtmpModule, nginxStreamModule } from './lib/nginxRtmp.mjs';

const haveNginx = existsSync('/usr/sbin/nginx') && existsSync(nginxRtmpModule);
const skip = haveNginx ? false : 'nginx with libnginx-mod-rtmp is not installed';
const haveTls = haveNginx && existsSync(nginxStreamModule) && existsSync('/usr/bin/openssl');
const skipTls = haveTls ? false : 'nginx with libnginx-mod-rtmp and libnginx-mod-stream, or openssl, is not installed';

let server;
let nginx;
let host;
let publisher;
let blackhole;
let stallProxy;
let certDir;            // the self-signed certificates of the TLS terminators
let tlsPort;            // TLS with the certificate the server trusts (tlsCaFile) -> nginx-rtmp
let untrustedTlsPort;   // TLS with a certificate nobody trusts -> nginx-rtmp
const blackholeSockets = new Set();
const destKey = `live_${crypto.randomBytes(12).toString('hex')}`;
const disabledKey = `off_${crypto.randomBytes(12).toString('hex')}`;
const bhKey = `bh_${crypto.randomBytes(12).toString('hex')}`;

/** A self-signed certificate for 127.0.0.1 (an IP subjectAltName: FFmpeg's TLS checks the host). */
async function selfSignedCertificate(dir, name) {
  const cert = path.join(dir, `${name}.pem`);
  const key = path.join(dir, `${name}.key`);
  const made = run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=SockStream test ${name}`,
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { timeoutMs: 30000 });
  const { code, stderr } = await made.done;
  assert.equal(code, 0, stderr);
  return { cert, key };
}

function restreamPlugins() {
  const plugins = shippedPlugins().filter((p) => p.name !== 'restream' && p.name !== 'srt' && p.name !== 'webrtc');
  return [...plugins.map((p) => (p.name === 'hls'
    ? { ...p, enabled: true, config: { ...(p.config || {}), targetDurationSeconds: 2, partDurationSeconds: 0.334 } }
    : p)),
  { name: 'restream', library: 'restream', enabled: true, dependencies: [],
    config: { maxQueuedPackets: 100, connectTimeoutMilliseconds: 3000, writeTimeoutMilliseconds: 4000, reconnectMinMilliseconds: 500, reconnectMaxMilliseconds: 4000,
      ...(certDir ? { tlsCaFile: path.join(certDir, 'trusted.pem') } : {}) } }];
}

function publish(url) {
  return spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', '600', '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
    '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-b:v', '800k', '-c:a', 'aac', '-b:a', '96k',
    '-f', 'flv', url], { stdio: ['ignore', 'ignore', 'pipe'] });
}

async function api(jar, method, pathname, body) {
  const res = await server.fetch(pathname, {
    method,
    headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: jar.header() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  jar.store(res);
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : null };
}

const collection = () => `/api/rooms/${host.roomId}/restream-destinations`;

async function destinations() {
  const { status, json, text } = await api(host.jar, 'GET', collection());
  assert.equal(status, 200, text);
  return json.destinations;
}

async function destinationState(id) {
  return (await destinations()).find((d) => d.id === id)?.status;
}

/** ffprobe reads the stream back from nginx: the codec types it found. */
async function probeFromNginx(key) {
  const probe = spawn('ffprobe', ['-v', 'error', '-rw_timeout', '8000000', '-analyzeduration', '3000000',
    '-show_entries', 'stream=codec_type,codec_name', '-of', 'json', nginx.url(key)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  probe.stdout.on('data', (d) => { out += d; });
  probe.stderr.on('data', (d) => { err += d; });
  const timer = setTimeout(() => { try { process.kill(probe.pid, 'SIGKILL'); } catch {} }, 20000);
  const code = await new Promise((resolve) => probe.on('exit', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`ffprobe failed (${code}): ${err}`);
  return JSON.parse(out).streams || [];
}

/** Waits until ffprobe finds both video and audio at nginx under `key`: the streams it found. */
function videoAndAudioFromNginx(key, what) {
  return waitFor(async () => {
    const found = await probeFromNginx(key);
    return found.some((s) => s.codec_type === 'video') && found.some((s) => s.codec_type === 'audio') ? found : null;
  }, { timeoutMs: 40000, intervalMs: 500, what });
}

async function mediaSequence() {
  const res = await server.fetch(`/hls/${host.roomId}/media.m3u8`);
  if (!res.ok) return null;
  const text = await res.text();
  const sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1]);
  const segments = (text.match(/#EXTINF:/g) || []).length;
  return sequence + segments;  // index of the next segment to come
}

before(async () => {
  if (skip) return;
  const nginxPort = await freePort();
  const tls = [];
  if (haveTls) {
    certDir = mkdtempSync(path.join(tmpdir(), 'restream-tls-'));
    const trusted = await selfSignedCertificate(certDir, 'trusted');
    const untrusted = await selfSignedCertificate(certDir, 'untrusted');
    tlsPort = await freePort();
    untrustedTlsPort = await freePort();
    tls.push({ port: tlsPort, ...trusted }, { port: untrustedTlsPort, ...untrusted });
  }
  nginx = new NginxRtmp(nginxPort, { tls });
  await nginx.start();
  server = await startServer({ plugins: restreamPlugins() });
  host = await roomWithKey(server);
});

after(async () => {
  if (publisher && publisher.exitCode === null) {
    publisher.kill('SIGKILL');
    await Promise.race([new Promise((r) => publisher.once('exit', r)), sleep(5000)]);
  }
  for (const socket of blackholeSockets) socket.destroy();
  if (blackhole) await new Promise((r) => blackhole.close(r));
  if (stallProxy) await new Promise((r) => stallProxy.close(r));
  if (server) {
    if (process.env.RESTREAM_SHOW_LOG) console.log(server.output.split('\n').filter((l) => /restream/.test(l)).join('\n'));
    await server.stop();
    server.cleanup();
  }
  if (nginx) {
    await nginx.stop();
    nginx.cleanup();
  }
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

test('only the room owner (or an admin) manages destinations; bad URLs and keys are refused', { skip }, async () => {
  const anonymous = await api(new CookieJar(), 'GET', collection());
  assert.equal(anonymous.status, 401);
  const other = await roomWithKey(server);
  const foreign = await api(other.jar, 'GET', collection());
  assert.equal(foreign.status, 403, foreign.text);
  const foreignAdd = await api(other.jar, 'POST', collection(), { name: 'x', url: nginx.url(), key: 'abcdefghijkl' });
  assert.equal(foreignAdd.status, 403, foreignAdd.text);

  for (const [body, code] of [
    [{ name: 'x', url: 'http://127.0.0.1/app', key: 'k' }, 'invalid_url'],
    [{ name: 'x', url: 'file:///etc/passwd', key: 'k' }, 'invalid_url'],
    [{ name: 'x', url: 'rtmp://127.0.0.1/app?x=1', key: 'k' }, 'invalid_url'],
    [{ name: 'x', url: `rtmp://127.0.0.1/${'a'.repeat(600)}`, key: 'k' }, 'invalid_url'],
    [{ name: 'x', url: 'rtmp://127.0.0.1/app', key: 'has space' }, 'invalid_key'],
    [{ name: '', url: 'rtmp://127.0.0.1/app', key: 'k' }, 'invalid_name'],
  ]) {
    const res = await api(host.jar, 'POST', collection(), body);
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json.error.code, code);
  }
  const listed = await api(host.jar, 'GET', collection());
  assert.equal(listed.json.destinations.length, 0);
  assert.ok(listed.json.presets.some((p) => p.url === 'rtmp://a.rtmp.youtube.com/live2'));
});

test('an enabled destination receives the broadcast (ffprobe reads video and audio back from nginx); a disabled one receives nothing', { skip }, async () => {
  const added = await api(host.jar, 'POST', collection(), { name: 'Local nginx', url: nginx.url(), key: destKey });
  assert.equal(added.status, 201, added.text);
  assert.equal(added.json.destination.keyHint, `••••${destKey.slice(-4)}`);
  assert.ok(!added.text.includes(destKey), 'the key is not echoed');
  const off = await api(host.jar, 'POST', collection(), { name: 'Switched off', url: nginx.url(), key: disabledKey, enabled: false });
  assert.equal(off.status, 201, off.text);
  assert.equal(off.json.destination.status.state, 'off');

  publisher = publish(`${server.rtmpUrl}/${host.streamKey}`);
  const id = added.json.destination.id;
  await waitFor(async () => (await destinationState(id))?.state === 'live', { timeoutMs: 20000, what: 'the destination to go live' });
  const streams = await videoAndAudioFromNginx(destKey, 'ffprobe to read video and audio from nginx');
  assert.ok(streams.some((s) => s.codec_name === 'h264'));
  assert.ok(streams.some((s) => s.codec_name === 'aac'));
  await waitFor(async () => (await destinationState(id))?.bitrateKbps > 100, { timeoutMs: 10000, what: 'a bitrate' });

  assert.ok(nginx.publishedNames().includes(destKey), 'nginx saw the publish');
  assert.ok(!nginx.publishedNames().includes(disabledKey), 'nothing was pushed to the disabled destination');
  assert.equal((await destinationState(off.json.destination.id)).state, 'off');
});

test('the key is never returned, stored in plain text or logged', { skip }, async () => {
  const listed = await api(host.jar, 'GET', collection());
  assert.ok(!listed.text.includes(destKey) && !listed.text.includes(disabledKey));
  for (const name of readdirSync(server.dataDir)) {
    if (!/\.db/.test(name)) continue;
    const bytes = readFileSync(path.join(server.dataDir, name));
    assert.ok(!bytes.includes(destKey), `${name} holds the key in plain text`);
    assert.ok(!bytes.includes(disabledKey), `${name} holds the disabled key in plain text`);
  }
  assert.ok(!server.output.includes(destKey), 'the server log holds the key');
});

test('nginx restarted mid-broadcast: the destination reconnects and the stream plays from nginx again', { skip }, async () => {
  const id = (await destinations()).find((d) => d.name === 'Local nginx').id;
  await nginx.stop('SIGKILL');
  await waitFor(async () => ['retrying', 'connecting'].includes((await destinationState(id))?.state),
    { timeoutMs: 20000, what: 'the destination to notice nginx is gone' });
  const lost = await destinationState(id);
  assert.ok(lost.lastError, 'the lost connection has words');
  await nginx.start();
  await waitFor(async () => (await destinationState(id))?.state === 'live', { timeoutMs: 30000, what: 'the destination to reconnect' });
  const streams = await videoAndAudioFromNginx(destKey, 'ffprobe to read the resumed stream from nginx');
  assert.ok(streams.length >= 2);
  assert.ok((await destinationState(id)).reconnects >= 1);
  assert.ok(!server.output.includes(destKey), 'the server log holds the key');
});

test('a blackholed destination shows its error and does not hold up LL-HLS', { skip }, async () => {
  // Accepts connections and never reads or answers: the RTMP handshake never completes.
  const bhPort = await freePort();
  blackhole = net.createServer((socket) => { blackholeSockets.add(socket); socket.pause(); });
  await new Promise((r) => blackhole.listen(bhPort, '127.0.0.1', r));
  const added = await api(host.jar, 'POST', collection(), { name: 'Black hole', url: `rtmp://127.0.0.1:${bhPort}/app`, key: bhKey });
  assert.equal(added.status, 201, added.text);
  const id = added.json.destination.id;

  const start = await waitFor(mediaSequence, { timeoutMs: 20000, what: 'the LL-HLS playlist' });
  const failed = await waitFor(async () => {
    const s = await destinationState(id);
    return s?.state === 'retrying' && s.lastError ? s : null;
  }, { timeoutMs: 20000, what: 'the blackholed destination to report an error' });
  assert.match(failed.lastError, /no answer|timed out|stopped taking/i);
  // Over the next seconds, while the worker keeps retrying the black hole,
  // segments keep coming (2 s target: a dozen seconds gives several).
  await sleep(12000);
  const end = await mediaSequence();
  assert.ok(end - start >= 4, `LL-HLS stalled: next segment ${start} -> ${end}`);
  // The live stream stays playable: a segment decodes.
  const probe = run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'json',
    `${server.baseUrl}/hls/${host.roomId}/index.m3u8`], { timeoutMs: 30000 });
  const { code, stderr } = await probe.done;
  assert.equal(code, 0, stderr);
  // The nginx destination carried on all along.
  const nginxDest = (await destinations()).find((d) => d.name === 'Local nginx');
  assert.equal(nginxDest.status.state, 'live');
});

test('a destination that stops reading mid-broadcast: its queue drops to the next keyframe, it times out and retries, LL-HLS and the other destination carry on', { skip }, async () => {
  // A relay to nginx that, once told to, stops reading from the server: the
  // RTMP session is up, then the destination stalls as an overloaded ingest would.
  let stalled = false;
  const stallPort = await freePort();
  const stallKey = `stall_${crypto.randomBytes(12).toString('hex')}`;
  stallProxy = net.createServer((client) => {
    blackholeSockets.add(client);
    const upstream = net.connect(nginx.port, '127.0.0.1');
    blackholeSockets.add(upstream);
    client.on('data', (d) => { if (stalled) client.pause(); else upstream.write(d); });
    upstream.on('data', (d) => { if (!stalled) client.write(d); });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise((r) => stallProxy.listen(stallPort, '127.0.0.1', r));
  const added = await api(host.jar, 'POST', collection(), { name: 'Stalls', url: `rtmp://127.0.0.1:${stallPort}/app`, key: stallKey });
  assert.equal(added.status, 201, added.text);
  const id = added.json.destination.id;
  await waitFor(async () => (await destinationState(id))?.state === 'live', { timeoutMs: 20000, what: 'the relayed destination to go live' });
  await sleep(2000);
  const start = await mediaSequence();
  stalled = true;
  const stuck = await waitFor(async () => {
    const s = await destinationState(id);
    return s.droppedPackets > 0 && s.lastError && /stopped taking data/.test(s.lastError) ? s : null;
  }, { timeoutMs: 120000, intervalMs: 1000, what: 'the stalled destination to drop and time out' });
  assert.ok(stuck.droppedPackets > 0);
  const end = await mediaSequence();
  assert.ok(end - start >= 4, `LL-HLS stalled with the destination: next segment ${start} -> ${end}`);
  assert.equal((await destinations()).find((d) => d.name === 'Local nginx').status.state, 'live');
  const fellBehind = server.output.split('\n').filter((l) => /'Stalls'.*fell behind/.test(l));
  assert.ok(fellBehind.length >= 1, 'the drop is logged with its reason');
  assert.ok(fellBehind.length <= 1 + stuck.reconnects, `logged once per episode, not per packet (${fellBehind.length} lines)`);
  const removed = await api(host.jar, 'DELETE', `${collection()}/${id}`);
  assert.equal(removed.status, 204);
});

test('switching a destination off stops it; deleting removes it', { skip }, async () => {
  const list = await destinations();
  const bh = list.find((d) => d.name === 'Black hole');
  const patched = await api(host.jar, 'PATCH', `${collection()}/${bh.id}`, { enabled: false });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.json.destination.status.state, 'off');
  const removed = await api(host.jar, 'DELETE', `${collection()}/${bh.id}`);
  assert.equal(removed.status, 204);
  assert.equal((await destinations()).some((d) => d.id === bh.id), false);
  const again = await api(host.jar, 'DELETE', `${collection()}/${bh.id}`);
  assert.equal(again.status, 404);
});

/** Adds a destination that cannot work; resolves once it is retrying (or failed) with an error: {id, status}. */
async function addFailingDestination(name, url, key) {
  const added = await api(host.jar, 'POST', collection(), { name, url, key });
  assert.equal(added.status, 201, added.text);
  const { id } = added.json.destination;
  const status = await waitFor(async () => {
    const s = await destinationState(id);
    return ['retrying', 'failed'].includes(s?.state) && s.lastError ? s : null;
  }, { timeoutMs: 20000, what: `'${name}' to report an error` });
  return { id, status };
}

test('RTMPS: through a TLS terminator in front of nginx-rtmp, with the certificate trusted through tlsCaFile, the broadcast arrives and decodes', { skip: skip || skipTls }, async () => {
  const tlsKey = `tls_${crypto.randomBytes(12).toString('hex')}`;
  const added = await api(host.jar, 'POST', collection(), { name: 'Over TLS', url: `rtmps://127.0.0.1:${tlsPort}/app`, key: tlsKey });
  assert.equal(added.status, 201, added.text);
  const id = added.json.destination.id;
  await waitFor(async () => (await destinationState(id))?.state === 'live', { timeoutMs: 20000, what: 'the rtmps destination to go live' });
  // ffprobe reads back over plain rtmp:// from nginx-rtmp, behind the TLS terminator.
  const streams = await videoAndAudioFromNginx(tlsKey, 'ffprobe to read what came over rtmps from nginx');
  assert.ok(streams.some((s) => s.codec_name === 'h264'));
  assert.ok(streams.some((s) => s.codec_name === 'aac'));
  // It decodes: a second of frames from nginx without a decoding error.
  const decode = run('ffmpeg', ['-hide_banner', '-v', 'error', '-rw_timeout', '8000000', '-i', nginx.url(tlsKey),
    '-t', '1', '-f', 'null', '-'], { timeoutMs: 30000 });
  const decoded = await decode.done;
  assert.equal(decoded.code, 0, decoded.stderr);
  await waitFor(async () => (await destinationState(id))?.bitrateKbps > 100, { timeoutMs: 10000, what: 'a bitrate over rtmps' });
  assert.ok(nginx.publishedNames().includes(tlsKey));
  assert.ok(!server.output.includes(tlsKey), 'the server log holds the key');
  const removed = await api(host.jar, 'DELETE', `${collection()}/${id}`);
  assert.equal(removed.status, 204);
});

test('RTMPS: a certificate the server does not trust is refused (the key is never sent) and the error says so', { skip: skip || skipTls }, async () => {
  const untrustedKey = `untrusted_${crypto.randomBytes(12).toString('hex')}`;
  const { id, status: refused } = await addFailingDestination('Untrusted TLS', `rtmps://127.0.0.1:${untrustedTlsPort}/app`, untrustedKey);
  assert.match(refused.lastError, /certificate is not trusted/);
  assert.ok(!nginx.publishedNames().includes(untrustedKey), 'the key reached a server whose certificate is not trusted');
  const removed = await api(host.jar, 'DELETE', `${collection()}/${id}`);
  assert.equal(removed.status, 204);
});

test('RTMPS to a port where no TLS server listens: retrying, with the error in words', { skip }, async () => {
  const closedPort = await freePort();
  const { id, status: lost } = await addFailingDestination('Nobody there', `rtmps://127.0.0.1:${closedPort}/app`, 'nobody_listens_here');
  assert.match(lost.lastError, /connecting failed: Connection refused/);
  assert.ok(lost.reconnects >= 1);
  // Between attempts the owner sees when the next one comes.
  const waiting = await waitFor(async () => {
    const s = await destinationState(id);
    return s?.state === 'retrying' && s.retryInMilliseconds > 0 ? s : null;
  }, { timeoutMs: 20000, intervalMs: 100, what: 'a retrying state with the time to the next attempt' });
  assert.ok(waiting.retryInMilliseconds <= 4000, `retryInMilliseconds ${waiting.retryInMilliseconds} beyond reconnectMaxMilliseconds`);
  const removed = await api(host.jar, 'DELETE', `${collection()}/${id}`);
  assert.equal(removed.status, 204);
});
