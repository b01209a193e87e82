// The chat beside a past broadcast, read by time windows: the wall clock is
// cut into fixed windows of `windowMs` counted from the recording's start, and
// the replay holds the windows around the playback position (the one before
// it, for context, and the next one, so playing on never waits). A seek loads
// at most three windows, whatever the length of the show.

export const replayWindowMs = 60_000;
/** Messages shown at once: the newest before the position. */
export const maxReplayMessages = 200;
/** Pages of one window at most (a window of more than 10 × 1000 messages is cut). */
const maxPages = 10;

/** The windows (their start times) to hold at wall-clock `atMs`. */
export function windowsAround(anchorMs, atMs, windowMs = replayWindowMs) {
  const k = Math.floor((atMs - anchorMs) / windowMs);
  return [k - 1, k, k + 1].map((i) => anchorMs + i * windowMs);
}

/**
 * Loads one window [fromMs, fromMs + windowMs) through `fetchPage(from, to)`,
 * which resolves with the API's { messages, more }. Pages on `more` from the
 * last message's ts, skipping ids already read (messages of one millisecond
 * may straddle two pages).
 */
export async function loadWindow(fetchPage, fromMs, windowMs = replayWindowMs) {
  const to = fromMs + windowMs;
  const messages = [];
  const ids = new Set();
  let from = fromMs;
  for (let page = 0; page < maxPages; page++) {
    const { messages: got = [], more = false } = await fetchPage(from, to);
    let added = 0;
    for (const m of got) {
      if (!ids.has(m.id)) { ids.add(m.id); messages.push(m); added += 1; }
    }
    if (!more || got.length === 0) break;
    // A page with nothing new (more messages of one millisecond than a page
    // holds) cannot move on by its ts: step past that millisecond.
    from = added > 0 ? got.at(-1).ts : got.at(-1).ts + 1;
  }
  return messages;
}

/**
 * `windows` (start → messages) cut down to `max`, forgetting first the
 * windows furthest from the playback position `atMs`, never one of `keep`
 * (the windows the position needs now). The distance is from the position,
 * not from the window that just arrived: a late answer for a window the
 * viewer has seeked away from must not push out the windows they watch.
 */
export function keepNearest(windows, atMs, keep, max) {
  const next = new Map(windows);
  const needed = new Set(keep);
  const spare = [...next.keys()].filter((start) => !needed.has(start))
    .sort((a, b) => Math.abs(b - atMs) - Math.abs(a - atMs));
  for (const start of spare) {
    if (next.size <= max) break;
    next.delete(start);
  }
  return next;
}

/** The messages sent at or before `atMs`, oldest first, the newest `limit` of them. */
export function messagesUpTo(windows, atMs, limit = maxReplayMessages) {
  const starts = [...windows.keys()].sort((a, b) => a - b);
  const shown = [];
  for (const start of starts) {
    for (const m of windows.get(start)) if (m.ts <= atMs) shown.push(m);
  }
  return shown.length > limit ? shown.slice(shown.length - limit) : shown;
}
