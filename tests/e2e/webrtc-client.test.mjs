// The web app's WHEP client and WebRTC player in Chromium, before the server
// speaks WHEP itself: the room, its LL-HLS and chat are the real server's (a
// real ffmpeg publishes over RTMP), and the room's JSON is given one more
// playback entry, { protocol: "whep", url: "/whep/<id>", latency: "real-time" },
// whose POST is answered by a second Chromium page acting as the WHEP server
// (an RTCPeerConnection sending a canvas and a tone). So the offer, the 201
// with Location, ICE, DTLS, getStats, DELETE, switching and the fallback run
// in a real browser against a real WebRTC peer; webrtc-player.test.mjs plays
// the same against the server's own WHEP once it has it. Both browsers' host
// candidates are this machine's own addresses: the media never leaves it.
// Screenshots at both sizes: tests/artifacts/screenshots/webrtc-client-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../integration/lib/server.mjs';
import { desktopViewport, screenshot, watchConsole } from './lib/browser.mjs';
import { e2eHarness } from './lib/harness.mjs';
import { goLiveAsHost } from './lib/host.mjs';

const harness = e2eHarness();
let publisher;
harness.onCleanup(() => publisher?.stop());

const unique = `${process.pid}-${Date.now()}`;
const host = { name: 'Pia Peer', email: `pia-${unique}@example.com`, password: 'pia password 1' };

/** Runs in the peer page: answers a WHEP offer with a canvas and a tone, like a WHEP server. */
function installWhepPeer() {
  window.peers = [];
  window.answerOffer = async (offerSdp) => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
    const context2d = canvas.getContext('2d');
    let hue = 0;
    setInterval(() => { hue = (hue + 7) % 360; context2d.fillStyle = `hsl(${hue} 80% 50%)`; context2d.fillRect(0, 0, 320, 180); }, 33);
    const video = canvas.captureStream(30).getVideoTracks()[0];
    const audioContext = new AudioContext();
    const tone = audioContext.createOscillator();
    const sink = audioContext.createMediaStreamDestination();
    tone.connect(sink);
    tone.start();
    const audio = sink.stream.getAudioTracks()[0];

    const pc = new RTCPeerConnection();
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    for (const transceiver of pc.getTransceivers()) {
      await transceiver.sender.replaceTrack(transceiver.receiver.track.kind === 'video' ? video : audio);
      transceiver.direction = 'sendonly';
    }
    await pc.setLocalDescription(await pc.createAnswer());
    if (pc.iceGatheringState !== 'complete') {
      await new Promise((resolve) => {
        pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve(); });
        setTimeout(resolve, 3000);
      });
    }
    window.peers.push(pc);
    return pc.localDescription.sdp;
  };
}

const playerState = (page) => page.locator('[data-player-state]').getAttribute('data-player-state');
const playbackProtocol = (page) => page.getByTestId('playback-mode').getAttribute('data-protocol').catch(() => null);
async function waitForPlaying(page, protocol, what, timeoutMs = 45000) {
  await waitFor(async () => (await playerState(page)) === 'playing' && (await playbackProtocol(page)) === protocol, {
    timeoutMs, intervalMs: 200, what: `${what} (player "${await playerState(page)}" over "${await playbackProtocol(page)}")`,
  });
}

