// A fast start with OBS's default keyframe interval: ffmpeg publishes with
// `-g 250 -bf 2` (a keyframe every 8.3 s, 2 B-frames, like OBS 29's x264
// defaults) and viewers play the room with hls.js in Debian's headless
// Chromium using the web app's own settings (web/src/lib/hlsConfig.js): one
// who waits before the encoder starts, one who arrives mid-GOP. Behaviour is
// asserted with generous bounds; bench/start measures the figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, CookieJar, waitFor, sleep, repoRoot } from './lib/server.mjs';
import { chromiumPath, launchChromium, closeChromium } from './lib/chromium.mjs';

const hlsScript = path.join(repoRoot, 'tests', 'node_modules', 'hls.js', 'dist', 'hls.min.js');

let server;
let publisher;
let context;
let roomId;
let publishUrl;
let playerConfigSource;
let catchUpSource;
let waitingViewer;
const playlistsSeen = [];
let stopWatching = false;
let watcher;

/** A page that polls for the playlist (as the app's player retries) and then plays it with hls.js. */
async function openViewer() {
  const source = `${server.baseUrl}/hls/${roomId}/index.m3u8`;
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${server.baseUrl}/api/features`);
  await page.setContent('<!doctype html><title>player</title><video id="video" muted autoplay playsinline></video>');
  await page.addScriptTag({ path: hlsScript });
  // The web app's settings module as a classic script (only hls.js's public options).
  await page.addScriptTag({ content: `${playerConfigSource.replace(/^export /gm, '')}\nwindow.hlsConfig = hlsConfig;` });
  // And the player's catch-up to live, which the web app runs beside hls.js.
  await page.addScriptTag({ content: `(() => { ${catchUpSource.replace(/^export /gm, '')}\nwindow.liveCatchUp = liveCatchUp; })();` });
  await page.evaluate(([url]) => {
    const video = document.getElementById('video');
    window.viewer = { fatal: [], frames: 0, wholeSegmentLoads: [] };
    const countFrame = () => { window.viewer.frames += 1; video.requestVideoFrameCallback(countFrame); };
    video.requestVideoFrameCallback(countFrame);
    const start = () => {
      const hls = new window.Hls(window.hlsConfig(window.Hls));
      window.viewer.hls = hls;
      window.liveCatchUp(hls, video);
      hls.on(window.Hls.Events.ERROR, (event, data) => { if (data.fatal) window.viewer.fatal.push(`${data.type}/${data.details}`); });
      hls.on(window.Hls.Events.MANIFEST_PARSED, () => video.play().catch(() => {}));
      // A media segment loaded whole instead of part by part: hls.js fell back from part loading.
      hls.on(window.Hls.Events.FRAG_LOADING, (event, data) => {
        if (!data.part && data.frag.sn !== 'initSegment') window.viewer.wholeSegmentLoads.push(data.frag.sn);
      });
      hls.loadSource(url);
      hls.attachMedia(video);
    };
    const poll = async () => {
      const res = await fetch(url, { cache: 'no-store' }).catch(() => null);
      if (res && res.ok) start();
      else setTimeout(poll, 200);
    };
    poll();
  }, [source]);
  const state = () => page.evaluate(() => {
    const video = document.getElementById('video');
    const { hls, fatal, frames, wholeSegmentLoads } = window.viewer;
    const details = hls?.levels?.[hls.currentLevel]?.details || hls?.levels?.[0]?.details;
    return { frames, fatal, currentTime: video.currentTime, paused: video.paused, edge: details ? details.edge : null, wholeSegmentLoads };
  });
  return { page, state, pageErrors };
}

before(async () => {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install chromium (scripts/deps/apt-hls.txt)`);
  assert.ok(existsSync(hlsScript), `${hlsScript} is missing: npm install in tests/`);
  playerConfigSource = readFileSync(path.join(repoRoot, 'web', 'src', 'lib', 'hlsConfig.js'), 'utf8');
  catchUpSource = readFileSync(path.join(repoRoot, 'web', 'src', 'lib', 'liveCatchUp.js'), 'utf8');
  // The shipped hls settings (2 s target, 0.334 s parts).
  server = await startServer();
  const jar = new CookieJar();
  const signUp = await server.postJson(jar, '/api/auth/sign-up/email', { name: 'Host', email: `start-${Date.now()}@example.com`, password: 'a long enough password 123' });
  assert.ok(signUp.ok, `sign-up: ${signUp.status}`);
  const created = await server.postJson(jar, '/api/rooms', { channelId: 'gaming', title: 'OBS defaults' });
  assert.equal(created.status, 201);
  roomId = (await created.json()).room.id;
  const key = await (await server.postJson(jar, `/api/rooms/${roomId}/stream-key`)).json();
  publishUrl = key.ingest.find((e) => e.protocol === 'rtmp').publishUrl;

  context = await launchChromium();
  // This viewer is on the page before the encoder starts.
  waitingViewer = await openViewer();
  // Every media playlist a client could get from the first moment on.
  watcher = (async () => {
    while (!stopWatching) {
      const res = await server.fetch(`/hls/${roomId}/media.m3u8`).catch(() => null);
      if (res && res.ok) playlistsSeen.push(await res.text());
      await sleep(100);
    }
  })();
  publisher = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '120', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '250', '-bf', '2', '-pix_fmt', 'yuv420p',
    '-b:v', '1000k', '-maxrate', '1000k', '-bufsize', '1000k', '-c:a', 'aac', '-b:a', '128k',
    '-f', 'flv', publishUrl], { stdio: ['ignore', 'ignore', 'pipe'] });
});

