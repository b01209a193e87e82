/**
 * The settings of the player's hls.js instance, tuned for a fast start at any
 * keyframe interval (measured with bench/start, see docs/benchmarks.md).
 *
 * How a start goes with OBS's default keyframe interval (8.3 s): the server's
 * media playlist names, in EXT-X-START, the newest part that begins with a
 * keyframe at least the part hold-back behind the live edge. hls.js starts
 * there (it can decode from nowhere else), loads the parts up to the edge in a
 * moment, and then, being more than `liveMaxLatencyDuration` behind, seeks to
 * `liveSyncDuration` from the edge: the browser decodes from the keyframe to
 * that point, so the viewer sees a picture at once and is at the live edge a
 * second later instead of catching up at 1.5× for half a minute.
 */
export function hlsConfig() {
  return {
    lowLatencyMode: true,
    // Target distance from the live edge: the server's PART-HOLD-BACK (3 parts of 0.334 s).
    liveSyncDuration: 1.0,
    // Further behind than this (a start at an old keyframe, a long stall): seek to the target.
    liveMaxLatencyDuration: 3,
    // A stall (the first part arriving late) raises the target by this much,
    // not by 1 s: hls.js never lowers it again during a session.
    liveSyncOnStallIncrease: 0.25,
    // Smaller drifts are caught up by playing slightly faster.
    maxLiveSyncPlaybackRate: 1.5,
    backBufferLength: 30,
    liveDurationInfinity: true,
    enableWorker: true,
  };
}
