// A past broadcast's media time and wall-clock time. The server's timeline has
// one entry per continuous piece of the broadcast ({ atMs, mediaStartSec,
// durationSec }): a reconnect starts a new piece later in wall-clock time but
// right after the previous one in the video. The chat replay needs the wall
// clock of the playback position, because messages carry wall-clock times.

/** The wall-clock time (Unix ms) shown at `mediaSec` of `recording`'s video. */
export function wallClockAt(recording, mediaSec) {
  const t = Math.max(0, Number(mediaSec) || 0);
  const timeline = Array.isArray(recording?.timeline) ? recording.timeline : [];
  let piece = null;
  for (const entry of timeline) {
    if (entry.mediaStartSec <= t) piece = entry;
    else break;
  }
  if (!piece) {
    const start = timeline[0]?.atMs ?? recording?.startedAtMs ?? 0;
    return start + t * 1000;
  }
  // Past a piece's end (a gap the player skips over) the clock stays at its end.
  const into = Number.isFinite(piece.durationSec) ? Math.min(t - piece.mediaStartSec, piece.durationSec) : t - piece.mediaStartSec;
  return piece.atMs + into * 1000;
}

/** "1:02:03" / "4:05" for a number of milliseconds (a recording's length). */
export function formatDuration(ms) {
  const total = Math.max(0, Math.round((Number(ms) || 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** "3 Dec 2026, 19:04" in the reader's locale. */
export function formatRecordingDate(ms) {
  const date = new Date(Number(ms));
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString([], { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "12.3 MiB" */
export function formatMiB(mib) {
  const n = Number(mib) || 0;
  return n >= 1024 ? `${(n / 1024).toFixed(1)} GiB` : `${n >= 10 ? Math.round(n) : n.toFixed(1)} MiB`;
}

const stateWords = {
  recording: 'This broadcast is still being recorded: what is recorded so far plays, and more arrives as it goes on.',
  cut_short: 'This recording was cut short (the server stopped during the broadcast): it plays up to the last part that was saved.',
};

/** A line for the viewer on a recording that is not simply complete, or '' when it is. */
export function recordingStateNotice(recording) {
  if (!recording) return '';
  if (recording.state === 'stopped') {
    return `The recording stopped before the broadcast ended${recording.stopReason ? `: ${recording.stopReason}` : '.'}`;
  }
  return stateWords[recording.state] || '';
}
