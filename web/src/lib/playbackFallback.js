// What the player does when a way of playing fails: which declared entry it
// tries next, and the sentence the viewer reads about it. Pure, so the
// choice is tested apart from the video element.
import { playbackLabel } from './endpoints.js';

/** Why real-time playback failed, in words (error: a WhepError, or { kind } from the player). */
export function failureWords(error) {
  switch (error?.kind) {
    case 'timeout': return `it did not connect within ${Math.round((error.ms || 5000) / 1000)} seconds (this network may block UDP)`;
    case 'connection': return 'the connection failed (ICE or DTLS; this network may block UDP)';
    case 'disconnected': return 'the connection was lost';
    case 'http': return `the server refused it (${error.message})`;
    case 'network': return error.message || 'the server could not be reached';
    case 'protocol': return `the server's answer was not usable (${error.message})`;
    case 'webrtc': return `this browser refused it (${error.message})`;
    default: return error?.message ? String(error.message) : 'it failed';
  }
}

/**
 * The entry to play after `current` failed: the next one in `entries` (which
 * are fastest first) with another URL, else null (nothing else to try).
 */
export function nextEntry(entries, current) {
  const at = entries.findIndex((e) => e.url === current?.url);
  return entries.slice(at + 1).find((e) => e.url !== current?.url) || null;
}

/** The sentence shown when the player moved from `from` to `to` because of `error`. */
export function fallbackNotice(from, to, error) {
  const what = from?.latency === 'real-time' ? 'Real-time playback' : `${playbackLabel(from)} playback`;
  const then = to ? `Playing ${playbackLabel(to)} instead.` : 'Trying again…';
  return `${what} did not work: ${failureWords(error)}. ${then}`;
}

/** Whether an entry is played with WebRTC (WHEP) rather than hls.js. */
export function isWebrtc(entry) {
  return entry?.protocol === 'whep' || String(entry?.mimeType).toLowerCase() === 'application/sdp';
}
