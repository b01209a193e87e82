/**
 * The settings of the player's hls.js instance: only hls.js's public,
 * documented options, tuned for a fast start and a low, steady latency at any
 * keyframe interval (measured with bench/start, see docs/benchmarks.md).
 *
 * What the server does for this (plugins/hls/README.md): segments are at most
 * the announced EXT-X-TARGETDURATION (2 s) even between keyframes, parts start
 * with INDEPENDENT=YES only at keyframes, and EXT-X-START names the newest part
 * that begins with a keyframe. With OBS's default keyframe interval (8.3 s) a
 * joining viewer starts there (it can decode from nowhere else), loads the
 * parts up to the edge in a moment and, being more than
 * `liveMaxLatencyDuration` behind, seeks to `liveSyncDuration` from the edge.
 *
 * Takes no arguments (callers that pass the Hls class get the same settings).
 */
export function hlsConfig() {
  return {
    lowLatencyMode: true,
    // Target distance from the live edge: the server's PART-HOLD-BACK (3 parts
    // of 0.334 s) plus half a second, so a part arriving a little late does
    // not stall playback (at 1.0 s bench/start saw a stall every few seconds
    // with the buffer 0.05 s ahead, each one raising hls.js's target).
    liveSyncDuration: 1.5,
    // Further behind than this (a start at an old keyframe, a long stall): seek to the target.
    liveMaxLatencyDuration: 4,
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
