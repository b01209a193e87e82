// Where "live" is for a player of a live HLS stream, and whether the viewer is
// behind it (paused for a while, or a stall that hls.js did not catch up).

/** Seconds behind the target latency beyond which the player offers to jump to live. */
export const behindSlackSeconds = 2.5;

/** The media time of the live edge to jump to: hls.js's own live sync point, else the end of what can be played less a second. */
export function liveEdgeTime(video, hls) {
  const sync = hls?.liveSyncPosition;
  if (Number.isFinite(sync) && sync > 0) return sync;
  const seekable = video?.seekable;
  if (seekable && seekable.length > 0) {
    const end = seekable.end(seekable.length - 1);
    if (Number.isFinite(end)) return Math.max(seekable.start(seekable.length - 1), end - 1);
  }
  return null;
}

/**
 * Whether a viewer with `latency` seconds is behind live: more than
 * `behindSlackSeconds` past the target latency (hls.js's, else 1 s).
 */
export function isBehindLive(latency, targetLatency) {
  if (!Number.isFinite(latency)) return false;
  const target = Number.isFinite(targetLatency) && targetLatency > 0 ? targetLatency : 1;
  return latency > target + behindSlackSeconds;
}

/** Moves the video to the live edge and plays; returns whether it could. */
export function jumpToLive(video, hls) {
  const edge = liveEdgeTime(video, hls);
  if (edge === null || !video) return false;
  video.currentTime = edge;
  const promise = video.play?.();
  if (promise && typeof promise.catch === 'function') promise.catch(() => {});
  return true;
}
