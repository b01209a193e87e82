// A viewer opening a live room whose encoder runs OBS's defaults (x264, a
// keyframe every 250 frames = 8.3 s at 30 fps, 2 B-frames, 2500 kbit/s), in
// the web app's real room page and Player (web/dist) in Chromium. The player
// can only start decoding at a keyframe: it must start at the newest one
// (the server's EXT-X-START) and show it, not wait for the next one up to
// 8.3 s later, and then catch up with live (web/src/lib/liveCatchUp.js).
// The picture carries a frame counter (20 black/white blocks of 32 px, as in
// bench/start) so the test knows which frame the page shows. How fast is
// measured by bench/start, not asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { waitFor, sleep } from '../integration/lib/server.mjs';
import { createRoomAsHost } from './lib/host.mjs';
import { e2eHarness } from './lib/harness.mjs';
import { counterGraph, recordPresentedFrames } from './lib/frameCounter.mjs';
import { onFlvVideoTags } from '../../bench/lib/flvTags.mjs';

const harness = e2eHarness();
const { skip } = harness;
let publisher;
harness.onCleanup(() => {
  for (const child of [publisher, waitingPublisher]) {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});
let waitingPublisher;
const unique = `${process.pid}-${Date.now()}`;
const host = { name: 'Olga OBS', email: `olga-${unique}@example.com`, password: 'olga password 1' };
const FPS = 30;
const GOP = 250;

/** ffmpeg with OBS 29's Simple-output x264 defaults and a frame counter burned into the top-left corner. */
function publishObsDefaults(url) {
  const graph = counterGraph('640x360');
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', graph, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '120',
    '-c:v', 'libx264', '-preset', 'veryfast', '-g', String(GOP), '-bf', '2', '-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '2500k',
    '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '160k', '-map', '0:v', '-map', '1:a', '-flags', '+global_header', '-flvflags', 'no_duration_filesize',
    // One encoder, two copies: the server's RTMP session and a pipe that tells when each frame left the encoder.
    '-f', 'tee', `[f=flv]${url}|[f=flv]pipe\\:1`], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.output = '';
  child.stderr.on('data', (d) => { child.output = (child.output + d).slice(-2000); });
  // Presentation time (ms) of each video frame -> wall clock when ffmpeg pushed it.
  const pushed = new Map();
  onFlvVideoTags(child.stdout, ({ timestamp, compositionTime, avcNalu, receivedAt }) => {
    if (avcNalu) pushed.set(timestamp + compositionTime, receivedAt);
  });
  /** Wall clock at which the frame whose burned-in counter is `n` was pushed, or null. */
  child.pushedAtFrame = (n) => {
    if (!pushed.size) return null;
    const pts = Math.min(...pushed.keys()) + (n * 1000) / FPS;
    for (const delta of [0, 1, -1, 2, -2]) {
      const at = pushed.get(Math.round(pts) + delta);
      if (at !== undefined) return at;
    }
    return null;
  };
  return child;
}

/** A viewer's room page (the app's real Player) recording every presented frame: { viewerContext, page, pageErrors }. */
async function openRoomPage(browser, baseUrl, roomId) {
  const viewerContext = await browser.newContext();
  const page = await viewerContext.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Before the app's scripts: every frame the Player's <video> presents, with its counter.
  await page.addInitScript(recordPresentedFrames);
  await page.goto(`${baseUrl}/r/${encodeURIComponent(roomId)}`);
  return { viewerContext, page, pageErrors };
}

/** Signs a host up, creates a room and reveals its stream key: { roomId, url, hostContext }. */
async function roomWithKey(browser, baseUrl, who, title) {
  const hostContext = await browser.newContext();
  const hostPage = await hostContext.newPage();
  const roomId = await createRoomAsHost(hostPage, baseUrl, who, title);
  await hostPage.getByRole('button', { name: 'Create stream key' }).click();
  await hostPage.getByRole('button', { name: 'Reveal stream key' }).click();
  const key = await hostPage.getByLabel('Stream key', { exact: true }).inputValue();
  const rtmp = await hostPage.getByLabel('Server', { exact: true }).inputValue();
  return { roomId, url: `${rtmp.replace(/\/$/, '')}/${key}`, hostContext };
}

