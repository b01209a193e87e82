// RTMP ingest (rtmp plugin) with real encoders: ffmpeg (-c copy from a file
// generated here, and a live testsrc encode) and GStreamer (librtmp's rtmpsink
// and rtmp2sink). What reached the media bus is read from the test-only
// media-probe plugin (GET /test/media/{roomId}) and compared with ffprobe's
// view of the source. Stream keys come from the real accounts and rooms API.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';

import { startServer, waitFor, sleep, freePort } from './lib/server.mjs';
import { mediaProbe as probe, roomLive, roomWithKey, run } from './lib/publishing.mjs';

const FPS = 25;
const GOP = 25;
const SECONDS = 6;

function plugins(rtmpConfig = {}) {
  return [
    { name: 'auth-password', library: 'auth-password', enabled: true, dependencies: [], config: { rateLimit: { enabled: false } } },
    { name: 'rtmp', library: 'rtmp', enabled: true, dependencies: [], config: rtmpConfig },
    { name: 'media-probe', library: 'media-probe', enabled: true, dependencies: [], config: {} },
  ];
}

function startRtmpServer(rooms = {}, rtmpConfig = {}) {
  return startServer({ plugins: plugins(rtmpConfig), rooms: { reconnectGraceSeconds: 30, ...rooms } });
}

async function stopServer(server) {
  if (!server) return;
  await server.stop();
  server.cleanup();
}

const ffmpegPublishFile = (url, file) =>
  run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-i', file, '-c', 'copy', '-f', 'flv', url]);

/** A live encode that runs for `seconds` (long enough to be killed mid-way). */
const ffmpegLive = (url, seconds) =>
  run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=${FPS}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(GOP), '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k', '-f', 'flv', url], { timeoutMs: (seconds + 30) * 1000 });

const gstPublish = (sink, location, buffers) =>
  run('gst-launch-1.0', ['-q',
    'videotestsrc', `num-buffers=${buffers}`, '!', `video/x-raw,width=320,height=240,framerate=${FPS}/1`, '!',
    'x264enc', `key-int-max=${GOP}`, 'tune=zerolatency', 'speed-preset=ultrafast', '!', 'h264parse', '!',
    'flvmux', 'name=m', 'streamable=true', '!', sink, `location=${location}`,
    'audiotestsrc', `num-buffers=${Math.round((buffers / FPS) * 44100 / 1024)}`, '!', 'avenc_aac', '!', 'aacparse', '!', 'm.']);

/** ffprobe's packet view of a file: counts, keyframes and the video dts span in ms. */
function ffprobePackets(file) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'packet=stream_index,dts_time,flags', '-of', 'json', file]);
  const packets = JSON.parse(out).packets;
  const video = packets.filter((p) => p.stream_index === 0);
  const audio = packets.filter((p) => p.stream_index === 1);
  return {
    video: video.length,
    keyframes: video.filter((p) => p.flags.includes('K')).length,
    audio: audio.length,
    videoSpanMs: Math.round((Number(video.at(-1).dts_time) - Number(video[0].dts_time)) * 1000),
  };
}

function assertCleanTrackStats(stats, what) {
  assert.ok(stats, `${what}: no packets`);
  assert.equal(stats.nonMonotonic, 0, `${what}: timestamps went backwards`);
  assert.equal(stats.ptsBeforeDts, 0, `${what}: pts before dts`);
  assert.equal(stats.badNalFraming, 0, `${what}: NAL units not length-prefixed intact`);
}

let workDir;
let sampleFile;
let sample;

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'sockstream-rtmp-'));
  sampleFile = path.join(workDir, 'sample.flv');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=${FPS}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', String(SECONDS), '-c:v', 'libx264', '-g', String(GOP), '-bf', '2', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-shortest', sampleFile]);
  sample = ffprobePackets(sampleFile);
  assert.equal(sample.keyframes, SECONDS * FPS / GOP);
});

after(() => { if (workDir) rmSync(workDir, { recursive: true, force: true }); });

