// Where "live" is for a player of a live HLS stream, and whether the viewer is
// behind it (paused for a while, or a stall that hls.js did not catch up).

/** Seconds behind live beyond which the player offers to jump to live. */
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
 * Seconds between what is shown and the point "live" would show (the target
 * latency behind the edge), or null when unknown. Read from the playlist's
 * edge, not from hls.js's latency estimate, which stops with a paused video.
 */
export function secondsBehindLive(video, hls) {
  const edge = liveEdgeTime(video, hls);
  const time = video?.currentTime;
  if (edge === null || !Number.isFinite(time)) return null;
  return Math.max(0, edge - time);
}

/**
 * Whether the viewer is far enough behind live to be offered "Go live".
 * `pausedForSeconds` counts for a paused video: hls.js stops reloading the
 * playlist while paused, so its edge stands still while live moves on.
 */
export function isBehindLive(video, hls, pausedForSeconds = 0) {
  const behind = Math.max(secondsBehindLive(video, hls) ?? 0, video?.paused ? pausedForSeconds : 0);
  return behind > behindSlackSeconds;
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
