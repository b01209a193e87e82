// The WHEP client and its latency meter are fetched only when a room offers
// WebRTC playback, like hls.js (loadHls.js), and kept for the rest of the visit.
let pending = null;

/** Loads the WebRTC playback module once; resolves with { startWhep, createWebrtcLatencyMeter }. */
export function loadWhep() {
  if (!pending) {
    pending = import('./webrtcPlayback.js').catch((error) => {
      pending = null; // a failed chunk load may be tried again
      throw error;
    });
  }
  return pending;
}
