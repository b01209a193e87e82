/**
 * Catching up with live by playing faster, from any distance.
 *
 * A viewer who opens a room starts at the newest keyframe (the server's
 * EXT-X-START): with OBS's default keyframe interval (250 frames, 8.3 s at
 * 30 fps) that can be up to 9 s behind live, because a decoder can start
 * nowhere else. hls.js 1.7.4 changes the playback rate only while the player
 * is within `targetLatency + EXT-X-TARGETDURATION` (3.5 s here) of its target
 * and otherwise resets it to 1, so from a keyframe 8 s back it would either
 * stay there or (past `liveMaxLatencyDuration`) seek to a point without a
 * keyframe and show nothing until the next one. So hls.js's own rate control
 * is switched off (`maxLiveSyncPlaybackRate: 1` in hlsConfig.js) and this
 * does it instead, with hls.js's own curve, at any distance: about 2× when
 * far behind, easing to 1× at the target.
 *
 * It aims at a fixed distance from the edge: the configured
 * `liveSyncDuration` (hlsConfig.js), not `hls.targetLatency`, which hls.js
 * raises by `liveSyncOnStallIncrease` after every stall and never lowers, so
 * aiming at it let a few short stalls (an encoder or a machine running late)
 * hold a viewer above 2 s for the rest of the session (bench/start,
 * docs/benchmarks.md).
 *
 * The same function runs in the web app's Player, in bench/start and in the
 * tests' pages (loaded as a classic script there), so it uses nothing but
 * its arguments: it must stay free of imports.
 */
export function liveCatchUp(hls, video, { maxRate = 2, minForwardBuffer = 1, intervalMs = 250, targetLatency } = {}) {
  let stopped = false;
  const setRate = (rate) => {
    if (video.playbackRate !== rate) video.playbackRate = rate;
  };
  const tick = () => {
    if (stopped || video.paused || video.seeking) return;
    const rate = catchUpRate({
      latency: hls.latency,
      targetLatency: catchUpTarget(hls, targetLatency),
      forwardBuffer: forwardBufferSeconds(video),
      live: !!hls.latestLevelDetails?.live,
    }, { maxRate, minForwardBuffer });
    setRate(rate);
  };
  const timer = setInterval(tick, intervalMs);
  return () => {
    stopped = true;
    clearInterval(timer);
    if (video.playbackRate !== 1 && video.playbackRate !== 0) video.playbackRate = 1;
  };
}

/**
 * The distance from the edge to catch up to: the one given, else the
 * configured `liveSyncDuration`, else hls.js's own target (a config that sets
 * `liveSyncDurationCount` instead).
 */
export function catchUpTarget(hls, given) {
  if (Number.isFinite(given)) return given;
  const configured = hls?.config?.liveSyncDuration;
  return Number.isFinite(configured) && configured > 0 ? configured : hls?.targetLatency;
}

/**
 * The playback rate for a player `latency` seconds behind live whose target
 * is `targetLatency`: hls.js's logistic curve (2 / (1 + e^(−0.75·distance)),
 * in steps of 0.05), between 1 and `maxRate`; 1 when not live, at or under
 * the target, or with less than `minForwardBuffer` seconds buffered ahead
 * (playing faster would only run into a stall).
 */
export function catchUpRate({ latency, targetLatency, forwardBuffer, live }, { maxRate = 2, minForwardBuffer = 1 } = {}) {
  if (!live || !Number.isFinite(latency) || !Number.isFinite(targetLatency)) return 1;
  const distance = latency - targetLatency;
  if (distance <= 0.05 || !(forwardBuffer > minForwardBuffer)) return 1;
  const rate = Math.round((2 / (1 + Math.exp(-0.75 * distance))) * 20) / 20;
  return Math.min(Math.max(1, maxRate), Math.max(1, rate));
}

/** Seconds buffered ahead of the playhead in its buffered range (0 outside any). */
export function forwardBufferSeconds(video) {
  const ranges = video?.buffered;
  const time = video?.currentTime;
  if (!ranges || !Number.isFinite(time)) return 0;
  for (let i = 0; i < ranges.length; i += 1) {
    // A hole of up to 0.1 s before a range counts as inside it (B-frame delays at a start).
    if (ranges.start(i) <= time + 0.1 && time < ranges.end(i)) return ranges.end(i) - time;
  }
  return 0;
}
