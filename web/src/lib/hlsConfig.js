/**
 * The hls.js settings of the room player. The `hls` helper owns the contents
 * (fast start at any keyframe interval); the player only calls this.
 */
export function hlsConfig() {
  return {
    lowLatencyMode: true,
    // Catch up to the live edge by playing slightly faster after a stall,
    // instead of staying behind for the rest of the session.
    maxLiveSyncPlaybackRate: 1.5,
    backBufferLength: 30,
    liveDurationInfinity: true,
    enableWorker: true,
  };
}