describe('rtmp ingest', () => {
  let server;
  before(async () => { server = await startRtmpServer(); });
  after(async () => { await stopServer(server); });

  test('ffmpeg -c copy from a file arrives intact, then the (per-broadcast) key is spent', async () => {
    const { roomId, streamKey } = await roomWithKey(server, { mode: 'per-broadcast' });
    const publisher = ffmpegPublishFile(`${server.rtmpUrl}/${streamKey}`, sampleFile);
    await waitFor(() => roomLive(server, roomId), { timeoutMs: 10000, what: 'the room to go live' });
    const { code, stderr } = await publisher.done;
    assert.equal(code, 0, stderr);

    const report = await waitFor(async () => { const r = await probe(server, roomId); return r?.closed === 1 && r; },
      { timeoutMs: 5000, what: 'the broadcast to close' });
    assert.equal(report.opened, 1);
    assert.equal(report.interrupted, 0);
    const video = report.tracks.find((t) => t.id === 0);
    const audio = report.tracks.find((t) => t.id === 1);
    assert.equal(video.codec, codecName('H264'));
    assert.ok(video.codecConfigBytes > 7, 'avcC present when the stream opened');
    assert.equal(video.width, 320);
    assert.equal(audio.codec, codecName('AAC'));
    assert.ok(audio.codecConfigBytes >= 2, 'AudioSpecificConfig present');
    assert.equal(audio.sampleRate, 44100);

    const v = report.packets['0'];
    assertCleanTrackStats(v, 'video');
    assert.equal(v.count, sample.video);
    assert.equal(v.keyframes, sample.keyframes);
    assert.ok(Math.abs((v.lastDts - v.firstDts) - sample.videoSpanMs) <= 1,
      `video spans ${v.lastDts - v.firstDts} ms, source ${sample.videoSpanMs} ms`);
    assertCleanTrackStats(report.packets['1'], 'audio');
    assert.equal(report.packets['1'].count, sample.audio);
    assert.equal(await roomLive(server, roomId), false);

    // The broadcast ended normally: the same key may not start another one.
    const again = ffmpegPublishFile(`${server.rtmpUrl}/${streamKey}`, sampleFile);
    const result = await again.done;
    assert.notEqual(result.code, 0, 'a spent key must be refused');
    assert.equal((await probe(server, roomId)).opened, 1);
    assert.ok(!server.output.includes(streamKey), 'the stream key must never be logged');
  });

  test('a live testsrc encode goes live while it runs', async () => {
    const { roomId, streamKey } = await roomWithKey(server);
    const publisher = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 4);
    await waitFor(() => roomLive(server, roomId), { timeoutMs: 10000, what: 'the room to go live' });
    const { code, stderr } = await publisher.done;
    assert.equal(code, 0, stderr);
    const report = await waitFor(async () => { const r = await probe(server, roomId); return r?.closed === 1 && r; },
      { timeoutMs: 5000, what: 'the broadcast to close' });
    const v = report.packets['0'];
    assertCleanTrackStats(v, 'video');
    assert.equal(v.count, 4 * FPS);
    assert.equal(v.keyframes, 4 * FPS / GOP);
    assert.ok(report.packets['1'].count > 150, 'about 4 s of AAC frames');
    assert.match(report.encoder, /Lavf/);
  });

  for (const sink of ['rtmpsink', 'rtmp2sink']) {
    test(`GStreamer ${sink} publishes`, async () => {
      const { roomId, streamKey } = await roomWithKey(server);
      // librtmp takes options after the URL; rtmp2sink takes a plain URL.
      const location = sink === 'rtmpsink' ? `${server.rtmpUrl}/${streamKey} live=1` : `${server.rtmpUrl}/${streamKey}`;
      const { code, stderr } = await gstPublish(sink, location, 100).done;
      assert.equal(code, 0, stderr);
      const report = await waitFor(async () => { const r = await probe(server, roomId); return r?.closed + r?.interrupted >= 1 && r; },
        { timeoutMs: 5000, what: 'the broadcast to end' });
      const v = report.packets['0'];
      assertCleanTrackStats(v, 'video');
      assert.equal(v.count, 100);
      assert.equal(v.keyframes, 100 / GOP);
      assertCleanTrackStats(report.packets['1'], 'audio');
      assert.match(report.encoder, /GStreamer/);
    });
  }

  test('an unknown key is refused and nothing opens', async () => {
    const { roomId } = await roomWithKey(server);
    const { code } = await ffmpegPublishFile(`${server.rtmpUrl}/not-a-real-key`, sampleFile).done;
    assert.notEqual(code, 0);
    assert.equal(await probe(server, roomId), null);
    assert.match(server.output, /refused/);
  });

  test('a key replaced by a newer one is refused', async () => {
    const { roomId, streamKey, mintKey } = await roomWithKey(server);
    await mintKey();
    const { code } = await ffmpegPublishFile(`${server.rtmpUrl}/${streamKey}`, sampleFile).done;
    assert.notEqual(code, 0);
    assert.equal(await probe(server, roomId), null);
  });

  test('a second publisher on a live room is refused; the first goes on', async () => {
    const { roomId, streamKey } = await roomWithKey(server);
    const first = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 30);
    try {
      await waitFor(async () => (await probe(server, roomId))?.packets?.['0']?.count > 10, { timeoutMs: 15000, what: 'media' });
      const second = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 30);
      const result = await Promise.race([second.done, sleep(10000).then(() => null)]);
      if (!result) await second.kill();
      assert.ok(result && result.code !== 0, 'the second publisher must be refused');
      const before = (await probe(server, roomId)).packets['0'].count;
      await sleep(1000);
      const report = await probe(server, roomId);
      assert.ok(report.packets['0'].count > before, 'the first publisher still delivers');
      assert.equal(report.opened, 1);
      assert.equal(first.child.exitCode, null);
    } finally {
      await first.kill();
    }
  });

  test('an encoder reconnecting within the grace window resumes its broadcast', async () => {
    const { roomId, streamKey } = await roomWithKey(server);
    const first = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 30);
    await waitFor(async () => (await probe(server, roomId))?.packets?.['0']?.count > 10, { timeoutMs: 15000, what: 'media' });
    const broadcastId = (await probe(server, roomId)).broadcastId;
    await first.kill('SIGKILL');  // the kernel closes its socket: an interruption, not an end
    await waitFor(async () => (await probe(server, roomId)).interrupted === 1, { timeoutMs: 5000, what: 'the interruption' });

    const second = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 3);
    const { code, stderr } = await second.done;
    assert.equal(code, 0, stderr);
    const report = await waitFor(async () => { const r = await probe(server, roomId); return r.closed === 1 && r; },
      { timeoutMs: 5000, what: 'the resumed broadcast to end' });
    assert.equal(report.resumedCount, 1);
    assert.equal(report.broadcastId, broadcastId);
    // The resumed broadcast continues its timeline: packagers never see time go back.
    assertCleanTrackStats(report.packets['0'], 'video across the reconnect');
    assertCleanTrackStats(report.packets['1'], 'audio across the reconnect');
  });

  test('a publisher that vanishes without FIN is detected within 10 s, and its reconnect takes over', async () => {
    const { roomId, streamKey } = await roomWithKey(server);
    const proxy = await freezableProxy(server.rtmpPort);
    const first = ffmpegLive(`rtmp://127.0.0.1:${proxy.port}/live/${streamKey}`, 60);
    try {
      await waitFor(async () => (await probe(server, roomId))?.packets?.['0']?.count > 10, { timeoutMs: 15000, what: 'media' });
      // Half-open: the server's socket stays open but nothing more arrives.
      proxy.freeze();
      await first.kill('SIGKILL');
      const frozenAt = Date.now();
      await waitFor(async () => (await probe(server, roomId)).interrupted >= 1,
        { timeoutMs: 13000, intervalMs: 200, what: 'the silent publisher to be detected' });
      const detectedAfter = Date.now() - frozenAt;
      assert.ok(detectedAfter <= 12000, `detected after ${detectedAfter} ms`);
      // The room stays live through the core's grace window; the bus knows the ingest is gone.
      assert.equal((await probe(server, roomId)).live, false);

      const again = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 2);
      assert.equal((await again.done).code, 0);
      assert.equal((await probe(server, roomId)).resumedCount, 1);
    } finally {
      await first.kill();
      proxy.close();
    }
  });

  test('a stale half-open session is taken over by the reconnecting encoder', async () => {
    const { roomId, streamKey } = await roomWithKey(server);
    const proxy = await freezableProxy(server.rtmpPort);
    const first = ffmpegLive(`rtmp://127.0.0.1:${proxy.port}/live/${streamKey}`, 60);
    try {
      await waitFor(async () => (await probe(server, roomId))?.packets?.['0']?.count > 10, { timeoutMs: 15000, what: 'media' });
      proxy.freeze();
      await first.kill('SIGKILL');
      await sleep(4000);  // quiet for longer than the bus calls healthy, shorter than the read timeout
      assert.equal((await probe(server, roomId)).interrupted, 0, 'the old connection is still open');
      const again = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 3);
      const { code, stderr } = await again.done;
      assert.equal(code, 0, `the reconnect must not be refused as already publishing: ${stderr}`);
      const report = await probe(server, roomId);
      assert.equal(report.resumedCount, 1);
      assert.ok(report.packets['0'].count > 10 + 3 * FPS - 5);
    } finally {
      await first.kill();
      proxy.close();
    }
  });

  test('malformed input closes only that connection', async () => {
    const { roomId, streamKey } = await roomWithKey(server);
    const good = ffmpegLive(`${server.rtmpUrl}/${streamKey}`, 6);
    try {
      await waitFor(async () => (await probe(server, roomId))?.packets?.['0']?.count > 5, { timeoutMs: 15000, what: 'media' });
      const closed = await sendRaw(server.rtmpPort, Buffer.concat([Buffer.from([3]), Buffer.alloc(1536 * 2),
        Buffer.from([0x03, 0, 0, 0, 0xff, 0xff, 0xff, 20, 0, 0, 0, 0])]));  // a 16 MiB message
      assert.ok(closed, 'the server closes the bad connection');
      const rtmpe = await sendRaw(server.rtmpPort, Buffer.from([6, ...Buffer.alloc(1536)]));
      assert.ok(rtmpe, 'RTMPE is refused');
      const { code } = await good.done;
      assert.equal(code, 0);
      assert.equal((await probe(server, roomId)).closed, 1);
      assert.equal(server.child.exitCode, null);
    } finally {
      await good.kill();
    }
  });
});

