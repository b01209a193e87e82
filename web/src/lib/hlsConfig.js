/**
 * The settings of the player's hls.js instance: only hls.js's public,
 * documented options, tuned for a fast start and a low, steady latency at any
 * keyframe interval (measured with bench/start, see docs/benchmarks.md).
 *
 * What the server does for this (plugins/hls/README.md): segments are at most
 * the announced EXT-X-TARGETDURATION (2 s) even between keyframes, parts start
 * with INDEPENDENT=YES only at keyframes, and EXT-X-START names the newest part
 * that begins with a keyframe. With OBS's default keyframe interval (8.3 s) a
 * joining viewer starts there (it can decode from nowhere else), shows that
 * keyframe at once, loads the parts up to the edge and plays faster until it
 * is `liveSyncDuration` from the edge: liveCatchUp.js, which the player runs
 * beside hls.js, because hls.js changes the rate only within 3.5 s of its
 * target and would otherwise seek to a point without a keyframe.
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
    // Further behind than this (a very long stall): seek to the target. Above
    // the furthest start the server names (the newest keyframe: OBS's 8.3 s
    // GOP + the 1 s hold-back + a part), so hls.js never moves a start away
    // from its keyframe to a point it cannot decode (at 4 s it did, before
    // the first frame, whenever the keyframe was over 4 s back).
    liveMaxLatencyDuration: 12,
    // A stall does not move the target: hls.js would raise it by this much
    // after each one and never lower it again during a session, so a few
    // stalls of a machine or an encoder running late kept a viewer above 2 s
    // for good (bench/start: 2.0-2.7 s ten seconds in). A stall costs its own
    // length, which liveCatchUp.js then makes up by playing a little faster.
    liveSyncOnStallIncrease: 0,
    // hls.js's own rate control off: it acts only within 3.5 s of the target;
    // liveCatchUp.js does the same at any distance (up to 2×).
    maxLiveSyncPlaybackRate: 1,
    backBufferLength: 30,
    liveDurationInfinity: true,
    enableWorker: true,
  };
}