after(async () => {
  stopWatching = true;
  await watcher;
  await closeChromium(context);
  context = null;
  if (publisher && publisher.exitCode === null) publisher.kill('SIGKILL');
  if (server) {
    await server.stop();
    server.cleanup();
  }
});

/** Plays for a while, then checks the picture advances and sits near the live edge. */
async function assertPlaysNearTheLiveEdge(viewer, what) {
  const first = await waitFor(async () => {
    const s = await viewer.state();
    assert.deepEqual(s.fatal, [], `${what}: fatal hls.js errors: ${s.fatal.join(', ')}`);
    return s.frames > 0 ? s : null;
  }, { timeoutMs: 20000, intervalMs: 200, what: `${what}: a first frame` });
  await sleep(8000);
  const later = await viewer.state();
  assert.deepEqual(later.fatal, [], `${what}: fatal hls.js errors: ${later.fatal.join(', ')}`);
  assert.deepEqual(viewer.pageErrors, []);
  assert.ok(!later.paused, `${what}: the video is playing`);
  assert.ok(later.currentTime > first.currentTime + 4, `${what}: the video advanced only ${(later.currentTime - first.currentTime).toFixed(2)} s in 8 s`);
  // A generous bound: with a start at a segment boundary the player would sit a
  // keyframe interval (8.3 s) behind, or never start at all.
  const behind = later.edge - later.currentTime;
  assert.ok(behind < 4, `${what}: ${behind.toFixed(2)} s behind the live edge after 8 s of play`);
  console.log(`# ${what}: ${behind.toFixed(2)} s behind the live edge of the playlist`);
}

test('a viewer waiting before an OBS-default encoder starts sees it and plays near the live edge', async () => {
  await assertPlaysNearTheLiveEdge(waitingViewer, 'waiting viewer');
});

// Does not depend on the machine's speed: which requests hls.js makes. Its
// parts of the first segment used to be dropped from its loaded list (hls.js
// 1.7.4 treats a segment numbered 0 as "none" there), so it could not go on
// part by part into the next segments, which start without a keyframe: it
// loaded segments 1-3 whole, each once complete, and stalled at every
// boundary until the second keyframe (plugins/hls/README.md).
test('the waiting viewer loads the first GOP part by part, never a whole segment', async () => {
  // Past the second keyframe (8.3 s), from which on it always loads parts.
  const s = await waitFor(async () => {
    const now = await waitingViewer.state();
    return now.currentTime > 9 ? now : null;
  }, { timeoutMs: 20000, intervalMs: 200, what: 'the waiting viewer to play past the second keyframe' });
  assert.deepEqual(s.wholeSegmentLoads, [], `hls.js fell back to loading whole segments ${s.wholeSegmentLoads.join(', ')}`);
});

