// WebRTC under real packet loss, with Debian's Chromium as the peer. The
// server's answer names a lossy UDP relay as its host candidate
// (`candidatePort`, as behind NAT port forwarding); the relay forwards to the
// real UDP port and drops a fixed pseudo-random share of the media (SRTP)
// datagrams of one direction. STUN, DTLS and RTCP always pass: ICE and the
// handshake have their own retransmissions, and this file is about the media's.
//
// - WHEP playback (server -> browser loses ~4 %): Chromium NACKs, the server
//   retransmits from its history (its Prometheus counters say so), and the
//   picture keeps being decoded without freezing.
// - WHIP ingest (browser -> server loses ~4 %): the server NACKs the publisher,
//   Chromium retransmits, and the room's LL-HLS decodes.
// - PLI (a server of its own whose history is too short to answer late
//   NACKs, a keyframe only every 10 s): five packets lost for good stop the
//   picture, Chromium sends a PLI, the server answers with the cached keyframe
//   group, and decoding goes on before the encoder makes another keyframe.
//   Its relay keeps the kernel's default 208 KiB receive buffer, as a
//   browser's receive path has: the group (~300 packets) is paced, so the
//   answer to the first PLI repairs the picture (an unpaced burst was lost
//   there and only the answer to a second PLI, 3 s later, repaired it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { startServer, waitFor, sleep } from './lib/server.mjs';
import { roomWithKey, roomLive, run } from './lib/publishing.mjs';
import { chromiumPath, launchBrowser, closeChromium, loopbackWebrtcArgs, fakeMediaArgs } from './lib/chromium.mjs';
import { connectAnswer } from './lib/webrtcPage.mjs';
import { startUdpRelay, isRtpMedia, rtpSequence } from './lib/udpRelay.mjs';

const LOSS_PERCENT = 4;

let server;
let relay;
let browser;
let encoder;

/** The Prometheus counter `name` (without the sockstream_ prefix) of `on` (the file's server), 0 if absent. */
async function metric(name, on = server) {
  const text = await (await on.fetch('/metrics')).text();
  const line = text.split('\n').find((l) => l.startsWith(`sockstream_${name} `) || l.startsWith(`sockstream_${name}{`));
  return line ? Number(line.split(' ').pop()) : 0;
}

/**
 * ffmpeg publishing a live test pattern (video only) over RTMP as the other
 * WHEP tests do: baseline, no B-frames, a keyframe every `gopFrames` (30: 1 s).
 */
const publishVideo = (on, streamKey, gopFrames) => run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
  '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=30', '-t', '90',
  '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-bf', '0',
  '-pix_fmt', 'yuv420p', '-g', String(gopFrames), '-keyint_min', String(gopFrames), '-sc_threshold', '0', '-b:v', '1000k',
  '-an', '-f', 'flv', `${on.rtmpUrl}/${streamKey}`], { timeoutMs: 120000 });

