// Words for a restream destination's state, from the restream plugin's
// Destination.status: one vocabulary for the Restream section and the lines in
// the host's stream health panel (components/RestreamDestinations.jsx,
// RestreamHealthLines.jsx).

/** The destinations worth a line while live: the switched-on ones. */
export function enabledDestinations(destinations) {
  return (Array.isArray(destinations) ? destinations : []).filter((d) => d && d.enabled !== false && d.status?.state !== 'off');
}

/**
 * A destination's state in words: connecting / live / reconnecting in N s / failed.
 * `retryInMilliseconds` is relative to when the server answered, so no clock agreement is needed.
 * `roomLive` tells what an idle destination is waiting for: the worker to start
 * (the room just went live) or the host to go live.
 */
export function describeRestreamState(status, { roomLive = true } = {}) {
  const state = status?.state;
  switch (state) {
    case 'off': return { words: 'Off', tone: 'text-zinc-400' };
    case 'connecting': return { words: 'Connecting', tone: 'text-amber-200' };
    case 'live': return { words: 'Live', tone: 'text-green-300' };
    case 'retrying': {
      const seconds = retrySeconds(status);
      return { words: seconds == null ? 'Reconnecting' : `Reconnecting in ${seconds} s`, tone: 'text-amber-300' };
    }
    case 'failed': return { words: 'Failed', tone: 'text-red-300' };
    case 'idle': return { words: roomLive ? 'Starting' : 'Waiting for you to go live', tone: 'text-zinc-300' };
    default: return { words: state ? String(state) : 'Unknown', tone: 'text-zinc-300' };
  }
}

/** Whole seconds (at least 1) to a retrying destination's next attempt, or null when unknown. */
export function retrySeconds(status) {
  const ms = status?.retryInMilliseconds;
  return status?.state === 'retrying' && Number.isFinite(ms) && ms >= 0 ? Math.max(1, Math.ceil(ms / 1000)) : null;
}

/** What is being sent, or null when nothing is (anything but live). */
export function restreamBitrate(status) {
  if (status?.state !== 'live' || !Number.isFinite(status.bitrateKbps) || status.bitrateKbps <= 0) return null;
  const kbps = status.bitrateKbps;
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mbit/s` : `${Math.round(kbps)} kbit/s`;
}

/** The last error in words while it matters: not once the destination is live again. */
export function restreamError(status) {
  if (!status?.lastError || status.state === 'live') return null;
  return status.lastError;
}
