// A WHIP client (RFC 9725) for going live from the browser: the host's
// camera, microphone or shared screen is offered sendonly, the offer is POSTed
// to the server's WHIP URL with the room's stream key as the Bearer token
// (never in a URL), and the server answers 201 Created with its SDP answer and
// the session's URL in Location; DELETE on that URL, with the same key, ends
// the broadcast. Our server is ICE-lite and takes H.264 only, so H.264 is put
// first in the video codec preferences (browsers' H.264 has no B-frames, so
// WebRTC viewers can play it too).
import { WhepError, iceGatheringDone, refusal } from './whepClient.js';

/** Longest wait for the server's answer. */
export const defaultAnswerMs = 8000;
const maxAnswerBytes = 64 * 1024;

/** `codecs` (RTCRtpCodecCapability[]) with the H.264 packetization-mode=1 ones first, Constrained Baseline first of all. */
export function preferH264(codecs) {
  const rank = (c) => {
    if (c.mimeType?.toLowerCase() !== 'video/h264') return 3;
    const fmtp = c.sdpFmtpLine || '';
    if (!/packetization-mode=1/.test(fmtp)) return 2;
    return /profile-level-id=42e0/i.test(fmtp) ? 0 : 1;
  };
  return [...codecs].map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map(({ c }) => c);
}

/**
 * Publishes `stream` to `url` with `streamKey`. Resolves with a session
 * { pc, resourceUrl, stop() } once the server answered; the connection may
 * still be connecting (watch pc.connectionState). `stop()` closes the
 * connection and DELETEs the session, which ends the broadcast. Errors are
 * WhepErrors (kind "http" with the server's words, "network", "protocol", "webrtc").
 */
export async function startWhip(url, stream, streamKey, {
  answerMs = defaultAnswerMs,
  fetchImpl = (...args) => globalThis.fetch(...args),
  PeerConnection = globalThis.RTCPeerConnection,
  senderCapabilities = (kind) => globalThis.RTCRtpSender?.getCapabilities?.(kind),
  baseUrl = globalThis.location?.href,
} = {}) {
  if (typeof PeerConnection !== 'function') throw new WhepError('webrtc', 'This browser has no WebRTC.');
  const pc = new PeerConnection({ bundlePolicy: 'max-bundle' });
  let resourceUrl = null;
  let stopped = false;
  const auth = { Authorization: `Bearer ${streamKey}` };
  const close = () => { try { pc.close(); } catch { /* already closed */ } };
  const stop = () => {
    if (stopped) return Promise.resolve();
    stopped = true;
    if (!resourceUrl) {
      close();
      return Promise.resolve();
    }
    // DELETE before closing: a closed connection first would look like a lost
    // encoder to the server (the room "reconnecting") rather than the end.
    return fetchImpl(resourceUrl, { method: 'DELETE', headers: auth, credentials: 'same-origin', keepalive: true })
      .then(() => {}, () => {})
      .finally(close);
  };
  try {
    for (const track of stream.getTracks()) {
      const transceiver = pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
      const codecs = track.kind === 'video' ? senderCapabilities('video')?.codecs : null;
      if (codecs && typeof transceiver.setCodecPreferences === 'function') {
        try { transceiver.setCodecPreferences(preferH264(codecs)); } catch { /* the browser keeps its order */ }
      }
    }
    await pc.setLocalDescription(await pc.createOffer());
    await iceGatheringDone(pc);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), answerMs);
    let response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp', Accept: 'application/sdp', ...auth },
        credentials: 'same-origin',
        body: pc.localDescription.sdp,
        signal: timeout.signal,
      });
    } catch (error) {
      throw new WhepError('network', timeout.signal.aborted
        ? `no answer from the server within ${Math.round(answerMs / 1000)} s`
        : `the server could not be reached (${error?.message || 'network error'})`);
    } finally {
      clearTimeout(timer);
    }
    if (response.status !== 201) throw await refusal(response);
    const location = response.headers.get('Location');
    if (location) resourceUrl = new URL(location, response.url || new URL(url, baseUrl)).href;
    const answer = await response.text();
    if (!location) throw new WhepError('protocol', 'the server\'s answer has no Location header');
    if (!answer.startsWith('v=0') || answer.length > maxAnswerBytes) throw new WhepError('protocol', 'the server\'s answer is not an SDP answer');
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    } catch (error) {
      throw new WhepError('webrtc', `the browser refused the server's answer (${error?.message || error})`);
    }
  } catch (error) {
    stop();
    throw error;
  }
  return { pc, get resourceUrl() { return resourceUrl; }, stop };
}

/**
 * A meter of the outgoing bitrate from getStats(): call `sample()` about once
 * a second; it resolves with kbit/s since the previous call (null at first).
 */
export function createBitrateMeter(pc) {
  let last = null;
  return {
    async sample() {
      const stats = await pc.getStats();
      let bytes = 0;
      let at = 0;
      stats.forEach((s) => {
        if (s.type === 'outbound-rtp') {
          bytes += s.bytesSent || 0;
          at = Math.max(at, s.timestamp || 0);
        }
      });
      const previous = last;
      last = { bytes, at };
      if (!previous || at <= previous.at) return null;
      return Math.max(0, ((bytes - previous.bytes) * 8) / (at - previous.at));
    },
  };
}
