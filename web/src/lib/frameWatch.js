/**
 * Watches whether a <video> is really showing new frames: "advancing" while
 * its time moves (each presented frame, where requestVideoFrameCallback
 * exists, and currentTime checked every `tickMs` everywhere), "stalled" when
 * it has not moved for `stallMs` while meant to play, "paused" when paused by
 * the viewer, "idle" before the first frame. A "playing" event alone proves
 * nothing: a player can say it plays while showing one frozen picture.
 *
 * Calls `onChange(status)` on every change; returns a function that stops watching.
 */
export function watchFrames(video, onChange, { tickMs = 250, stallMs = 1500, now = () => Date.now() } = {}) {
  let status = 'idle';
  let lastTime = video.currentTime;
  let lastAdvance = null;
  let frameHandle = null;
  let stopped = false;

  const set = (next) => {
    if (next === status) return;
    status = next;
    onChange(next);
  };
  const advanced = () => { lastAdvance = now(); };
  const check = () => {
    const time = video.currentTime;
    const moved = Number.isFinite(time) && time > lastTime + 0.001;
    if (moved) advanced();
    lastTime = time;
    if (lastAdvance === null) return;
    if (video.paused && !video.ended) set('paused');
    // Standing still with nothing buffered ahead (readyState below HAVE_FUTURE_DATA)
    // is a stall now, not after stallMs.
    else if (!moved && video.readyState < 3) { lastAdvance = -Infinity; set('stalled'); }
    else set(now() - lastAdvance < stallMs ? 'advancing' : 'stalled');
  };
  const onFrame = () => {
    if (stopped) return;
    advanced();
    frameHandle = video.requestVideoFrameCallback(onFrame);
  };
  if (typeof video.requestVideoFrameCallback === 'function') frameHandle = video.requestVideoFrameCallback(onFrame);
  // "waiting" is the browser's own word that playback stopped for data: no need to wait for stallMs.
  const onWaiting = () => { if (lastAdvance !== null && !video.paused) { lastAdvance = -Infinity; set('stalled'); } };
  video.addEventListener('waiting', onWaiting);
  const timer = setInterval(check, tickMs);

  return () => {
    stopped = true;
    clearInterval(timer);
    video.removeEventListener('waiting', onWaiting);
    if (frameHandle !== null && typeof video.cancelVideoFrameCallback === 'function') video.cancelVideoFrameCallback(frameHandle);
  };
}
