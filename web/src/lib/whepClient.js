// A WHEP client (draft-ietf-wish-whep): the viewer's browser offers to receive
// audio and video, POSTs the offer to the room's WHEP URL, and the server
// answers 201 Created with its SDP answer and the session's URL in Location;
// DELETE on that URL ends the session. Our server is ICE-lite and puts its
// candidates in the answer, so the offer is sent once with every candidate
// (no trickle, no PATCH). Loaded with the player only when a room offers it
// (see loadWhep.js).

/** Longest wait for the browser's ICE candidates before the offer goes anyway. */
export const defaultIceGatheringMs = 1500;
/** Longest wait for the server's answer to the offer. */
export const defaultAnswerMs = 8000;
/** An SDP answer larger than this is not an answer (ours are ~2 KB). */
const maxAnswerBytes = 64 * 1024;

/**
 * Why starting a WHEP session failed: `kind` is "http" (the server refused,
 * `status` and the server's words in `message`), "protocol" (a 201 without
 * a usable answer or Location), "network" (no answer at all) or "webrtc"
 * (the browser refused the offer or the answer).
 */
export class WhepError extends Error {
  constructor(kind, message, status = 0) {
    super(message);
    this.name = 'WhepError';
    this.kind = kind;
    this.status = status;
  }
}

/** Resolves once ICE gathering is complete, or after `timeoutMs` (whatever was gathered goes). */
export function iceGatheringDone(pc, timeoutMs = defaultIceGatheringMs) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onState);
      pc.removeEventListener('icecandidate', onCandidate);
      resolve();
    };
    const onState = () => { if (pc.iceGatheringState === 'complete') done(); };
    // A null candidate is the end of gathering in browsers that skip the state event.
    const onCandidate = (event) => { if (!event.candidate) done(); };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', onState);
    pc.addEventListener('icecandidate', onCandidate);
  });
}

/** The server's words from an error answer: our JSON error shape, short text, or the status alone. */
export async function refusal(response) {
  let words = '';
  try {
    const text = (await response.text()).slice(0, 2000);
    try {
      const message = JSON.parse(text)?.error?.message;
      words = typeof message === 'string' ? message : '';
    } catch {
      words = /^[^<]{1,300}$/.test(text.trim()) ? text.trim() : '';
    }
  } catch { /* no body */ }
  const status = `HTTP ${response.status}`;
  return new WhepError('http', words ? `${status}: ${words}` : status, response.status);
}

/**
 * Starts watching `url` over WebRTC. Resolves with a session:
 * { pc, stream (a MediaStream that receives the tracks), resourceUrl, stop() }.
 * `stop()` closes the connection and DELETEs the session (once; safe to call
 * again, and on page hide: the DELETE is sent with keepalive).
 * `signal` aborts a start that is under way (the session is cleaned up).
 */
export async function startWhep(url, {
  signal,
  iceGatheringMs = defaultIceGatheringMs,
  answerMs = defaultAnswerMs,
  fetchImpl = (...args) => globalThis.fetch(...args),
  PeerConnection = globalThis.RTCPeerConnection,
  MediaStreamImpl = globalThis.MediaStream,
  baseUrl = globalThis.location?.href,
} = {}) {
  if (typeof PeerConnection !== 'function') throw new WhepError('webrtc', 'This browser has no WebRTC.');
  const pc = new PeerConnection({ bundlePolicy: 'max-bundle' });
  const stream = MediaStreamImpl ? new MediaStreamImpl() : null;
  let resourceUrl = null;
  let stopped = false;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    try { pc.close(); } catch { /* already closed */ }
    if (resourceUrl) {
      fetchImpl(resourceUrl, { method: 'DELETE', credentials: 'same-origin', keepalive: true }).catch(() => {});
    }
  };
  const abortIfAsked = () => {
    if (signal?.aborted) {
      stop();
      throw new DOMException('The WHEP start was aborted.', 'AbortError');
    }
  };

  try {
    pc.addEventListener('track', (event) => {
      if (stream && !stream.getTracks().includes(event.track)) stream.addTrack(event.track);
    });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    await iceGatheringDone(pc, iceGatheringMs);
    abortIfAsked();

    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), answerMs);
    const onAbort = () => timeout.abort();
    signal?.addEventListener('abort', onAbort);
    let response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp', Accept: 'application/sdp' },
        credentials: 'same-origin',
        body: pc.localDescription?.sdp ?? offer.sdp,
        signal: timeout.signal,
      });
    } catch (error) {
      abortIfAsked();
      throw new WhepError('network', timeout.signal.aborted
        ? `no answer from the server within ${Math.round(answerMs / 1000)} s`
        : `the server could not be reached (${error?.message || 'network error'})`);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    if (response.status !== 201) {
      abortIfAsked();
      throw await refusal(response);
    }
    // The session exists on the server from here on: every way out DELETEs it.
    const location = response.headers.get('Location');
    if (location) resourceUrl = new URL(location, response.url || new URL(url, baseUrl)).href;
    abortIfAsked();
    const answer = await response.text();
    // Without a Location the session could never be ended: refuse it (and stop() cannot DELETE it).
    if (!location) throw new WhepError('protocol', 'the server\'s answer has no Location header');
    if (!answer.startsWith('v=0') || answer.length > maxAnswerBytes) throw new WhepError('protocol', 'the server\'s answer is not an SDP answer');
    abortIfAsked();
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    } catch (error) {
      throw new WhepError('webrtc', `the browser refused the server's answer (${error?.message || error})`);
    }
    abortIfAsked();
  } catch (error) {
    stop();
    throw error;
  }
  return { pc, stream, get resourceUrl() { return resourceUrl; }, stop };
}
