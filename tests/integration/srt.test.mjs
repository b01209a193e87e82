// SRT ingest (srt plugin) with real encoders: ffmpeg's libsrt caller and
// GStreamer's srtsink publish MPEG-TS; the room goes live, ffprobe decodes the
// room's LL-HLS, what reached the media bus is read from the test-only
// media-probe plugin. A bad key is refused in the SRT handshake (no media is
// ever read), and a lossy UDP relay in this process (dropping a few per cent of
// datagrams both ways, on 127.0.0.1) still delivers a playable broadcast.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

import { startServer, waitFor, sleep } from './lib/server.mjs';
import { roomWithKey, run, mediaProbe, roomLive, freeUdpPort } from './lib/publishing.mjs';
import { startUdpRelay } from './lib/udpRelay.mjs';

function plugins(srtConfig) {
  return [
    { name: 'auth-password', library: 'auth-password', enabled: true, dependencies: [], config: { rateLimit: { enabled: false } } },
    // The rooms API helper expects the RTMP ingest next to SRT, as shipped.
    { name: 'rtmp', library: 'rtmp', enabled: true, dependencies: [], config: {} },
    { name: 'srt', library: 'srt', enabled: true, dependencies: [], config: srtConfig },
    { name: 'hls', library: 'hls', enabled: true, dependencies: [],
      config: { targetDurationSeconds: 2, partDurationSeconds: 0.334, windowSegments: 6, endedRetentionSeconds: 3 } },
    { name: 'media-probe', library: 'media-probe', enabled: true, dependencies: [], config: {} },
  ];
}

/** The real server with the SRT listener on a free UDP port (tried again if someone took it meanwhile). */
async function startSrtServer(srtConfig = {}) {
  for (let attempt = 1; ; attempt++) {
    const srtPort = await freeUdpPort();
    try {
      const server = await startServer({ plugins: plugins({ port: srtPort, ...srtConfig }), rooms: { reconnectGraceSeconds: 30 } });
      server.srtPort = srtPort;
      return server;
    } catch (e) {
      if (attempt >= 3 || !/cannot listen on UDP/.test(e.message)) throw e;
    }
  }
}

const probe = mediaProbe;

/** A live H.264 + AAC encode in MPEG-TS to an SRT URL, for `seconds`. */
const ffmpegSrt = (url, seconds) =>
  run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25',
    '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', '-f', 'mpegts', url], { timeoutMs: (seconds + 30) * 1000 });

/** ffprobe reads the room's LL-HLS over HTTP as a player would: H.264 and AAC, decodable. */
function assertPlayable(server, roomId) {
  const url = `${server.baseUrl}/hls/${roomId}/index.m3u8`;
  const probed = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,codec_type,width,height',
    '-of', 'json', url], { encoding: 'utf8', timeout: 30000 });
  assert.equal(probed.status, 0, probed.stderr);
  const streams = JSON.parse(probed.stdout).streams;
  const video = streams.find((s) => s.codec_type === 'video');
  const audio = streams.find((s) => s.codec_type === 'audio');
  assert.equal(video?.codec_name, 'h264', probed.stdout);
  assert.equal(video.width, 320);
  assert.equal(video.height, 240);
  assert.equal(audio?.codec_name, 'aac', probed.stdout);
  const decoded = spawnSync('ffmpeg', ['-v', 'error', '-nostdin', '-i', url, '-t', '2', '-f', 'null', '-'],
    { encoding: 'utf8', timeout: 60000 });
  assert.equal(decoded.status, 0, decoded.stderr);
}

