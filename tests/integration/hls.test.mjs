// HLS / LL-HLS packaging end to end: ffmpeg publishes over RTMP, then ffprobe,
// ffmpeg and fetch read the room back over HTTP exactly as players would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, CookieJar, waitFor, sleep } from './lib/server.mjs';

let server;
let publisher;
let roomId;
let streamKey;
let workDir;
let publishUrl;

/** Publishes a live test picture and tone over RTMP, in real time, as OBS would. */
function publish() {
  return spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', '120', '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
    '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-b:v', '800k', '-c:a', 'aac', '-b:a', '96k',
    '-f', 'flv', publishUrl], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function killAndWait(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  return Promise.race([exited, sleep(10000)]);
}

function hlsPlugins(plugins) {
  return plugins.map((p) => (p.name === 'hls'
    ? { ...p, enabled: true, config: { ...(p.config || {}), targetDurationSeconds: 2, partDurationSeconds: 0.334, windowSegments: 6, endedRetentionSeconds: 3 } }
    : p));
}

const post = (jar, pathname, body) => server.postJson(jar, pathname, body);

function parseAttributes(list) {
  const values = {};
  for (const match of list.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) values[match[1]] = match[2].replace(/^"|"$/g, '');
  return values;
}

/** A strict-enough reading of a media playlist. */
function parseMediaPlaylist(text) {
  const lines = text.split('\n').filter(Boolean);
  assert.equal(lines[0], '#EXTM3U');
  const playlist = { segments: [], parts: [], open: [], endList: false };
  let map = null;
  let pendingDuration = null;
  let parts = [];
  for (const line of lines.slice(1)) {
    if (line.startsWith('#EXT-X-TARGETDURATION:')) playlist.targetDuration = Number(line.split(':')[1]);
    else if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) playlist.mediaSequence = Number(line.split(':')[1]);
    else if (line.startsWith('#EXT-X-SERVER-CONTROL:')) playlist.serverControl = parseAttributes(line.slice(22));
    else if (line.startsWith('#EXT-X-PART-INF:')) playlist.partTarget = Number(parseAttributes(line.slice(16))['PART-TARGET']);
    else if (line.startsWith('#EXT-X-MAP:')) map = parseAttributes(line.slice(11)).URI;
    else if (line.startsWith('#EXT-X-PART:')) {
      const a = parseAttributes(line.slice(12));
      parts.push({ uri: a.URI, duration: Number(a.DURATION), independent: a.INDEPENDENT === 'YES' });
    } else if (line.startsWith('#EXT-X-PRELOAD-HINT:')) playlist.preloadHint = parseAttributes(line.slice(20)).URI;
    else if (line.startsWith('#EXTINF:')) pendingDuration = Number(line.slice(8).replace(/,$/, ''));
    else if (line === '#EXT-X-ENDLIST') playlist.endList = true;
    else if (!line.startsWith('#')) {
      assert.notEqual(pendingDuration, null, `URI without EXTINF: ${line}`);
      playlist.segments.push({ uri: line, duration: pendingDuration, map, parts });
      playlist.parts.push(...parts);
      parts = [];
      pendingDuration = null;
    }
  }
  playlist.open = parts;
  playlist.parts.push(...parts);
  assert.ok(playlist.targetDuration >= 1, 'EXT-X-TARGETDURATION');
  assert.ok(Number.isInteger(playlist.mediaSequence), 'EXT-X-MEDIA-SEQUENCE');
  for (const s of playlist.segments) assert.ok(Math.round(s.duration) <= playlist.targetDuration, `${s.uri} is too long`);
  return playlist;
}

async function getText(pathname, init) {
  const res = await server.fetch(pathname, init);
  return { res, text: await res.text() };
}