describe('rtmp ingest with short-lived keys', () => {
  let server;
  before(async () => { server = await startRtmpServer({ streamKeyTtlSeconds: 2 }); });
  after(async () => { await stopServer(server); });

  test('an expired (per-broadcast) key is refused', async () => {
    const { roomId, streamKey } = await roomWithKey(server, { mode: 'per-broadcast' });
    await sleep(2500);
    const { code } = await ffmpegPublishFile(`${server.rtmpUrl}/${streamKey}`, sampleFile).done;
    assert.notEqual(code, 0);
    assert.equal(await probe(server, roomId), null);
    assert.match(server.output, /expired/);
  });
});

describe('rtmps ingest', () => {
  let server;
  let tlsPort;
  before(async () => {
    const certFile = path.join(workDir, 'rtmps.pem');
    const keyFile = path.join(workDir, 'rtmps.key');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
    tlsPort = await freePort();
    server = await startRtmpServer({}, {
      tls: { port: tlsPort, certificateFile: certFile, privateKeyFile: keyFile },
    });
  });
  after(async () => { await stopServer(server); });

  test('ffmpeg publishes over rtmps://', async () => {
    const { roomId, streamKey } = await roomWithKey(server);
    const { code, stderr } = await ffmpegPublishFile(`rtmps://127.0.0.1:${tlsPort}/live/${streamKey}`, sampleFile).done;
    assert.equal(code, 0, stderr);
    const report = await waitFor(async () => { const r = await probe(server, roomId); return r?.closed === 1 && r; },
      { timeoutMs: 5000, what: 'the broadcast to close' });
    assertCleanTrackStats(report.packets['0'], 'video');
    assert.equal(report.packets['0'].count, sample.video);
    assert.equal(report.packets['1'].count, sample.audio);
  });
});