describe('srt ingest', () => {
  let server;
  before(async () => { server = await startSrtServer({ latencyMilliseconds: 400, silenceTimeoutSeconds: 3 }); });
  after(async () => {
    if (!server) return;
    await server.stop();
    // The server's log, for reading a failure (SRT_TEST_LOG=<file>).
    if (process.env.SRT_TEST_LOG) writeFileSync(process.env.SRT_TEST_LOG, server.output);
    server.cleanup();
  });

  test('the room declares its SRT ingest with the listener port', async () => {
    const { ingest } = await (async () => {
      const { roomId, mintKey } = await roomWithKey(server);
      await mintKey();
      const res = await server.fetch('/api/features');
      assert.equal(res.status, 200);
      return { roomId, ingest: (await res.json()).ingest };
    })();
    const srt = (ingest || []).find((e) => e.protocol === 'srt');
    assert.ok(srt, JSON.stringify(ingest));
    assert.equal(srt.name, 'SRT');
    assert.equal(srt.serverUrl, `srt://127.0.0.1:${server.srtPort}`);
    assert.equal(srt.keyLabel, 'Stream ID');
    assert.equal(srt.publishUrl, `srt://127.0.0.1:${server.srtPort}?streamid=publish:{streamKey}`);
  });

  test('ffmpeg publishes over SRT: the room goes live and its LL-HLS decodes', async () => {
    const { roomId, streamKey, jar } = await roomWithKey(server);
    const encoder = ffmpegSrt(`srt://127.0.0.1:${server.srtPort}?streamid=publish:${streamKey}&latency=400000`, 60);
    try {
      await waitFor(() => roomLive(server, roomId), { timeoutMs: 15000, what: 'the room to go live' });
      const report = await waitFor(async () => { const r = await probe(server, roomId); return r?.packets?.['0']?.count > 50 && r; },
        { timeoutMs: 20000, what: 'video on the media bus' });
      const video = report.tracks.find((t) => t.kind === 'video');
      const audio = report.tracks.find((t) => t.kind === 'audio');
      assert.equal(video.codec, 'h264');
      assert.equal(video.width, 320);
      assert.ok(video.codecConfigBytes > 10, 'an avcC record built from the SPS/PPS');
      assert.equal(audio.codec, 'aac');
      assert.equal(audio.sampleRate, 48000);
      for (const id of ['0', '1']) {
        const stats = report.packets[id];
        assert.ok(stats?.count > 0, `track ${id}: ${JSON.stringify(report.packets)}`);
        assert.equal(stats.nonMonotonic, 0, `track ${id} dts goes back`);
        assert.equal(stats.ptsBeforeDts, 0, `track ${id} pts before dts`);
        assert.equal(stats.badNalFraming ?? 0, 0, `track ${id} NAL framing`);
      }
      assert.ok(report.packets['0'].keyframes >= 1);
      await waitFor(async () => (await server.fetch(`/hls/${roomId}/index.m3u8`)).ok, { timeoutMs: 20000, what: 'the playlist' });
      await sleep(4000);  // a few segments
      assertPlayable(server, roomId);
      assert.match(server.output, /srt 127\.0\.0\.1:\d+ room \S+: publishing/);
      // The rest of what RTMP gets: a thumbnail, and the host's stream health naming the SRT ingest.
      const room = (await (await server.fetch(`/api/rooms/${roomId}`)).json()).room;
      const thumbnailUrl = room.playback.find((p) => p.thumbnailUrl)?.thumbnailUrl;
      assert.ok(thumbnailUrl, JSON.stringify(room.playback));
      await waitFor(async () => {
        const res = await server.fetch(thumbnailUrl);
        return res.status === 200 && /image\/jpeg/.test(res.headers.get('content-type')) && (await res.arrayBuffer()).byteLength > 500;
      }, { timeoutMs: 15000, what: 'a JPEG thumbnail' });
      const health = await waitFor(async () => {
        const res = await server.fetch(`/api/rooms/${roomId}/health`, { headers: { cookie: jar.header() } });
        assert.equal(res.status, 200);
        const body = (await res.json()).health;
        return body.state === 'live' && body.video && body;
      }, { timeoutMs: 10000, what: 'stream health' });
      assert.equal(health.ingest.protocol, 'srt');
      assert.equal(health.video.codec, 'h264');
      assert.equal(health.audio.codec, 'aac');
    } finally {
      await encoder.kill();
    }
    // The encoder vanished: the broadcast is interrupted (it may resume within the grace window).
    await waitFor(async () => (await probe(server, roomId))?.interrupted >= 1, { timeoutMs: 10000, what: 'the interruption' });
  });

  test('the access-control stream ID (#!::r=<key>,m=publish) publishes too', async () => {
    const { roomId, streamKey } = await roomWithKey(server);
    // ffmpeg 5.1 passes the streamid option as written (no URL decoding).
    const streamId = `#!::r=${streamKey},m=publish`;
    const encoder = ffmpegSrt(`srt://127.0.0.1:${server.srtPort}?streamid=${streamId}`, 30);
    try {
      await waitFor(async () => (await probe(server, roomId))?.packets?.['0']?.count > 10, { timeoutMs: 15000, what: 'media' });
    } finally {
      await encoder.kill();
    }
  });

  test('GStreamer srtsink publishes: the room goes live and its LL-HLS decodes', async () => {
    const { roomId, streamKey } = await roomWithKey(server);
    const pipeline = [
      '-q', '-e',
      'videotestsrc', 'is-live=true', 'num-buffers=500', '!', 'video/x-raw,width=320,height=240,framerate=25/1', '!',
      'x264enc', 'tune=zerolatency', 'speed-preset=ultrafast', 'key-int-max=25', '!', 'h264parse', 'config-interval=-1', '!', 'mpegtsmux', 'name=mux', 'alignment=7', '!',
      'srtsink', `uri=srt://127.0.0.1:${server.srtPort}`, `streamid=publish:${streamKey}`, 'latency=400',
      'audiotestsrc', 'is-live=true', 'num-buffers=900', '!', 'audioconvert', '!', 'avenc_aac', '!', 'aacparse', '!', 'mux.',
    ];
    const encoder = run('gst-launch-1.0', pipeline, { timeoutMs: 60000 });
    try {
      await waitFor(() => roomLive(server, roomId), { timeoutMs: 15000, what: 'the room to go live' });
      await waitFor(async () => (await server.fetch(`/hls/${roomId}/index.m3u8`)).ok, { timeoutMs: 20000, what: 'the playlist' });
      await sleep(4000);
      assertPlayable(server, roomId);
    } finally {
      await encoder.kill();
    }
  });

  test('a bad stream key is refused in the handshake, before any media is read', async () => {
    // Earlier tests' encoders were killed: wait until their connections have ended.
    const metrics = async () => (await server.fetch('/metrics')).text();
    await waitFor(async () => /^sockstream_srt_publishing 0$/m.test(await metrics()), { timeoutMs: 15000, what: 'no SRT publisher left' });
    const before = await metrics();
    const bytesBefore = Number(/^sockstream_srt_media_bytes_total ([0-9.e+]+)/m.exec(before)?.[1] ?? 0);
    const started = Date.now();
    const { code, stderr } = await ffmpegSrt(`srt://127.0.0.1:${server.srtPort}?streamid=publish:not-a-real-key`, 20).done;
    assert.notEqual(code, 0, 'ffmpeg must fail to connect');
    assert.ok(Date.now() - started < 15000, 'refused at connect, not after a timeout');
    assert.match(stderr, /reject|Connection setup failure|Input\/output error/i, stderr);
    await waitFor(() => /srt 127\.0\.0\.1:\d+: connection refused before any media was read: publish refused \(unknown_key\).*reject reason 1401/.test(server.output),
      { timeoutMs: 5000, what: 'the refusal log line' });
    assert.doesNotMatch(server.output, /not-a-real-key/, 'keys are never logged');
    const after = await (await server.fetch('/metrics')).text();
    assert.equal(Number(/^sockstream_srt_media_bytes_total ([0-9.e+]+)/m.exec(after)?.[1] ?? 0), bytesBefore);
    assert.match(after, /^sockstream_srt_connections_refused_total [1-9]/m);
  });

  test('a malformed stream ID and a request to play are refused with reasons', async () => {
    const malformed = await ffmpegSrt(`srt://127.0.0.1:${server.srtPort}?streamid=#!::m=publish`, 10).done;
    assert.notEqual(malformed.code, 0);
    await waitFor(() => /has no r=<stream key>.*reject reason 1400/.test(server.output), { timeoutMs: 5000, what: 'the 1400 log line' });
    const play = await ffmpegSrt(`srt://127.0.0.1:${server.srtPort}?streamid=#!::r=abc,m=request`, 10).done;
    assert.notEqual(play.code, 0);
    await waitFor(() => /only accepts m=publish.*reject reason 1405/.test(server.output), { timeoutMs: 5000, what: 'the 1405 log line' });
  });

  test('through a relay that drops 3% of datagrams both ways, the broadcast still plays', async () => {
    const { roomId, streamKey } = await roomWithKey(server);
    const relay = await startUdpRelay({ serverPort: server.srtPort, toServerPercent: 3, toClientPercent: 3 });
    const encoder = ffmpegSrt(`srt://127.0.0.1:${relay.port}?streamid=publish:${streamKey}&latency=400000`, 60);
    try {
      await waitFor(() => roomLive(server, roomId), { timeoutMs: 20000, what: 'the room to go live' });
      await waitFor(async () => (await server.fetch(`/hls/${roomId}/index.m3u8`)).ok, { timeoutMs: 20000, what: 'the playlist' });
      await sleep(6000);
      assert.ok(relay.stats.dropped > 10, `the relay dropped ${relay.stats.dropped} of ${relay.stats.forwarded + relay.stats.dropped}`);
      assertPlayable(server, roomId);
      // Retransmission hid the loss: the media bus saw a steady stream, not a broken one.
      const report = await probe(server, roomId);
      assert.ok(report.packets['0'].count > 100, JSON.stringify(report.packets));
      // Packets SRT could not recover in time are dropped one by one; the connection stays.
      assert.doesNotMatch(server.output, /broadcast interrupted: unusable/);
    } finally {
      await encoder.kill();
      relay.close();
    }
  });

  test('an encoder that reconnects within the grace window resumes its broadcast, time going on', async () => {
    const { roomId, streamKey } = await roomWithKey(server);
    const url = `srt://127.0.0.1:${server.srtPort}?streamid=publish:${streamKey}`;
    const first = ffmpegSrt(url, 60);
    let report;
    try {
      report = await waitFor(async () => { const r = await probe(server, roomId); return r?.packets?.['0']?.count > 50 && r; },
        { timeoutMs: 15000, what: 'media' });
    } finally {
      await first.kill();
    }
    await waitFor(async () => (await probe(server, roomId))?.interrupted >= 1, { timeoutMs: 10000, what: 'the interruption' });
    const reachedMs = (await probe(server, roomId)).packets['0'].lastDts;
    // The new encoder's MPEG-TS clock starts anywhere; the bus must not see time go back.
    const second = ffmpegSrt(url, 60);
    try {
      report = await waitFor(async () => { const r = await probe(server, roomId); return r?.resumedCount >= 1 && r.packets['0'].lastDts > reachedMs + 1000 && r; },
        { timeoutMs: 15000, what: 'the resumed broadcast' });
      assert.equal(report.resumedCount, 1, 'the same broadcast, resumed');
      assert.equal(report.packets['0'].nonMonotonic, 0);
      assert.equal(report.packets['1'].nonMonotonic, 0);
      assert.match(server.output, /room \S+: publishing, resumed/);
    } finally {
      await second.kill();
    }
  });

  test('an accepted key with garbage instead of MPEG-TS is closed without going live', async () => {
    const { roomId, streamKey } = await roomWithKey(server);
    // Raw video frames over SRT: well-formed SRT, no MPEG-TS in it.
    const encoder = run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=25',
      '-t', '20', '-f', 'rawvideo', `srt://127.0.0.1:${server.srtPort}?streamid=publish:${streamKey}`], { timeoutMs: 40000 });
    try {
      await waitFor(() => new RegExp(`room ${roomId}: closing before the broadcast opened: no H.264 or AAC stream could be read`).test(server.output),
        { timeoutMs: 20000, what: 'the garbage connection to be closed' });
      assert.equal(await probe(server, roomId), null, 'nothing reached the media bus');
      assert.equal(await roomLive(server, roomId), false);
    } finally {
      await encoder.kill();
    }
  });

  test('a publisher that goes silent is disconnected within seconds', async () => {
    const { roomId, streamKey } = await roomWithKey(server);
    const relay = await startUdpRelay({ serverPort: server.srtPort });
    const encoder = ffmpegSrt(`srt://127.0.0.1:${relay.port}?streamid=publish:${streamKey}`, 60);
    try {
      await waitFor(async () => (await probe(server, roomId))?.packets?.['0']?.count > 10, { timeoutMs: 15000, what: 'media' });
      // Black-hole the path: the encoder is still "connected" but nothing arrives.
      relay.close();
      const silentSince = Date.now();
      await waitFor(async () => (await probe(server, roomId))?.interrupted >= 1, { timeoutMs: 10000, what: 'the interruption' });
      assert.ok(Date.now() - silentSince < 9000);
      assert.match(server.output, /broadcast interrupted: (nothing received for 3 s|the encoder disconnected)/);
    } finally {
      await encoder.kill();
    }
  });
});

describe('srt connection caps', () => {
  let server;
  before(async () => { server = await startSrtServer({ maxConnectionsPerAddress: 1 }); });
  after(async () => { if (server) { await server.stop(); server.cleanup(); } });

  test('a second connection from the same address over maxConnectionsPerAddress is refused', async () => {
    const first = await roomWithKey(server);
    const second = await roomWithKey(server);
    const encoder = ffmpegSrt(`srt://127.0.0.1:${server.srtPort}?streamid=publish:${first.streamKey}`, 60);
    try {
      await waitFor(async () => (await probe(server, first.roomId))?.packets?.['0']?.count > 10, { timeoutMs: 15000, what: 'media' });
      const { code } = await ffmpegSrt(`srt://127.0.0.1:${server.srtPort}?streamid=publish:${second.streamKey}`, 10).done;
      assert.notEqual(code, 0);
      await waitFor(() => /maxConnectionsPerAddress \(1\).*reject reason 1402/.test(server.output), { timeoutMs: 5000, what: 'the cap log line' });
      assert.equal(await probe(server, second.roomId), null);
    } finally {
      await encoder.kill();
    }
  });
});
