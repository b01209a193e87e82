// The WebRTC plugin's protocol foundation against a real browser: Debian's
// Chromium makes a WHEP-style recvonly offer, the protocol library (driven by
// the test tool webrtc-loopback-peer on 127.0.0.1) answers it, and Chromium
// completes ICE-lite and DTLS-SRTP with it. No WHEP route exists yet, so the
// server binary is not involved.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildDir, freePort, sleep } from './lib/server.mjs';
import { chromiumPath, launchBrowser, closeChromium, loopbackWebrtcArgs } from './lib/chromium.mjs';

const peerBinary = path.join(buildDir, 'bin', 'webrtc-loopback-peer');
let browser;
const peers = [];
let mediaDir;

after(async () => {
  if (mediaDir) rmSync(mediaDir, { recursive: true, force: true });
  for (const peer of peers) if (peer.exitCode === null) peer.kill('SIGKILL');
  await closeChromium(browser);
});

/** Lines the peer prints, and a way to wait for one that matches. */
function lineReader(child) {
  const lines = [];
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop();
    lines.push(...parts.map((line) => line.replace(/\r$/, '')));
  });
  return {
    lines,
    async waitFor(predicate, ms) {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const index = lines.findIndex(predicate);
        if (index >= 0) return index;
        if (child.exitCode !== null) break;
        await sleep(50);
      }
      throw new Error(`the peer did not print the expected line; it printed:\n${lines.join('\n')}`);
    },
  };
}

/** One session: Chromium's offer (edited by `editOffer` before the peer sees it) answered by the peer. */
async function session(editOffer = (sdp) => sdp, h264File = null) {
  assert.ok(existsSync(peerBinary), `${peerBinary} is missing: ssbuild --target webrtc-loopback-peer`);
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install chromium`);
  const port = await freePort();
  const peer = spawn(peerBinary, [String(port), '25', ...(h264File ? [h264File] : [])], { stdio: ['pipe', 'pipe', 'inherit'] });
  peers.push(peer);
  const output = lineReader(peer);

  // Loopback candidates are off in Chromium by default; the peer listens on 127.0.0.1 only.
  browser ??= await launchBrowser(loopbackWebrtcArgs);
  const page = await browser.newPage();
  const offer = await page.evaluate(async () => {
    window.pc = new RTCPeerConnection();
    window.pc.addTransceiver('video', { direction: 'recvonly' });
    window.pc.addTransceiver('audio', { direction: 'recvonly' });
    await window.pc.setLocalDescription(await window.pc.createOffer());
    return window.pc.localDescription.sdp;
  });
  peer.stdin.write(`${editOffer(offer).replace(/\r/g, '')}.\n`);
  const end = await output.waitFor((line) => line === '.', 10000);
  const answer = output.lines.slice(0, end).join('\r\n') + '\r\n';
  assert.match(answer, /a=ice-lite/);

  const state = await page.evaluate(async (sdp) => {
    await window.pc.setRemoteDescription({ type: 'answer', sdp });
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && !['connected', 'failed'].includes(window.pc.connectionState)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const reached = window.pc.connectionState;
    // With media: wait for decoded video frames (getStats inbound-rtp).
    let framesDecoded = 0;
    while (reached === 'connected' && Date.now() < deadline + 10000 && framesDecoded < 10) {
      const stats = await window.pc.getStats();
      stats.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') framesDecoded = s.framesDecoded || 0; });
      if (framesDecoded >= 10) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    window.pc.close();
    return { reached, framesDecoded };
  }, answer);
  await page.close();
  return { state: state.reached, framesDecoded: state.framesDecoded, output };
}

test('Chromium completes ICE-lite and DTLS-SRTP with the protocol library', async () => {
  const { state, output } = await session();
  assert.equal(state, 'connected', `Chromium's connectionState; the peer printed:\n${output.lines.join('\n')}`);
  await output.waitFor((line) => line.startsWith('ice-nominated 127.0.0.1:'), 5000);
  // Chromium offers AES-GCM (RFC 7714) first and our DTLS prefers it.
  await output.waitFor((line) => line === 'dtls-connected SRTP_AEAD_AES_128_GCM', 5000);
});

test('a DTLS certificate that does not match the offer\'s fingerprint is refused', async () => {
  // The peer is told a different fingerprint than Chromium's certificate has.
  const { state, output } = await session((sdp) => sdp.replace(/a=fingerprint:sha-256 ([0-9A-F]{2})/g,
    (_, first) => `a=fingerprint:sha-256 ${first === '00' ? '01' : '00'}`));
  assert.notEqual(state, 'connected');
  await output.waitFor((line) => line.startsWith('ice-nominated 127.0.0.1:'), 5000);
  await output.waitFor((line) => line.startsWith('dtls-failed') && line.includes('does not match the fingerprint'), 5000);
});

test('Chromium decodes H.264 packetized and SRTP-protected by the protocol library', async () => {
  // A generated stream (Constrained Baseline, no B-frames, an AUD per access unit), not committed media.
  mediaDir = mkdtempSync(path.join(tmpdir(), 'webrtc-foundation-'));
  const h264File = path.join(mediaDir, 'test.h264');
  const ffmpeg = spawn('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30', '-t', '2',
    '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-profile:v', 'baseline', '-bf', '0', '-g', '30', '-x264-params', 'aud=1',
    '-f', 'h264', h264File], { stdio: 'inherit' });
  const code = await new Promise((resolve) => ffmpeg.on('exit', resolve));
  assert.equal(code, 0, 'ffmpeg could not generate the test stream');
  const { state, framesDecoded, output } = await session((sdp) => sdp, h264File);
  assert.equal(state, 'connected', `the peer printed:\n${output.lines.join('\n')}`);
  assert.ok(framesDecoded >= 10, `Chromium decoded ${framesDecoded} frames`);
});