describe('rtmp limits', () => {
  let server;
  before(async () => { server = await startRtmpServer({}, { limits: { handshakeTimeoutSeconds: 2 } }); });
  after(async () => { await stopServer(server); });

  test('a connection that trickles its handshake is closed at the handshake timeout', async () => {
    const started = Date.now();
    const closed = await new Promise((resolve) => {
      const socket = net.connect(server.rtmpPort, '127.0.0.1');
      // One byte a second keeps the read timeout happy but never finishes C1.
      const trickle = setInterval(() => socket.write(Buffer.from([3])), 1000);
      const timer = setTimeout(() => { clearInterval(trickle); socket.destroy(); resolve(false); }, 6000);
      socket.on('error', () => {});
      socket.on('close', () => { clearInterval(trickle); clearTimeout(timer); resolve(true); });
    });
    assert.ok(closed, 'the server closed the connection');
    assert.ok(Date.now() - started < 4000, `closed after ${Date.now() - started} ms`);
  });

  test('a command name with a newline and a fake timestamp forges no log line', async () => {
    const forged = '2026-01-01T00:00:00.000Z Notice sockstream.identity: admin@example.test signed in';
    const name = Buffer.from(`x\n${forged}\x1b[2J`);
    const payload = Buffer.concat([
      Buffer.from([0x02, name.length >> 8, name.length & 0xff]), name,  // AMF0 string: the command name
      Buffer.from([0x00, 0x40, 0, 0, 0, 0, 0, 0, 0]),                  // AMF0 number 2: the transaction
      Buffer.from([0x05]),                                              // AMF0 null
    ]);
    assert.ok(payload.length <= 128, 'one chunk');
    const header = Buffer.from([0x03, 0, 0, 0, 0, 0, payload.length, 20, 0, 0, 0, 0]);  // AMF0 command, stream 0
    const closed = await sendRaw(server.rtmpPort, Buffer.concat([Buffer.from([3]), Buffer.alloc(1536 * 2), header, payload]));
    assert.ok(closed, 'a command before connect closes the connection');
    await waitFor(() => /before connect/.test(server.output), { timeoutMs: 5000, what: 'the log line' });
    const lines = server.output.split('\n');
    assert.equal(lines.filter((line) => line.startsWith('2026-01-01')).length, 0, 'no line starts with the fake timestamp');
    assert.equal(lines.filter((line) => line.includes('admin@example.test signed in') && !/before connect/.test(line)).length, 0);
    assert.ok(!server.output.includes('\x1b'), 'no raw escape sequence reaches the log');
  });
});

/** The media types' codec names as the core prints them. */
function codecName(codec) {
  return { H264: 'h264', AAC: 'aac' }[codec];
}

/** Sends bytes and reports whether the server closed the connection within 5 s. */
function sendRaw(port, bytes) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    const timer = setTimeout(() => { socket.destroy(); resolve(false); }, 5000);
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => { clearTimeout(timer); resolve(true); });
  });
}

/** A TCP relay to the server that can stop relaying without closing either side. */
function freezableProxy(targetPort) {
  const pairs = [];
  let frozen = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    pairs.push([client, upstream]);
    client.on('data', (d) => { if (!frozen) upstream.write(d); });
    upstream.on('data', (d) => { if (!frozen) client.write(d); });
    // Once frozen, the client's end must not reach the server: that is the point.
    client.on('close', () => { if (!frozen) upstream.destroy(); });
    upstream.on('close', () => client.destroy());
    client.on('error', () => {});
    upstream.on('error', () => {});
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      port: server.address().port,
      freeze() { frozen = true; },
      close() {
        for (const [a, b] of pairs) { a.destroy(); b.destroy(); }
        server.close();
      },
    }));
  });
}