before(async () => {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install chromium`);
  // Only media is ever dropped; the server's real port is known once it runs.
  relay = await startUdpRelay({ keep: (datagram) => !isRtpMedia(datagram) });
  server = await startServer({
    configure(config) {
      const webrtc = config.plugins.find((p) => p.name === 'webrtc');
      webrtc.config = { ...(webrtc.config || {}), connectTimeoutSeconds: 5, whipKeyframeIntervalSeconds: 1, candidatePort: relay.port };
    },
  });
  const features = await (await server.fetch('/api/features')).json();
  relay.serverPort = features.features.webrtc.udpPort;
  assert.ok(relay.serverPort > 0 && relay.serverPort !== relay.port, JSON.stringify(features.features.webrtc));
  assert.match(server.output, new RegExp(`webrtc: WHEP on UDP 127\\.0\\.0\\.1:${relay.serverPort}, candidate 127\\.0\\.0\\.1:${relay.port}`));
  browser = await launchBrowser([...loopbackWebrtcArgs, ...fakeMediaArgs]);
});

after(async () => {
  if (encoder) await encoder.kill();
  await closeChromium(browser);
  relay?.close();
  if (server) {
    await server.stop();
    server.cleanup();
  }
});

/** Chromium's recvonly offer on `page`, POSTed to /whep/{roomId} of `on`; the answer set; waits for "connected". */
async function watch(page, roomId, on = server) {
  const offer = await page.evaluate(async () => {
    window.pc = new RTCPeerConnection();
    window.pc.addTransceiver('video', { direction: 'recvonly' });
    await window.pc.setLocalDescription(await window.pc.createOffer());
    return window.pc.localDescription.sdp;
  });
  // The room may be live before its first keyframe reached the feed: retry a little.
  const res = await waitFor(async () => {
    const r = await on.fetch(`/whep/${roomId}`, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: offer });
    return r.status === 201 ? r : (await r.body?.cancel(), false);
  }, { timeoutMs: 10000, what: 'a 201 answer' });
  const answer = await res.text();
  return { answer, state: await connectAnswer(page, answer) };
}

/** The page's inbound video stats (getStats), the figures this file judges by. */
const inboundVideo = (page) => page.evaluate(async () => {
  let video = null;
  (await window.pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') video = s; });
  if (!video) return null;
  const { framesDecoded = 0, keyFramesDecoded = 0, framesReceived = 0, framesDropped = 0, freezeCount = 0, totalFreezesDuration = 0,
    nackCount = 0, pliCount = 0, firCount = 0, packetsReceived = 0, packetsLost = 0 } = video;
  return { framesDecoded, keyFramesDecoded, framesReceived, framesDropped, freezeCount, totalFreezesDuration, nackCount, pliCount, firCount, packetsReceived, packetsLost };
});

test('WHEP: with 4 % of the media to the browser lost, Chromium NACKs, the server retransmits and the picture keeps going', async () => {
  const room = await roomWithKey(server);
  encoder = publishVideo(server, room.streamKey, 30);
  await waitFor(() => roomLive(server, room.roomId), { timeoutMs: 20000, what: 'the room to go live' });

  const page = await browser.newPage();
  try {
    await page.goto(`${server.baseUrl}/api/features`);
    relay.loss.toClient = LOSS_PERCENT;
    const { answer, state } = await watch(page, room.roomId);
    // The host candidate names the relay (candidatePort), not the bound port.
    assert.match(answer, new RegExp(`a=candidate:\\S+ 1 udp \\d+ 127\\.0\\.0\\.1 ${relay.port} typ host`));
    assert.doesNotMatch(answer, new RegExp(` ${relay.serverPort} typ host`));
    assert.equal(state, 'connected');
    await waitFor(async () => (await inboundVideo(page))?.framesDecoded > 0, { timeoutMs: 10000, what: 'a first decoded frame' });
    // Judged from here: the start (a burst of the cached keyframe group) is over.
    await sleep(2000);

    const droppedBefore = relay.stats.toClient.dropped;
    const nackedBefore = await metric('webrtc_nacked_packets_total');
    const retransmittedBefore = await metric('webrtc_retransmitted_packets_total');
    const start = await inboundVideo(page);
    const samples = [start];
    for (let second = 0; second < 10; second++) {
      await sleep(1000);
      samples.push(await inboundVideo(page));
    }
    const end = samples.at(-1);
    const dropped = relay.stats.toClient.dropped - droppedBefore;
    const nacked = (await metric('webrtc_nacked_packets_total')) - nackedBefore;
    const retransmitted = (await metric('webrtc_retransmitted_packets_total')) - retransmittedBefore;
    const figures = JSON.stringify({ dropped, forwarded: relay.stats.toClient.forwarded, nacked, retransmitted, start, end });
    console.log(`WHEP under loss: ${figures}`);

    assert.ok(dropped >= 20, `the relay dropped media: ${figures}`);
    assert.ok(end.nackCount - start.nackCount > 0, `Chromium sent NACKs: ${figures}`);
    assert.ok(nacked > 0, `the server counted NACKed packets: ${figures}`);
    assert.ok(retransmitted > 0, `the server retransmitted: ${figures}`);
    // Retransmission repaired the loss: far fewer packets stayed lost than were dropped.
    assert.ok(end.packetsLost - start.packetsLost < dropped / 2, `losses were repaired: ${figures}`);
    // The picture kept going: more frames decoded in every two-second stretch, ...
    for (let i = 2; i < samples.length; i += 2) {
      assert.ok(samples[i].framesDecoded > samples[i - 2].framesDecoded, `frames decoded advance (${i - 2}s..${i}s): ${figures}`);
    }
    // ... nearly every frame received was decoded, and it hardly froze.
    const received = end.framesReceived - start.framesReceived;
    assert.ok(end.framesDecoded - start.framesDecoded >= received * 0.9, `frames decoded: ${figures}`);
    assert.ok(end.framesDropped - start.framesDropped <= received * 0.1, `frames dropped: ${figures}`);
    // (When the retransmissions were lost as well, Chromium froze for 7 s of
    // these 10 and decoded 55 frames; with them, 0–0.7 s.)
    assert.ok(end.totalFreezesDuration - start.totalFreezesDuration < 2, `frozen for under 2 s in 10: ${figures}`);
  } finally {
    relay.loss.toClient = 0;
    await page.evaluate(() => window.pc?.close()).catch(() => {});
    await page.close();
    await encoder.kill();
    encoder = undefined;
  }
});

/** Whether the room's LL-HLS decodes, as ffprobe and ffmpeg read it over HTTP. */
function probeHls(roomId) {
  const url = `${server.baseUrl}/hls/${roomId}/index.m3u8`;
  const probed = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,codec_type', '-of', 'json', url],
    { encoding: 'utf8', timeout: 30000 });
  assert.equal(probed.status, 0, probed.stderr);
  const decoded = spawnSync('ffmpeg', ['-v', 'error', '-nostdin', '-i', url, '-t', '3', '-f', 'null', '-'],
    { encoding: 'utf8', timeout: 60000 });
  return { streams: JSON.parse(probed.stdout).streams, decodedStatus: decoded.status, decodeErrors: decoded.stderr };
}

/** The publishing page's outbound video stats (getStats). */
const outboundVideo = (page) => page.evaluate(async () => {
  let video = null;
  (await window.pc.getStats()).forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video') video = s; });
  if (!video) return null;
  const { packetsSent = 0, retransmittedPacketsSent = 0, nackCount = 0, pliCount = 0, framesEncoded = 0, keyFramesEncoded = 0 } = video;
  return { packetsSent, retransmittedPacketsSent, nackCount, pliCount, framesEncoded, keyFramesEncoded };
});

test('WHIP: with 4 % of the browser\'s media lost, the server NACKs, Chromium retransmits and the LL-HLS decodes', async () => {
  const room = await roomWithKey(server);
  const page = await browser.newPage();
  try {
    await page.goto(`${server.baseUrl}/api/features`);
    const offer = await page.evaluate(async () => {
      window.stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360, frameRate: 30 }, audio: true });
      window.pc = new RTCPeerConnection();
      for (const track of window.stream.getTracks()) window.pc.addTransceiver(track, { direction: 'sendonly' });
      await window.pc.setLocalDescription(await window.pc.createOffer());
      return window.pc.localDescription.sdp;
    });
    const res = await server.fetch('/whip', { method: 'POST', headers: { 'content-type': 'application/sdp', authorization: `Bearer ${room.streamKey}` }, body: offer });
    assert.equal(res.status, 201, await res.clone().text());
    const answer = await res.text();
    assert.match(answer, new RegExp(` ${relay.port} typ host`));
    assert.match(answer, /a=rtcp-fb:\d+ nack\r\n/);
    relay.loss.toServer = LOSS_PERCENT;
    const nackedBefore = await metric('webrtc_whip_nacked_packets_total');
    const lostBefore = await metric('webrtc_whip_lost_packets_total');
    const droppedBefore = relay.stats.toServer.dropped;
    assert.equal(await connectAnswer(page, answer), 'connected');
    await waitFor(() => roomLive(server, room.roomId), { timeoutMs: 15000, what: 'the room to go live' });
    await waitFor(async () => (await server.fetch(`/hls/${room.roomId}/index.m3u8`)).ok, { timeoutMs: 20000, what: 'the LL-HLS playlist' });
    await sleep(8000);

    const sent = await outboundVideo(page);
    const dropped = relay.stats.toServer.dropped - droppedBefore;
    const nacked = (await metric('webrtc_whip_nacked_packets_total')) - nackedBefore;
    const keyframeRequests = await metric('webrtc_whip_keyframe_requests_total');
    const lost = (await metric('webrtc_whip_lost_packets_total')) - lostBefore;
    const figures = JSON.stringify({ dropped, forwarded: relay.stats.toServer.forwarded, nacked, lost, keyframeRequests, sent });
    console.log(`WHIP under loss: ${figures}`);
    assert.ok(dropped >= 20, `the relay dropped media: ${figures}`);
    assert.ok(nacked > 0, `the server NACKed the publisher: ${figures}`);
    assert.ok(sent.nackCount > 0, `Chromium received the NACKs: ${figures}`);
    assert.ok(sent.retransmittedPacketsSent > 0, `Chromium retransmitted: ${figures}`);
    // The retransmissions came in time: hardly a packet was given up on.
    assert.ok(lost < nacked, `fewer packets given up on than NACKed: ${figures}`);

    const { streams, decodedStatus, decodeErrors } = probeHls(room.roomId);
    assert.equal(streams.find((s) => s.codec_type === 'video')?.codec_name, 'h264', JSON.stringify(streams));
    assert.equal(streams.find((s) => s.codec_type === 'audio')?.codec_name, 'aac', JSON.stringify(streams));
    assert.equal(decodedStatus, 0, decodeErrors);
    assert.equal(decodeErrors, '', 'ffmpeg decoded the LL-HLS without an error');
  } finally {
    relay.loss.toServer = 0;
    await page.evaluate(() => { window.pc?.close(); window.stream?.getTracks().forEach((t) => t.stop()); }).catch(() => {});
    await page.close();
  }
});

test('WHEP: packets lost for good make Chromium ask for a keyframe (PLI), answered from the cached keyframe group', async () => {
  // A server of its own whose history is too short to answer NACKs late.
  const lossy = await startUdpRelay({ keep: () => true, kernelBuffers: true });
  const own = await startServer({
    configure(config) {
      const webrtc = config.plugins.find((p) => p.name === 'webrtc');
      webrtc.config = { ...(webrtc.config || {}), retransmissionHistoryPackets: 16, candidatePort: lossy.port };
    },
  });
  lossy.serverPort = (await (await own.fetch('/api/features')).json()).features.webrtc.udpPort;
  const room = await roomWithKey(own);
  // A keyframe every 10 s: the picture could not wait for the next one.
  const longGop = publishVideo(own, room.streamKey, 300);
  const page = await browser.newPage();
  try {
    await waitFor(() => roomLive(own, room.roomId), { timeoutMs: 20000, what: 'the room to go live' });
    await page.goto(`${own.baseUrl}/api/features`);
    assert.equal((await watch(page, room.roomId, own)).state, 'connected');
    const stats = async () => {
      const v = await inboundVideo(page);
      return v && [v.framesDecoded, v.keyFramesDecoded, v.pliCount, v.nackCount, v.packetsLost, v.freezeCount];
    };
    await waitFor(async () => (await stats())?.[0] > 0, { timeoutMs: 15000, what: 'a first decoded frame' });
    // Right after a keyframe the encoder makes (not the cached one a viewer starts with), ...
    const firstKeyframes = (await stats())[1];
    await waitFor(async () => (await stats())[1] > firstKeyframes, { timeoutMs: 15000, what: 'the next keyframe', intervalMs: 100 });
    await sleep(1000);
    // ... the next five media packets are lost, and so is every retransmission of them for 1.5 s.
    let lost = null;
    const until = Date.now() + 1500;
    lossy.dropIf = (datagram, direction) => {
      if (direction !== 'toClient' || !isRtpMedia(datagram) || Date.now() > until) return false;
      const sequence = rtpSequence(datagram);
      lost ??= sequence;
      return ((sequence - lost) & 0xffff) < 5;
    };
    const samples = [];
    for (let i = 0; i < 20; i++) {
      samples.push(await stats());
      await sleep(500);
    }
    const requests = await metric('webrtc_keyframe_requests_total', own);
    const resends = await metric('webrtc_keyframe_resends_total', own);
    const figures = JSON.stringify({ requests, resends, dropped: lossy.stats.toClient.dropped,
      'samples [framesDecoded, keyFramesDecoded, pliCount, nackCount, packetsLost, freezeCount] every 0.5 s': samples });
    console.log(`WHEP PLI: ${figures}`);
    // The hole stopped the picture (from 1 s to 2 s after it nothing was
    // decoded: the history no longer had the packets when they were NACKed) ...
    const [stuckAt, keyframesAtLoss] = samples[2];
    assert.equal(samples[4][0], stuckAt, `the picture stopped at the hole: ${figures}`);
    // ... Chromium asked for a keyframe and the server sent the cached group ...
    assert.ok(samples.at(-1)[2] > 0, `Chromium sent a PLI: ${figures}`);
    assert.ok(requests > 0 && resends > 0, `the server answered with the cached keyframe group: ${figures}`);
    // ... which filled the hole: decoding went on before the encoder made another keyframe.
    assert.ok(samples.some(([decoded, keyframes]) => decoded > stuckAt && keyframes === keyframesAtLoss),
      `decoding resumed from the resent group, not from a new keyframe: ${figures}`);
    assert.ok(samples.at(-1)[0] > stuckAt, `decoding goes on: ${figures}`);
    // ... at the first answer: the paced group got through the default-sized buffer.
    assert.equal(resends, 1, `the first keyframe resend repaired the picture: ${figures}`);
  } finally {
    await page.close();
    await longGop.kill();
    await own.stop();
    own.cleanup();
    lossy.close();
  }
});
