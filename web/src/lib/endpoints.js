// Which of the ways the server declared a page uses. The server's plugins say
// how a room is played (room.playback[]) and how an encoder reaches them
// (ingest[] in the owner's room and stream-key answers); the app never builds
// a media or ingest URL itself. Shapes in docs/api.md.

/** MIME types this app's player can play with hls.js (or the browser itself for HLS). */
const hlsTypes = new Set(['application/vnd.apple.mpegurl', 'application/x-mpegurl']);
/** A WHEP endpoint answers an SDP offer: playable wherever the browser has WebRTC. */
export const whepType = 'application/sdp';

/** Whether this browser can play `type` (a playback entry's mimeType). */
export function canPlayType(type) {
  const t = String(type).toLowerCase();
  if (hlsTypes.has(t)) return true;
  return t === whepType && typeof globalThis.RTCPeerConnection === 'function';
}

// Faster first; an unknown latency class comes last, in declared order.
const latencyRank = { 'real-time': 0, 'low-latency': 1, standard: 2 };
const rankOf = (entry) => latencyRank[entry.latency] ?? 3;

/**
 * How `room` can be played here: `entries` are the declared, available
 * entries this app can play, fastest first ("real-time" > "low-latency" >
 * "standard"; declared order among equals); `unavailable` are the ones it
 * could play but the server says it cannot serve now (`available: false`),
 * each with the server's words in `unavailableReason`.
 */
export function playbackChoices(room, { canPlay = canPlayType } = {}) {
  const declared = Array.isArray(room?.playback) ? room.playback.filter((p) => p?.url && canPlay(p.mimeType)) : [];
  const entries = declared
    .filter((p) => p.available !== false)
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => rankOf(a.entry) - rankOf(b.entry) || a.index - b.index)
    .map(({ entry }) => entry);
  const unavailable = declared.filter((p) => p.available === false);
  return { entries, unavailable };
}

/** The playback entry the player starts with for `room`, or null when none can play here. */
export function playbackFor(room, options) {
  return playbackChoices(room, options).entries[0] || null;
}

/** How the viewer calls a playback entry, by its latency class (and protocol where that helps). */
export function playbackLabel(entry) {
  if (entry?.latency === 'real-time') return entry.protocol === 'whep' ? 'Real-time (WebRTC)' : 'Real-time';
  if (entry?.latency === 'low-latency') return entry.protocol === 'hls' ? 'Low latency (HLS)' : 'Low latency';
  if (entry?.latency === 'standard') return entry.protocol === 'hls' ? 'Standard (HLS)' : 'Standard';
  return String(entry?.protocol || 'Video').toUpperCase();
}

/** The sentence a viewer reads about a playback way the server switched off for this stream. */
export function unavailableNotice(entry) {
  const what = entry?.latency === 'real-time' ? 'Real-time playback' : `${playbackLabel(entry)} playback`;
  const reason = typeof entry?.unavailableReason === 'string' && entry.unavailableReason.trim()
    ? entry.unavailableReason.trim().replace(/\.$/, '')
    : 'the server did not say why';
  return `${what} is off for this stream: ${reason}.`;
}

/**
 * Every way the host's encoder can reach the server, as declared in `source`
 * (a stream-key answer or the owner's room), in declared order (the server's
 * plugin order: RTMP first in the shipped config). Each entry's serverUrl goes
 * in the encoder's server field, the key in the field named keyLabel; with
 * keyIn "bearer" the encoder sends the key as an Authorization Bearer token
 * (WHIP), never in a URL.
 */
export function ingestChoices(source) {
  return Array.isArray(source?.ingest) ? source.ingest.filter((e) => e?.serverUrl && e?.protocol) : [];
}

/** The way in a page offers first: the first declared ingest, or null. */
export function ingestFor(source) {
  return ingestChoices(source)[0] || null;
}

/** Whether the encoder sends the key as a Bearer token (WHIP) rather than in the URL. */
export function keyIsBearer(entry) {
  return entry?.keyIn === 'bearer';
}

/** The room's picture URL as declared, with `version` to defeat caches; null when it has none. */
export function thumbnailFor(room, version) {
  const url = room?.thumbnailUrl;
  if (!url) return null;
  return version ? `${url}${url.includes('?') ? '&' : '?'}v=${encodeURIComponent(version)}` : url;
}