async function getBytes(pathname) {
  const res = await server.fetch(pathname);
  assert.equal(res.status, 200, `${pathname} -> ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

function probePackets(file) {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'packet=stream_index,pts_time,dts_time,flags:stream=index,codec_type',
    '-of', 'json', file], { encoding: 'utf8', timeout: 30000 });
  assert.equal(probe.status, 0, probe.stderr);
  const json = JSON.parse(probe.stdout);
  const videoIndex = json.streams.find((s) => s.codec_type === 'video')?.index;
  return { json, video: json.packets.filter((p) => p.stream_index === videoIndex) };
}

function decodesCleanly(file) {
  const run = spawnSync('ffmpeg', ['-v', 'error', '-nostdin', '-i', file, '-f', 'null', '-'], { encoding: 'utf8', timeout: 60000 });
  return { ok: run.status === 0 && run.stderr.trim() === '', stderr: run.stderr };
}

before(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'hls-it-'));
  server = await startServer({ configure: (config) => { config.plugins = hlsPlugins(config.plugins); } });
  const jar = new CookieJar();
  const email = `host-${Date.now()}@example.com`;
  const signUp = await post(jar, '/api/auth/sign-up/email', { name: 'Host', email, password: 'a long enough password 123' });
  assert.ok(signUp.ok, `sign-up: ${signUp.status}`);
  const created = await post(jar, '/api/rooms', { channelId: 'gaming', title: 'HLS test room' });
  assert.equal(created.status, 201);
  roomId = (await created.json()).room.id;
  const keyRes = await post(jar, `/api/rooms/${roomId}/stream-key`);
  assert.ok(keyRes.ok, `stream-key: ${keyRes.status}`);
  const key = await keyRes.json();
  streamKey = key.streamKey;
  publishUrl = key.ingest.find((e) => e.protocol === 'rtmp').publishUrl;
  publisher = publish();
  await waitFor(async () => (await server.fetch(`/hls/${roomId}/index.m3u8`)).ok,
    { timeoutMs: 20000, what: 'the multivariant playlist' });
});

after(async () => {
  if (publisher && publisher.exitCode === null) {
    publisher.kill('SIGKILL');
  }
  if (server) {
    await server.stop();
    server.cleanup();
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('multivariant playlist names the media playlist with codecs', async () => {
  const { res, text } = await getText(`/hls/${roomId}/index.m3u8`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /application\/vnd\.apple\.mpegurl/);
  assert.match(text, /^#EXTM3U\n/);
  assert.match(text, /#EXT-X-STREAM-INF:BANDWIDTH=\d+,CODECS="avc1\.[0-9A-F]{6},mp4a\.40\.2",RESOLUTION=640x360/);
  assert.match(text, /\nmedia\.m3u8\n/);
  assert.ok(!text.includes(streamKey));
});

test('segments decode, start with keyframes and continue without gaps', async () => {
  const text = await waitFor(async () => {
    const { text } = await getText(`/hls/${roomId}/media.m3u8`);
    return parseMediaPlaylist(text).segments.length >= 3 ? text : null;
  }, { timeoutMs: 30000, what: 'three complete segments' });
  assert.ok(!text.includes(streamKey), 'the stream key appears in the playlist');
  const playlist = parseMediaPlaylist(text);
  assert.equal(playlist.serverControl['CAN-BLOCK-RELOAD'], 'YES');
  assert.ok(Number(playlist.serverControl['PART-HOLD-BACK']) >= 2 * playlist.partTarget);
  assert.ok(playlist.preloadHint, 'EXT-X-PRELOAD-HINT');
  for (const part of playlist.parts) assert.ok(part.duration <= playlist.partTarget + 1e-9, `${part.uri} is longer than PART-TARGET`);

  const init = await getBytes(`/hls/${roomId}/${playlist.segments[0].map}`);
  const all = [init];
  for (const segment of playlist.segments) {
    assert.ok(!segment.uri.includes(streamKey));
    const bytes = await getBytes(`/hls/${roomId}/${segment.uri}`);
    const file = path.join(workDir, `single-${segment.uri}.mp4`);
    writeFileSync(file, Buffer.concat([init, bytes]));
    const decoded = decodesCleanly(file);
    assert.ok(decoded.ok, `${segment.uri} does not decode: ${decoded.stderr}`);
    const { video } = probePackets(file);
    assert.ok(video.length > 0, `${segment.uri} has no video`);
    assert.match(video[0].flags, /K/, `${segment.uri} does not start with a keyframe`);
    if (segment.parts.length) {
      assert.ok(segment.parts[0].independent, 'the first part of a segment is INDEPENDENT');
      const partBytes = await Promise.all(segment.parts.map((p) => getBytes(`/hls/${roomId}/${p.uri}`)));
      assert.ok(Buffer.concat(partBytes).equals(bytes), 'a segment is its parts');
      for (const [i, part] of segment.parts.entries()) {
        if (!part.independent) continue;
        const partFile = path.join(workDir, `part-${part.uri}.mp4`);
        writeFileSync(partFile, Buffer.concat([init, partBytes[i]]));
        assert.match(probePackets(partFile).video[0].flags, /K/, `${part.uri} is INDEPENDENT but starts without a keyframe`);
      }
    }
    all.push(bytes);
  }
  const whole = path.join(workDir, 'whole.mp4');
  writeFileSync(whole, Buffer.concat(all));
  const { json, video } = probePackets(whole);
  const audioIndex = json.streams.find((s) => s.codec_type === 'audio')?.index;
  const audio = json.packets.filter((p) => p.stream_index === audioIndex);
  assert.ok(audio.length > 0, 'the segments carry audio');
  for (const [kind, packets] of [['video', video], ['audio', audio]]) {
    const dts = packets.map((p) => Number(p.dts_time));
    for (let i = 1; i < dts.length; i++) {
      const step = dts[i] - dts[i - 1];
      assert.ok(step > 0 && step < 0.1, `${kind} timestamps jump by ${step}s at packet ${i}`);
    }
  }
  const wholeDecode = decodesCleanly(whole);
  assert.ok(wholeDecode.ok, `the joined segments do not decode: ${wholeDecode.stderr}`);
});

test('blocking playlist reload answers as soon as the requested part exists', async () => {
  const { text } = await getText(`/hls/${roomId}/media.m3u8`);
  const playlist = parseMediaPlaylist(text);
  const hint = playlist.preloadHint.match(/^part-([0-9a-z]+)-(\d+)-(\d+)\.m4s$/);
  assert.ok(hint, playlist.preloadHint);
  const [, generation, msn, part] = hint;
  const started = Date.now();
  const { res, text: blocked } = await getText(`/hls/${roomId}/media.m3u8?_HLS_msn=${msn}&_HLS_part=${part}`);
  const waited = Date.now() - started;
  assert.equal(res.status, 200);
  const next = parseMediaPlaylist(blocked);
  const wanted = `part-${generation}-${msn}-${part}.m4s`;
  const following = `part-${generation}-${Number(msn) + 1}-0.m4s`;
  assert.ok(next.parts.some((p) => p.uri === wanted || p.uri === following), `${wanted} is not in the answer`);
  assert.ok(waited < playlist.partTarget * 1000 + 700, `held for ${waited} ms`);
  assert.ok(!playlist.parts.some((p) => p.uri === wanted), 'the part did not exist before the request');

  const partRes = await server.fetch(`/hls/${roomId}/${playlist.preloadHint.replace(/-(\d+)\.m4s$/, (m, p) => `-${Number(p) + 1}.m4s`)}`);
  assert.ok([200, 404].includes(partRes.status), 'a hinted part request is held, then answered');
});

test('malformed or far-ahead reload directives are refused', async () => {
  for (const query of ['_HLS_msn=abc', '_HLS_msn=-1', '_HLS_part=1', '_HLS_msn=1&_HLS_part=x',
    '_HLS_msn=99999999999999999999', '_HLS_msn=100000']) {
    const res = await server.fetch(`/hls/${roomId}/media.m3u8?${query}`);
    assert.equal(res.status, 400, query);
    await res.arrayBuffer();
  }
});

test('HTTP semantics: types, caching, ETag, ranges, HEAD, CORS, 404s', async () => {
  const { text } = await getText(`/hls/${roomId}/media.m3u8`);
  const playlist = parseMediaPlaylist(text);
  const uri = `/hls/${roomId}/${playlist.segments.at(-1).uri}`;
  const res = await server.fetch(uri);
  const body = Buffer.from(await res.arrayBuffer());
  assert.equal(res.headers.get('content-type'), 'video/iso.segment');
  assert.match(res.headers.get('cache-control'), /immutable/);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  const etag = res.headers.get('etag');
  assert.ok(etag);

  const ranged = await server.fetch(uri, { headers: { range: 'bytes=0-99' } });
  assert.equal(ranged.status, 206);
  assert.ok(Buffer.from(await ranged.arrayBuffer()).equals(body.subarray(0, 100)));
  const unsatisfiable = await server.fetch(uri, { headers: { range: `bytes=${body.length + 10}-` } });
  assert.equal(unsatisfiable.status, 416);
  await unsatisfiable.arrayBuffer();
  const cached = await server.fetch(uri, { headers: { 'if-none-match': etag } });
  assert.equal(cached.status, 304);
  await cached.arrayBuffer();
  const head = await server.fetch(uri, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(Number(head.headers.get('content-length')), body.length);

  const media = await server.fetch(`/hls/${roomId}/media.m3u8`);
  assert.match(media.headers.get('cache-control'), /no-cache/);
  await media.arrayBuffer();

  const generation = playlist.segments[0].uri.split('-')[1];
  for (const [pathname, status] of [
    [`/hls/${roomId}/seg-${generation}-999999.m4s`, 404],
    [`/hls/${roomId}/seg-zzzz-0.m4s`, 404],
    [`/hls/${roomId}/nothing.txt`, 404],
    ['/hls/no-such-room/index.m3u8', 404],
    [`/hls/${roomId}/${'a'.repeat(300)}`, 404],
  ]) {
    const r = await server.fetch(pathname);
    assert.equal(r.status, status, pathname);
    await r.arrayBuffer();
  }
  const traversal = await server.fetch(`/hls/${roomId}/..%2F..%2Fetc%2Fpasswd`);
  assert.ok([400, 404].includes(traversal.status), `traversal -> ${traversal.status}`);
  await traversal.arrayBuffer();
  const byKey = await server.fetch(`/hls/${encodeURIComponent(streamKey)}/index.m3u8`);
  assert.equal(byKey.status, 404, 'the stream key is not a name for the room');
  await byKey.arrayBuffer();
});

test('thumbnail is a JPEG of the latest keyframe', async () => {
  const res = await server.fetch(`/api/rooms/${roomId}/thumbnail.jpg`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/jpeg');
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes[0], 0xff);
  assert.equal(bytes[1], 0xd8);
  const file = path.join(workDir, 'thumb.jpg');
  writeFileSync(file, bytes);
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  assert.equal(probe.stdout.trim(), '320,180');
});

test('an encoder that reconnects within the grace window continues after EXT-X-DISCONTINUITY', async () => {
  const before = parseMediaPlaylist((await getText(`/hls/${roomId}/media.m3u8`)).text);
  const generation = before.segments[0].uri.split('-')[1];
  await killAndWait(publisher, 'SIGKILL');  // the encoder vanishes without unpublishing
  await sleep(1500);
  publisher = publish();  // same stream key, well within reconnectGraceSeconds (30 s)
  const text = await waitFor(async () => {
    const { text } = await getText(`/hls/${roomId}/media.m3u8`);
    const lines = text.split('\n');
    const at = lines.indexOf('#EXT-X-DISCONTINUITY');
    // Wait until a complete segment follows the discontinuity.
    return at >= 0 && lines.slice(at).filter((l) => l && !l.startsWith('#')).length >= 1 ? text : null;
  }, { timeoutMs: 30000, what: 'a segment after EXT-X-DISCONTINUITY' });
  assert.ok(!text.includes(streamKey));
  const after = parseMediaPlaylist(text);
  assert.ok(after.mediaSequence >= before.mediaSequence, 'the media sequence continues');
  const lines = text.split('\n');
  const at = lines.indexOf('#EXT-X-DISCONTINUITY');
  const resumedUri = lines.slice(at).find((l) => l && !l.startsWith('#'));
  assert.equal(resumedUri.split('-')[1], generation, 'the same broadcast continues');
  const resumed = after.segments.find((s) => s.uri === resumedUri);
  const previous = after.segments[after.segments.indexOf(resumed) - 1];
  assert.ok(previous, 'the segment before the reconnect is still listed');
  assert.ok(Number(previous.uri.split('-')[2].split('.')[0]) + 1 === Number(resumedUri.split('-')[2].split('.')[0]),
    'segment numbers continue across the reconnect');
  const init = await getBytes(`/hls/${roomId}/${resumed.map}`);
  const file = path.join(workDir, 'resumed.mp4');
  writeFileSync(file, Buffer.concat([init, await getBytes(`/hls/${roomId}/${resumedUri}`)]));
  const decoded = decodesCleanly(file);
  assert.ok(decoded.ok, `${resumedUri} does not decode: ${decoded.stderr}`);
  const { video } = probePackets(file);
  assert.match(video[0].flags, /K/, 'the resumed segment starts with a keyframe');
  const multivariant = await server.fetch(`/hls/${roomId}/index.m3u8`);
  assert.equal(multivariant.status, 200, 'the room stayed live');
  await multivariant.arrayBuffer();
});

test('the end of the broadcast adds EXT-X-ENDLIST, then the room goes 404', async () => {
  publisher.kill('SIGINT');  // ffmpeg unpublishes cleanly
  await waitFor(async () => (await getText(`/hls/${roomId}/media.m3u8`)).text.includes('#EXT-X-ENDLIST'),
    { timeoutMs: 15000, what: 'EXT-X-ENDLIST' });
  await waitFor(async () => (await server.fetch(`/hls/${roomId}/index.m3u8`)).status === 404,
    { timeoutMs: 15000, what: 'the room to go 404' });
  await sleep(10);
});