test("a viewer opening a room mid-GOP of an OBS-default stream sees the newest keyframe's GOP at once, then catches up", { skip, timeout: 180000 }, async (t) => {
  const { server, browser } = harness;
  const { roomId, url, hostContext } = await roomWithKey(browser, server.baseUrl, host, `OBS defaults ${unique}`);
  const startedAt = Date.now();
  publisher = publishObsDefaults(url);

  // Arrive 4 s after the second keyframe (frame 250, 8.3 s in) is listed,
  // when the newest keyframe is about 5 s old: the next one (frame 500) is
  // still 4 s away, so a player that waits for a keyframe instead of starting
  // at the listed one shows frame 500 or later first, and one that starts
  // there but does not catch up stays 5–7 s behind.
  await waitFor(async () => {
    const res = await server.fetch(`/hls/${roomId}/media.m3u8`).catch(() => null);
    const text = res && res.ok ? await res.text() : '';
    return (text.match(/INDEPENDENT=YES/g) || []).length >= 2;
  }, { timeoutMs: 40000, intervalMs: 200, what: `the second keyframe in the playlist (ffmpeg: ${publisher.output})` });
  await sleep(4000);

  const { viewerContext, page, pageErrors } = await openRoomPage(browser, server.baseUrl, roomId);
  const frames = () => page.evaluate(() => window.framesShown.frames);

  await waitFor(async () => (await page.locator('[data-player-state]').getAttribute('data-player-state')) === 'playing', {
    timeoutMs: 30000, intervalMs: 100, what: `the player to show "playing" (ffmpeg: ${publisher.output})`,
  });
  const shown = await waitFor(async () => { const f = await frames(); return f.length ? f : null; }, {
    timeoutMs: 10000, intervalMs: 100, what: 'a presented frame',
  });
  const first = shown[0][1];
  t.diagnostic(`first frame shown: #${first}; ${((shown[0][0] - startedAt) / 1000).toFixed(1)} s after ffmpeg started`);
  assert.ok(first >= GOP && first < 2 * GOP,
    `the first frame shown is #${first}: a player starting at the newest keyframe (frame ${GOP}) shows a frame of its GOP, not one after the next keyframe (${2 * GOP})`);

  // Catching up: 12 s later the picture runs near live, not a GOP behind.
  // Behind = frames ffmpeg has produced by now (-re paces at 30 fps from its
  // start) − the frame shown; ffmpeg's own start-up and x264's lookahead count
  // in it (about 1 s), so the bound is generous. Without catching up it stays 5–7 s.
  await sleep(12000);
  const recent = await frames();
  const [shownAt, n] = recent[recent.length - 1];
  const behind = (shownAt - startedAt) / 1000 - n / FPS;
  t.diagnostic(`after 12 s the picture shows #${n}, about ${behind.toFixed(1)} s behind the encoder's clock`);
  assert.ok(Date.now() - shownAt < 2000, 'frames are still being presented');
  assert.ok(behind < 4.5, `${behind.toFixed(1)} s behind the encoder after 12 s: the player did not catch up with live`);
  assert.equal(await page.locator('[data-player-state]').getAttribute('data-player-state'), 'playing');
  assert.deepEqual(pageErrors, []);

  publisher.kill('SIGINT');
  await viewerContext.close();
  await hostContext.close();
});

// A viewer who opened the room before the host pressed "Start Streaming"
// (OBS's defaults again). It starts at the first keyframe, about 2 s behind
// (the server lists the first segment once it is complete), and must then get
// under 2 s. Before the fix it stayed at 2.3-2.7 s: hls.js 1.7.4 did not
// count the first segment's parts as loaded when that segment was number 0
// (plugins/hls now starts at 1), fell back to whole segments until the second
// keyframe and stalled at each boundary; each stall raised hls.js's target
// latency for good, and liveCatchUp.js aimed at that raised target.
// Latency = when the page showed a frame - when ffmpeg pushed it (its FLV
// copy on a pipe), so the encoder's start-up does not count; the bound is the
// issue's 2 s, over the median of several seconds (how fast exactly is
// measured by bench/start, not asserted here).
test('a viewer waiting on the room page when an OBS-default stream starts is under 2 s behind some seconds after its first frame', { skip, timeout: 180000 }, async (t) => {
  const { server, browser } = harness;
  const waitingHost = { name: 'Wanda Waiting', email: `wanda-${unique}@example.com`, password: 'wanda password 1' };
  const { roomId, url, hostContext } = await roomWithKey(browser, server.baseUrl, waitingHost, `OBS waiting ${unique}`);

  const { viewerContext, page, pageErrors } = await openRoomPage(browser, server.baseUrl, roomId);
  await page.locator('[data-player-state]').waitFor({ timeout: 15000 });

  waitingPublisher = publishObsDefaults(url);
  const frames = () => page.evaluate(() => window.framesShown);
  const first = await waitFor(async () => (await frames()).firstFrame, {
    timeoutMs: 40000, intervalMs: 100, what: `the waiting viewer's first frame (ffmpeg: ${waitingPublisher.output})`,
  });
  const latencyOf = ([shownAt, n]) => {
    const pushedAt = waitingPublisher.pushedAtFrame(n);
    return pushedAt === null ? null : (shownAt - pushedAt) / 1000;
  };
  t.diagnostic(`first frame #${first.n} (${first.way}), ${latencyOf([first.at, first.n])?.toFixed(2)} s after ffmpeg pushed it`);

  // From 8 to 14 s after the first frame: the median latency of every frame shown then.
  await sleep(Math.max(0, first.at + 14000 - Date.now()));
  const shown = (await frames()).frames.filter(([at]) => at >= first.at + 8000 && at <= first.at + 14000);
  const latencies = shown.map(latencyOf).filter((x) => x !== null).sort((a, b) => a - b);
  assert.ok(latencies.length > 60, `frames kept being shown 8-14 s after the first one (${latencies.length})`);
  const median = latencies[Math.floor(latencies.length / 2)];
  const perSecond = [];
  for (let s = 8; s < 14; s += 1) {
    const second = shown.filter(([at]) => at >= first.at + s * 1000 && at < first.at + (s + 1) * 1000).map(latencyOf).filter((x) => x !== null).sort((a, b) => a - b);
    perSecond.push(second.length ? second[Math.floor(second.length / 2)].toFixed(2) : '—');
  }
  const way = await page.evaluate(() => (document.querySelector('video')?.srcObject ? 'webrtc' : 'hls'));
  t.diagnostic(`now playing over ${way}; latency 8-14 s after the first frame: median ${median.toFixed(2)} s; per second ${perSecond.join(', ')} s`);
  assert.ok(median < 2, `the waiting viewer is ${median.toFixed(2)} s behind 8-14 s after its first frame: latency did not settle under 2 s`);
  assert.equal(await page.locator('[data-player-state]').getAttribute('data-player-state'), 'playing');
  assert.deepEqual(pageErrors, []);

  waitingPublisher.kill('SIGINT');
  await viewerContext.close();
  await hostContext.close();
});
