// Recordings (recordings plugin) end to end: ffmpeg publishes over RTMP, the
// server records the broadcast into fMP4 on disk, and ffprobe reads it back
// over HTTP as a VOD playlist and as one MP4 download, exactly as players would.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CookieJar, sleep, startServer, waitFor } from './lib/server.mjs';
import { roomWithKey, run } from './lib/publishing.mjs';

const FPS = 30;

/** A live test picture and tone over RTMP, `seconds` long, keyframes every `gop` frames (B-frames as OBS with `bframes`). */
function publish(url, seconds, { gop = FPS, bframes = 0, bitrate = '400k' } = {}) {
  return run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=${FPS}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-bf', String(bframes), '-b:v', bitrate,
    '-c:a', 'aac', '-b:a', '64k', '-f', 'flv', url], { timeoutMs: (seconds + 30) * 1000 });
}

async function json(server, pathname, jar) {
  const res = await server.fetch(pathname, { headers: jar ? { cookie: jar.header() } : {} });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

async function send(server, method, pathname, jar, body) {
  return server.fetch(pathname, {
    method,
    headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: jar ? jar.header() : '' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The room's recordings once none is in progress any more (and at least `count` exist). */
async function finishedRecordings(server, roomId, jar, count = 1, timeoutMs = 30000) {
  let list;
  await waitFor(async () => {
    const res = await json(server, `/api/rooms/${roomId}/recordings`, jar);
    list = res.body?.recordings ?? [];
    return list.length >= count && list.every((r) => r.state !== 'recording');
  }, { timeoutMs, what: `${count} finished recording(s) of room ${roomId}` });
  return list;
}

/** ffprobe's packets of a URL or file: per stream, pts in seconds, in decode order. */
function probe(url) {
  const out = spawnSync('ffprobe', ['-v', 'error', '-protocol_whitelist', 'file,http,tcp,crypto,data',
    '-show_entries', 'format=duration:stream=index,codec_type:packet=stream_index,pts_time,dts_time,duration_time,flags',
    '-of', 'json', url], { encoding: 'utf8', timeout: 60000 });
  assert.equal(out.status, 0, `ffprobe ${url}: ${out.stderr}`);
  const parsed = JSON.parse(out.stdout);
  const video = parsed.streams.find((s) => s.codec_type === 'video')?.index;
  const audio = parsed.streams.find((s) => s.codec_type === 'audio')?.index;
  const of = (index) => parsed.packets.filter((p) => p.stream_index === index);
  return { duration: Number(parsed.format.duration), video: of(video), audio: of(audio), stderr: out.stderr };
}

/** Decode time steps larger than `maxGap` seconds (a frame is 1/30 s), outside the `allowedAt` times. */
function gaps(packets, maxGap) {
  const found = [];
  for (let i = 1; i < packets.length; i++) {
    const step = Number(packets[i].dts_time) - Number(packets[i - 1].dts_time);
    if (step <= 0 || step > maxGap) found.push({ at: Number(packets[i].dts_time), step });
  }
  return found;
}

function decodesCleanly(url) {
  const out = spawnSync('ffmpeg', ['-v', 'error', '-nostdin', '-protocol_whitelist', 'file,http,tcp,crypto,data',
    '-i', url, '-f', 'null', '-'], { encoding: 'utf8', timeout: 60000 });
  return { ok: out.status === 0, stderr: out.stderr };
}

describe('recordings', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); server?.cleanup(); });

  let recorded;  // { roomId, jar, recording } from the first test, reused below

  test('a 12 s broadcast is recorded: VOD playlist and MP4 download decode with the right duration and no gaps', async () => {
    const { roomId, streamKey, jar } = await roomWithKey(server);
    const { code, stderr } = await publish(`${server.rtmpUrl}/${streamKey}`, 12).done;
    assert.equal(code, 0, stderr);
    const [recording] = await finishedRecordings(server, roomId);
    assert.equal(recording.state, 'complete');
    assert.equal(recording.stopReason, null);
    assert.equal(recording.roomId, roomId);
    assert.match(recording.title, /^Room /);
    assert.ok(recording.durationMs > 10000 && recording.durationMs < 14000, `durationMs ${recording.durationMs}`);
    assert.ok(recording.endedAtMs >= recording.startedAtMs);
    assert.equal(new Date(recording.startedAt).getTime(), recording.startedAtMs);
    assert.ok(recording.sizeBytes > 100000);

    const one = await json(server, `/api/recordings/${recording.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.timeline.length, 1, 'one continuous piece');
    assert.equal(one.body.timeline[0].mediaStartSec, 0);
    assert.ok(Math.abs(one.body.timeline[0].atMs - recording.startedAtMs) < 1000);

    const playlist = await (await server.fetch(recording.playlistUrl)).text();
    assert.match(playlist, /#EXT-X-PLAYLIST-TYPE:VOD/);
    assert.match(playlist, /#EXT-X-MAP:URI="init.mp4"/);
    assert.match(playlist, /#EXT-X-ENDLIST/);
    assert.doesNotMatch(playlist, /DISCONTINUITY/);

    const vod = probe(`${server.baseUrl}${recording.playlistUrl}`);
    assert.ok(Math.abs(vod.duration - 12) < 4, `VOD duration ${vod.duration}`);
    assert.ok(vod.video.length > 11 * FPS, `video packets ${vod.video.length}`);
    assert.deepEqual(gaps(vod.video, 1.5 / FPS), [], 'video decode times step one frame at a time');
    assert.deepEqual(gaps(vod.audio, 0.05), [], 'audio has no holes');
    const decoded = decodesCleanly(`${server.baseUrl}${recording.playlistUrl}`);
    assert.ok(decoded.ok, decoded.stderr);

    const download = await server.fetch(recording.downloadUrl);
    assert.equal(download.status, 200);
    assert.match(download.headers.get('content-disposition'), /^attachment; filename="Room-[0-9a-f]+-[0-9a-f]{20}\.mp4"$/);
    assert.equal(download.headers.get('content-type'), 'video/mp4');
    assert.equal(Number(download.headers.get('content-length')), recording.sizeBytes);
    await download.arrayBuffer();
    const file = probe(`${server.baseUrl}${recording.downloadUrl}`);
    assert.ok(Math.abs(file.duration - 12) < 4, `download duration ${file.duration}`);
    assert.deepEqual(gaps(file.video, 1.5 / FPS), []);
    assert.ok(decodesCleanly(`${server.baseUrl}${recording.downloadUrl}`).ok);

    recorded = { roomId, jar, recording };
  });

  test('ranges: a byte range of a segment is served, one past the end is 416', async () => {
    const { recording } = recorded;
    const base = `/recordings/${recording.id}`;
    const whole = await server.fetch(`${base}/0.m4s`);
    assert.equal(whole.status, 200);
    assert.match(whole.headers.get('cache-control'), /immutable/);
    const size = (await whole.arrayBuffer()).byteLength;
    const part = await server.fetch(`${base}/0.m4s`, { headers: { range: 'bytes=0-99' } });
    assert.equal(part.status, 206);
    assert.equal((await part.arrayBuffer()).byteLength, 100);
    const past = await server.fetch(`${base}/0.m4s`, { headers: { range: `bytes=${size}-` } });
    assert.equal(past.status, 416);
    const pastDownload = await server.fetch(recording.downloadUrl, { headers: { range: `bytes=${recording.sizeBytes + 10}-` } });
    assert.equal(pastDownload.status, 416);
    const tail = await server.fetch(recording.downloadUrl, { headers: { range: 'bytes=-1000' } });
    assert.equal(tail.status, 206);
    assert.equal((await tail.arrayBuffer()).byteLength, 1000);
  });

  test('bad ids and path tricks are 404s, never files', async () => {
    const { recording } = recorded;
    for (const pathname of [
      '/recordings/../sockstream.db/index.m3u8',
      `/recordings/${recording.id}/../../sockstream.db`,
      `/recordings/${recording.id}/%2e%2e%2fmedia.mp4`,
      `/recordings/${recording.id}/media.mp4`,
      `/recordings/${recording.id}/00.m4s`,
      `/recordings/${recording.id}/-1.m4s`,
      `/recordings/${recording.id}/99999.m4s`,
      `/recordings/${recording.id.toUpperCase()}/index.m3u8`,
      '/recordings/0123456789abcdef0123/index.m3u8',
      '/recordings/..%2f..%2fetc/index.m3u8',
      '/api/recordings/nope',
      '/api/recordings/0123456789abcdef0123',
    ]) {
      const res = await server.fetch(pathname);
      assert.ok(res.status === 404 || res.status === 400, `${pathname} -> ${res.status}`);
      const text = await res.text();
      assert.doesNotMatch(text, /SQLite|ftyp/);
    }
  });

  test('unlisted recordings are 404 for everyone but the owner; owner renames; others may not', async () => {
    const { roomId, jar, recording } = recorded;
    let res = await send(server, 'PATCH', `/api/recordings/${recording.id}`, jar, { listed: false, title: '  Night run  ' });
    assert.equal(res.status, 200);
    const patched = await res.json();
    assert.equal(patched.listed, false);
    assert.equal(patched.title, 'Night run');

    assert.equal((await server.fetch(`/api/recordings/${recording.id}`)).status, 404);
    assert.equal((await server.fetch(recording.playlistUrl)).status, 404);
    assert.equal((await server.fetch(recording.downloadUrl)).status, 404);
    assert.equal((await server.fetch(`/recordings/${recording.id}/0.m4s`)).status, 404);
    assert.deepEqual((await json(server, `/api/rooms/${roomId}/recordings`)).body.recordings, []);
    const mine = await json(server, `/api/rooms/${roomId}/recordings`, jar);
    assert.equal(mine.body.recordings.length, 1);
    const ownPlaylist = await server.fetch(recording.playlistUrl, { headers: { cookie: jar.header() } });
    assert.equal(ownPlaylist.status, 200);
    assert.match(ownPlaylist.headers.get('cache-control'), /private/);

    // Another signed-in user: the unlisted recording does not exist for them.
    const other = await roomWithKey(server);
    res = await send(server, 'PATCH', `/api/recordings/${recording.id}`, other.jar, { title: 'mine now' });
    assert.equal(res.status, 404);
    res = await send(server, 'DELETE', `/api/recordings/${recording.id}`, other.jar);
    assert.equal(res.status, 404);
    res = await send(server, 'PATCH', `/api/recordings/${recording.id}`, undefined, { title: 'x' });
    assert.equal(res.status, 401);

    for (const body of [{ title: '' }, { title: 'x'.repeat(141) }, { title: 'two\nlines' }, { listed: 'yes' }, { owner: 'me' }]) {
      res = await send(server, 'PATCH', `/api/recordings/${recording.id}`, jar, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const error = await res.json();
      assert.ok(error.error.code && error.error.message);
    }
    res = await send(server, 'PATCH', `/api/recordings/${recording.id}`, jar, { listed: true });
    assert.equal(res.status, 200);
    assert.equal((await server.fetch(`/api/recordings/${recording.id}`)).status, 200);
    res = await send(server, 'PATCH', `/api/recordings/${recording.id}`, other.jar, { title: 'mine now' });
    assert.equal(res.status, 403);
  });

  test('recording settings: the owner switches recording off, and the next broadcast is not recorded', async () => {
    const { roomId, streamKey, jar } = await roomWithKey(server);
    let settings = await json(server, `/api/rooms/${roomId}/recording-settings`, jar);
    assert.equal(settings.status, 200);
    assert.equal(settings.body.enabled, true);
    assert.equal(typeof settings.body.roomQuotaMiB, 'number');
    assert.equal(settings.body.usedMiB, 0);
    assert.equal((await json(server, `/api/rooms/${roomId}/recording-settings`)).status, 401);
    const res = await send(server, 'PUT', `/api/rooms/${roomId}/recording-settings`, jar, { enabled: false });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).enabled, false);
    const { code } = await publish(`${server.rtmpUrl}/${streamKey}`, 3).done;
    assert.equal(code, 0);
    await sleep(1500);
    assert.deepEqual((await json(server, `/api/rooms/${roomId}/recordings`, jar)).body.recordings, []);
  });

  test('a reconnect inside the grace window continues the same recording after a discontinuity', async () => {
    const { roomId, streamKey, jar } = await roomWithKey(server);
    const first = publish(`${server.rtmpUrl}/${streamKey}`, 60);
    await waitFor(async () => (await json(server, `/api/rooms/${roomId}/recordings`, jar)).body.recordings[0]?.durationMs > 4000,
      { timeoutMs: 20000, what: 'the first part to be recorded' });
    await sleep(2000);
    await first.kill('SIGKILL');  // the connection drops: the broadcast waits for its encoder
    await sleep(1000);
    const { code } = await publish(`${server.rtmpUrl}/${streamKey}`, 6).done;
    assert.equal(code, 0);
    const list = await finishedRecordings(server, roomId, jar);
    assert.equal(list.length, 1, 'one recording for the whole broadcast');
    const recording = (await json(server, `/api/recordings/${list[0].id}`)).body;
    assert.equal(recording.state, 'complete');
    assert.equal(recording.timeline.length, 2, JSON.stringify(recording.timeline));
    const [a, b] = recording.timeline;
    assert.ok(b.atMs > a.atMs + a.durationSec * 1000 - 500, 'the second piece began later on the wall clock');
    assert.ok(Math.abs(b.mediaStartSec - (a.mediaStartSec + a.durationSec)) < 0.2, 'the pieces follow each other in the VOD');
    const playlist = await (await server.fetch(recording.playlistUrl)).text();
    assert.equal(playlist.match(/#EXT-X-DISCONTINUITY\n/g)?.length, 1, playlist);
    const vod = probe(`${server.baseUrl}${recording.playlistUrl}`);
    const expected = a.durationSec + b.durationSec;
    assert.ok(Math.abs(vod.duration - expected) < 4, `VOD ${vod.duration} s, timeline ${expected} s`);
    const videoGaps = gaps(vod.video, 1.5 / FPS).filter((g) => Math.abs(g.at - b.mediaStartSec) > 0.5);
    assert.deepEqual(videoGaps, [], 'no gap except at the discontinuity');
  });

  test('an OBS-like encode (keyframes every 250 frames, B-frames) is recorded without gaps', async () => {
    const { roomId, streamKey, jar } = await roomWithKey(server);
    const { code, stderr } = await publish(`${server.rtmpUrl}/${streamKey}`, 12, { gop: 250, bframes: 2 }).done;
    assert.equal(code, 0, stderr);
    const [recording] = await finishedRecordings(server, roomId, jar);
    const vod = probe(`${server.baseUrl}${recording.playlistUrl}`);
    // One keyframe in 8.3 s: the segments are as long as the GOP, so "within one segment" is that long.
    assert.ok(Math.abs(vod.duration - 12) < 9, `VOD duration ${vod.duration}`);
    assert.deepEqual(gaps(vod.video, 1.5 / FPS), []);
    const pts = vod.video.map((p) => Number(p.pts_time)).sort((x, y) => x - y);
    for (let i = 1; i < pts.length; i++) assert.ok(pts[i] - pts[i - 1] < 1.5 / FPS, `pts hole at ${pts[i]}`);
    assert.ok(decodesCleanly(`${server.baseUrl}${recording.downloadUrl}`).ok);
  });

  test('delete: refused while recording, then files and index go together', async () => {
    const { roomId, streamKey, jar } = await roomWithKey(server);
    const live = publish(`${server.rtmpUrl}/${streamKey}`, 60);
    let inProgress;
    await waitFor(async () => {
      inProgress = (await json(server, `/api/rooms/${roomId}/recordings`, jar)).body.recordings[0];
      return inProgress?.durationMs > 0;
    }, { timeoutMs: 20000, what: 'a recording in progress' });
    assert.equal(inProgress.state, 'recording');
    assert.equal(inProgress.endedAt, null);
    const eventPlaylist = await (await server.fetch(inProgress.playlistUrl)).text();
    assert.match(eventPlaylist, /#EXT-X-PLAYLIST-TYPE:EVENT/);
    assert.doesNotMatch(eventPlaylist, /ENDLIST/);
    let res = await send(server, 'DELETE', `/api/recordings/${inProgress.id}`, jar);
    assert.equal(res.status, 409);
    assert.equal((await res.json()).error.code, 'recording_in_progress');
    await live.kill('SIGINT');
    await send(server, 'POST', `/api/rooms/${roomId}/stop`, jar, {});
    const [done] = await finishedRecordings(server, roomId, jar);
    const folder = path.join(server.dataDir, 'recordings', done.id);
    assert.ok(existsSync(folder));
    res = await send(server, 'DELETE', `/api/recordings/${done.id}`, jar);
    assert.equal(res.status, 204);
    assert.ok(!existsSync(folder), 'the files are gone');
    assert.equal((await server.fetch(`/api/recordings/${done.id}`)).status, 404);
    assert.equal((await server.fetch(done.playlistUrl)).status, 404);
  });
});

describe('recordings after kill -9', () => {
  test('the server killed mid-broadcast leaves a playable recording marked cut_short', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sockstream-rec-kill-'));
    let server = await startServer({ dataDir });
    let encoder;
    try {
      const { roomId, streamKey, jar } = await roomWithKey(server);
      encoder = publish(`${server.rtmpUrl}/${streamKey}`, 60);
      await waitFor(async () => (await json(server, `/api/rooms/${roomId}/recordings`, jar)).body.recordings[0]?.durationMs > 8000,
        { timeoutMs: 30000, what: 'two segments on disk' });
      await sleep(1500);  // a fragment is half written now
      await server.stop('SIGKILL');
      await encoder.kill('SIGKILL');
      server = await startServer({ dataDir, httpPort: server.httpPort, rtmpPort: server.rtmpPort });
      const [recording] = (await json(server, `/api/rooms/${roomId}/recordings`, jar)).body.recordings;
      assert.equal(recording.state, 'cut_short');
      assert.ok(recording.stopReason);
      assert.ok(recording.endedAtMs >= recording.startedAtMs);
      const playlist = await (await server.fetch(recording.playlistUrl)).text();
      assert.match(playlist, /#EXT-X-ENDLIST/);
      const vod = probe(`${server.baseUrl}${recording.playlistUrl}`);
      assert.ok(Math.abs(vod.duration - recording.durationMs / 1000) < 1, `${vod.duration} vs ${recording.durationMs}`);
      assert.ok(decodesCleanly(`${server.baseUrl}${recording.downloadUrl}`).ok);
      assert.match(server.output, /cut short/);
    } finally {
      await encoder?.kill('SIGKILL');
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('recordings retention', () => {
  test('the room quota deletes the oldest recording, never the one in progress', async () => {
    const server = await startServer({
      configure: (config) => {
        config.plugins.find((p) => p.name === 'recordings').config = { roomQuotaMiB: 1.2 };
      },
    });
    try {
      const { roomId, streamKey, jar } = await roomWithKey(server);
      const ids = [];
      for (let i = 0; i < 3; i++) {
        const { code } = await publish(`${server.rtmpUrl}/${streamKey}`, 5, { bitrate: '600k' }).done;
        assert.equal(code, 0);
        const list = await finishedRecordings(server, roomId, jar, Math.min(i + 1, 2));
        ids.push(list[0].id);
        await sleep(500);
      }
      const list = (await json(server, `/api/rooms/${roomId}/recordings`, jar)).body.recordings;
      const total = list.reduce((sum, r) => sum + r.sizeBytes, 0);
      assert.ok(total <= 1.2 * 1024 * 1024, `room uses ${total} bytes`);
      assert.ok(!list.some((r) => r.id === ids[0]), 'the oldest went first');
      assert.equal(list[0].id, ids[2], 'the newest stays');
      assert.ok(!existsSync(path.join(server.dataDir, 'recordings', ids[0])));
      assert.match(server.output, /deleted recording [0-9a-f]{20} \(over the room's quota\)/);
    } finally {
      await server.stop();
      server.cleanup();
    }
  });

  test('recordings older than maxAgeDays are swept at start-up', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sockstream-rec-age-'));
    let server = await startServer({ dataDir });
    try {
      const { roomId, streamKey, jar } = await roomWithKey(server);
      assert.equal((await publish(`${server.rtmpUrl}/${streamKey}`, 3).done).code, 0);
      const [recording] = await finishedRecordings(server, roomId, jar);
      await server.stop();
      await sleep(1200);
      // 1/100000 of a day is 0.864 s: the recording is older than that now.
      server = await startServer({
        dataDir, httpPort: server.httpPort, rtmpPort: server.rtmpPort,
        configure: (config) => { config.plugins.find((p) => p.name === 'recordings').config = { maxAgeDays: 0.00001 }; },
      });
      await waitFor(async () => (await server.fetch(`/api/recordings/${recording.id}`)).status === 404,
        { timeoutMs: 10000, what: 'the old recording to be swept' });
      assert.ok(!existsSync(path.join(dataDir, 'recordings', recording.id)));
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('recordings on a full disk', () => {
  test('the live stream keeps playing and the recording stops with a reason', async (t) => {
    const root = mkdtempSync(path.join(tmpdir(), 'sockstream-rec-full-'));
    const mountPoint = path.join(root, 'small');
    mkdirSync(mountPoint);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { encoding: 'utf8' });
    if (mounted.status !== 0) {
      rmSync(root, { recursive: true, force: true });
      t.skip(`cannot mount a 3 MiB tmpfs here (${(mounted.stderr || '').trim() || 'not permitted'}): run as root to test a full disk`);
      return;
    }
    let server;
    let encoder;
    try {
      server = await startServer({
        configure: (config) => { config.plugins.find((p) => p.name === 'recordings').config = { directory: mountPoint }; },
      });
      const { roomId, streamKey, jar } = await roomWithKey(server);
      encoder = publish(`${server.rtmpUrl}/${streamKey}`, 60, { bitrate: '1500k' });
      let recording;
      await waitFor(async () => {
        recording = (await json(server, `/api/rooms/${roomId}/recordings`, jar)).body.recordings[0];
        return recording?.state === 'stopped';
      }, { timeoutMs: 40000, what: 'the recording to stop on the full disk' });
      assert.match(recording.stopReason, /disk is full/);
      // The live broadcast goes on: the room is live and its LL-HLS playlist keeps growing.
      const room = (await json(server, `/api/rooms/${roomId}`)).body.room;
      assert.equal(room.live, true);
      const hls = room.playback.find((p) => p.protocol === 'hls');
      const before = await (await server.fetch(hls.url)).text();
      await sleep(3000);
      const after = await (await server.fetch(hls.url)).text();
      assert.notEqual(after, before, 'the live playlist moved on');
      assert.equal((server.output.match(/stopped: the recordings disk is full/g) || []).length, 1, 'logged once');
      const playlist = await server.fetch(recording.playlistUrl);
      assert.equal(playlist.status, 200);
    } finally {
      await encoder?.kill('SIGKILL');
      await server?.stop();
      server?.cleanup();
      spawnSync('umount', [mountPoint]);
      rmSync(root, { recursive: true, force: true });
    }
  });
});