test('the web app\'s WHEP client plays from a real WebRTC peer, switches, ends sessions and falls back', { skip: harness.skip, timeout: 300000 }, async (t) => {
  const { server, browser } = harness;
  const hostContext = await browser.newContext({ viewport: desktopViewport });
  const hostPage = await hostContext.newPage();
  const peerPage = await (await browser.newContext()).newPage();
  await peerPage.goto(`${server.baseUrl}/api/features`);
  await peerPage.evaluate(installWhepPeer);
  let roomUrl;
  let roomId;
  ({ roomUrl, roomId, publisher } = await goLiveAsHost(hostPage, server.baseUrl, host, { title: `Peer ${unique}`, publish: { seconds: 240 } }));
  const whepUrl = `/whep/${roomId}`;

  /** A viewer whose room JSON offers WHEP, answered by the peer page (`mangle` may change both SDPs on the way). */
  async function viewer({ mangle = (sdp) => sdp, label }) {
    const context = await browser.newContext({ viewport: desktopViewport });
    const seen = { posts: 0, deletes: [], offers: [] };
    await context.route(`**/api/rooms/${encodeURIComponent(roomId)}`, async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      body.room.playback = [{ protocol: 'whep', url: whepUrl, mimeType: 'application/sdp', latency: 'real-time', thumbnailUrl: null, available: true, unavailableReason: null }, ...body.room.playback];
      await route.fulfill({ response, json: body });
    });
    await context.route('**/whep/**', async (route) => {
      const request = route.request();
      if (request.method() === 'POST') {
        seen.posts += 1;
        seen.offers.push({ type: request.headers()['content-type'], sdp: request.postData() });
        const sdp = await peerPage.evaluate((offer) => window.answerOffer(offer), mangle(request.postData()));
        return route.fulfill({ status: 201, headers: { Location: `${whepUrl}/sessions/${seen.posts}` }, contentType: 'application/sdp', body: mangle(sdp) });
      }
      if (request.method() === 'DELETE') {
        seen.deletes.push(new URL(request.url()).pathname);
        return route.fulfill({ status: 204 });
      }
      return route.fulfill({ status: 405 });
    });
    const page = await context.newPage();
    const logs = watchConsole(page, label);
    t.after(() => { if (t.passed === false) console.log(logs.join('\n')); });
    await page.goto(roomUrl);
    return { context, page, seen };
  }

  await t.test('it plays over WebRTC first: tracks arrive, frames advance, the way and the getStats latency show', async () => {
    const { context, page, seen } = await viewer({ label: 'viewer' });
    await waitForPlaying(page, 'whep', 'the player to play the peer over WebRTC');
    const media = await page.locator('video').evaluate(async (v) => {
      const before = v.currentTime;
      await new Promise((resolve) => { setTimeout(resolve, 1000); });
      return { video: v.srcObject?.getVideoTracks().length, audio: v.srcObject?.getAudioTracks().length, advanced: v.currentTime > before };
    });
    assert.deepEqual(media, { video: 1, audio: 1, advanced: true });
    await waitFor(async () => /^Latency: *(\d+ ms|\d+\.\d s)$/.test(await page.getByTestId('latency').textContent()), { timeoutMs: 10000, what: 'a latency from getStats' });
    assert.equal(seen.posts, 1);
    const [offer] = seen.offers;
    assert.equal(offer.type, 'application/sdp');
    assert.equal(offer.sdp.match(/^a=recvonly/gm)?.length, 2, 'an audio and a video section, both receive-only');
    assert.match(offer.sdp, /^a=candidate:/m, 'the offer carries its candidates (no trickle)');
    assert.equal(await page.getByRole('combobox', { name: 'Playback' }).inputValue(), whepUrl);
    await screenshot(page, 'webrtc-client-playing');

    // The viewer switches to LL-HLS: the session is DELETEd at its Location, HLS plays; and back.
    await page.getByRole('combobox', { name: 'Playback' }).selectOption({ label: 'Low latency (HLS)' });
    await waitForPlaying(page, 'hls', 'LL-HLS after the switch');
    await waitFor(() => seen.deletes.length === 1, { timeoutMs: 5000, what: 'a DELETE of the session' });
    assert.deepEqual(seen.deletes, [`${whepUrl}/sessions/1`]);
    await page.getByRole('combobox', { name: 'Playback' }).selectOption({ label: 'Real-time (WebRTC)' });
    await waitForPlaying(page, 'whep', 'WebRTC after switching back');
    assert.equal(seen.posts, 2);

    // The peer goes away after playing: the player starts WebRTC again rather than giving up on it.
    await peerPage.evaluate(() => window.peers.at(-1).close());
    await waitFor(() => seen.posts === 3, { timeoutMs: 30000, what: 'a new WHEP session after the connection was lost' });
    await waitForPlaying(page, 'whep', 'WebRTC again after the peer came back');
    await context.close();
  });

  await t.test('candidates that cannot be reached (as with UDP blocked) fall back to LL-HLS within seconds, saying why', async () => {
    // Every candidate on port 9 (discard), in the offer and the answer: neither side's
    // checks reach the other, as when UDP is blocked (the peer page, unlike our ICE-lite
    // server, checks too, so the answer's alone would not do).
    const unreachable = (sdp) => sdp.replace(/^(a=candidate:\S+ \d+ \S+ \d+ \S+ )\d+/gm, (line, prefix) => `${prefix}9`);
    const { context, page, seen } = await viewer({ mangle: unreachable, label: 'blocked viewer' });
    await waitForPlaying(page, 'hls', 'the fallback to LL-HLS');
    assert.match(await page.getByTestId('playback-notice').textContent(),
      /^Real-time playback did not work: (it did not connect within 5 seconds|the connection failed \(ICE or DTLS).*Playing Low latency \(HLS\) instead\.$/);
    assert.equal(seen.posts, 1);
    await waitFor(() => seen.deletes.length === 1, { timeoutMs: 5000, what: 'the failed session to be DELETEd' });
    await screenshot(page, 'webrtc-client-fallback');
    await context.close();
  });

  await peerPage.context().close();
  await hostContext.close();
});