test('a viewer arriving in the middle of an 8.3 s GOP starts at once near the live edge', async () => {
  // The second keyframe comes 8.3 s in; arrive when the newest one is a few seconds old.
  await waitFor(async () => {
    const text = playlistsSeen[playlistsSeen.length - 1] || '';
    return (text.match(/INDEPENDENT=YES/g) || []).length >= 2 && (text.match(/#EXTINF/g) || []).length >= 2;
  }, { timeoutMs: 30000, intervalMs: 200, what: 'a second keyframe' });
  await sleep(2500);
  const joiner = await openViewer();
  await assertPlaysNearTheLiveEdge(joiner, 'viewer arriving mid-GOP');
  await joiner.page.close();
});

test('no playlist ever lists only parts; every one says where to start; the target duration never changes', async () => {
  assert.ok(playlistsSeen.length > 50, `only ${playlistsSeen.length} playlists seen`);
  const targets = new Set();
  let cutBetweenKeyframes = 0;
  for (const text of playlistsSeen) {
    assert.match(text, /#EXTINF:/, `a playlist without a complete segment (hls.js refuses it):\n${text}`);
    // RFC 8216bis: EXT-X-TARGETDURATION MUST NOT change; it is the 2 s ceiling
    // from the first playlist on, and no segment is longer, keyframe or not.
    targets.add(Number(text.match(/#EXT-X-TARGETDURATION:(\d+)/)[1]));
    const segments = text.match(/#EXTINF:([\d.]+)/g).map((line) => Number(line.slice(8)));
    // (A segment starts only where a part may: at most one B-frame group, 0.1 s, past the ceiling.)
    for (const duration of segments) assert.ok(duration <= 2.1 && Math.round(duration) <= 2, `a ${duration} s segment with a 2 s ceiling:\n${text}`);
    // A segment cut between keyframes starts without an INDEPENDENT=YES part,
    // and then the playlist does not claim EXT-X-INDEPENDENT-SEGMENTS.
    const blocks = text.split('#EXT-X-PROGRAM-DATE-TIME:').slice(1);
    const dependentStart = blocks.some((block) => {
      const firstPart = block.match(/#EXT-X-PART:[^\n]*/);
      return firstPart && !/INDEPENDENT=YES/.test(firstPart[0]);
    });
    if (dependentStart) {
      cutBetweenKeyframes += 1;
      assert.ok(!text.includes('#EXT-X-INDEPENDENT-SEGMENTS'), `a segment cut between keyframes is declared independent:\n${text}`);
    }
    const start = text.match(/#EXT-X-START:TIME-OFFSET=(-[\d.]+),PRECISE=YES/);
    assert.ok(start, `no EXT-X-START:\n${text}`);
    // The part at that offset from the end of the last part starts with a keyframe.
    const parts = [...text.matchAll(/#EXT-X-PART:DURATION=([\d.]+),URI="[^"]+"(,INDEPENDENT=YES)?/g)]
      .map((m) => ({ duration: Number(m[1]), independent: Boolean(m[2]) }));
    const edge = parts.reduce((sum, p) => sum + p.duration, 0);
    let at = 0;
    const pointed = parts.find((p) => { const hit = Math.abs(at - (edge + Number(start[1]))) < 0.002; at += p.duration; return hit; });
    assert.ok(pointed, `EXT-X-START names no part start:\n${text}`);
    assert.ok(pointed.independent, `EXT-X-START names a part without a keyframe:\n${text}`);
    // INDEPENDENT=YES only where a keyframe is: one every 250 frames (8.33 s).
    at = 0;
    const independentAt = [];
    for (const p of parts) { if (p.independent) independentAt.push(at); at += p.duration; }
    for (let i = 1; i < independentAt.length; i += 1) {
      const gap = independentAt[i] - independentAt[i - 1];
      assert.ok(Math.abs(gap - 250 / 30) < 0.05, `INDEPENDENT=YES parts ${gap.toFixed(3)} s apart with a keyframe every 8.33 s:\n${text}`);
    }
  }
  assert.deepEqual([...targets], [2], 'EXT-X-TARGETDURATION changed during the stream');
  assert.ok(cutBetweenKeyframes > 0, 'no segment was cut between keyframes');
  const multivariant = await (await server.fetch(`/hls/${roomId}/index.m3u8`)).text();
  assert.ok(!multivariant.includes('INDEPENDENT-SEGMENTS'), multivariant);
});

/** Where each track of one fMP4 segment starts and ends on screen (ffprobe: pts, pts + duration), in seconds. */
function trackSpans(file) {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'packet=stream_index,pts_time,duration_time:stream=index,codec_type',
    '-of', 'json', file], { encoding: 'utf8', timeout: 30000 });
  assert.equal(probe.status, 0, probe.stderr);
  const json = JSON.parse(probe.stdout);
  const span = (kind) => {
    const index = json.streams.find((s) => s.codec_type === kind)?.index;
    const packets = json.packets.filter((p) => p.stream_index === index);
    assert.ok(packets.length > 0, `${file}: no ${kind}`);
    return {
      start: Math.min(...packets.map((p) => Number(p.pts_time))),
      end: Math.max(...packets.map((p) => Number(p.pts_time) + Number(p.duration_time))),
    };
  };
  return { video: span('video'), audio: span('audio') };
}

test('consecutive segments end their audio where their video ends, with no audio gap or overlap (ffprobe)', async () => {
  // A segment whose audio ended before its video (the B-frame delay plus up to
  // one AAC frame) left the end of the browser's buffer inside it, and hls.js
  // loaded it again and again at the start of a broadcast.
  const text = await waitFor(async () => {
    const res = await server.fetch(`/hls/${roomId}/media.m3u8`);
    const body = res.ok ? await res.text() : '';
    return (body.match(/#EXTINF/g) || []).length >= 4 ? body : null;
  }, { timeoutMs: 30000, intervalMs: 200, what: 'four complete segments' });
  const map = text.match(/#EXT-X-MAP:URI="([^"]+)"/)[1];
  const uris = text.split('\n').filter((line) => line && !line.startsWith('#'));
  const fetchBytes = async (uri) => {
    const res = await server.fetch(`/hls/${roomId}/${uri}`);
    assert.equal(res.status, 200, uri);
    return Buffer.from(await res.arrayBuffer());
  };
  const init = await fetchBytes(map);
  const dir = mkdtempSync(path.join(tmpdir(), 'hls-align-'));
  try {
    const audioFrame = 1024 / 48000;  // one AAC frame at the encoder's 48 kHz
    let previous = null;
    for (const uri of uris) {
      const file = path.join(dir, `${uri}.mp4`);
      writeFileSync(file, Buffer.concat([init, await fetchBytes(uri)]));
      const { video, audio } = trackSpans(file);
      // Times are whole milliseconds on an RTMP ingest: 1 ms of rounding either way.
      assert.ok(audio.end >= video.end - 0.001, `${uri}: audio ends ${((video.end - audio.end) * 1000).toFixed(1)} ms before its video`);
      assert.ok(audio.end - video.end <= audioFrame + 0.003, `${uri}: audio runs ${((audio.end - video.end) * 1000).toFixed(1)} ms past its video`);
      if (previous) {
        assert.ok(Math.abs(audio.start - previous.audio.end) <= 0.001,
          `${uri}: audio starts ${((audio.start - previous.audio.end) * 1000).toFixed(1)} ms after the previous segment's audio ends`);
        assert.ok(Math.abs(video.start - previous.video.end) <= 0.001, `${uri}: video does not continue the previous segment's`);
      }
      previous = { video, audio };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

