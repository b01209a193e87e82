/**
 * Seconds between the live edge and what is on screen: hls.js's own estimate
 * when it has one, otherwise now minus the program date time being shown.
 */
export function measureLatency(hls, video, now = Date.now()) {
  const fromHls = hls?.latency;
  if (Number.isFinite(fromHls) && fromHls > 0) return fromHls;
  const start = typeof video?.getStartDate === 'function' ? video.getStartDate() : null;
  const startMs = start ? start.getTime() : NaN;
  if (Number.isFinite(startMs) && startMs > 0 && Number.isFinite(video.currentTime)) {
    const seconds = (now - (startMs + video.currentTime * 1000)) / 1000;
    if (seconds >= 0 && seconds < 3600) return seconds;
  }
  return null;
}

/** "1.4 s"; with `milliseconds` (real-time playback, where tenths say little) "40 ms" under a second. */
export function formatLatency(seconds, { milliseconds = false } = {}) {
  if (seconds == null) return '–';
  if (milliseconds && seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  return `${seconds.toFixed(1)} s`;
}
