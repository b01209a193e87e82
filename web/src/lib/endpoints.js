// Which of the ways the server declared a page uses. The server's plugins say
// how a room is played (room.playback[]) and how an encoder reaches them
// (ingest[] in the owner's room and stream-key answers); the app never builds
// a media or ingest URL itself. Shapes in docs/api.md.

/** MIME types this app's player can play (hls.js, or the browser itself for HLS). */
const playableTypes = new Set(['application/vnd.apple.mpegurl', 'application/x-mpegurl']);

/**
 * The playback entry the player should load for `room`: the first declared one
 * it can play, preferring low latency when several can; null when none can
 * (no playback plugin runs, or none speaks a format this app plays).
 */
export function playbackFor(room, { canPlay = (type) => playableTypes.has(String(type).toLowerCase()) } = {}) {
  const entries = Array.isArray(room?.playback) ? room.playback.filter((p) => p?.url && canPlay(p.mimeType)) : [];
  return entries.find((p) => p.latency === 'low-latency') || entries[0] || null;
}

/**
 * How the host's encoder reaches the server: the first ingest declared in
 * `source` (a stream-key answer or the owner's room), or null. Its serverUrl
 * goes in the encoder's server field, the key in the field named keyLabel.
 */
export function ingestFor(source) {
  const entries = Array.isArray(source?.ingest) ? source.ingest.filter((e) => e?.serverUrl) : [];
  return entries[0] || null;
}

/** The room's picture URL as declared, with `version` to defeat caches; null when it has none. */
export function thumbnailFor(room, version) {
  const url = room?.thumbnailUrl;
  if (!url) return null;
  return version ? `${url}${url.includes('?') ? '&' : '?'}v=${encodeURIComponent(version)}` : url;
}
