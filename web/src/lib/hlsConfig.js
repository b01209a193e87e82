/**
 * The settings of the player's hls.js instance, tuned for a fast start at any
 * keyframe interval (measured with bench/start, see docs/benchmarks.md).
 *
 * How a start goes with OBS's default keyframe interval (8.3 s): the server's
 * media playlist names, in EXT-X-START, the newest part that begins with a
 * keyframe at least the part hold-back behind the live edge. hls.js starts
 * there (it can decode from nowhere else), loads the parts up to the edge in a
 * moment, and then, being more than `liveMaxLatencyDuration` behind, seeks to
 * `liveSyncDuration` from the edge: the browser decodes from the keyframe to
 * that point, so the viewer sees a picture at once and is at the live edge a
 * second later instead of catching up at 1.5× for half a minute.
 *
 * Pass the Hls class (`hlsConfig(Hls)`) to get the one behaviour hls.js 1.7
 * cannot be configured for (see partLoadingStreamController below).
 */
export function hlsConfig(Hls) {
  const config = {
    lowLatencyMode: true,
    // Target distance from the live edge: the server's PART-HOLD-BACK (3 parts of 0.334 s).
    liveSyncDuration: 1.0,
    // Further behind than this (a start at an old keyframe, a long stall): seek to the target.
    liveMaxLatencyDuration: 3,
    // A stall (the first part arriving late) raises the target by this much,
    // not by 1 s: hls.js never lowers it again during a session.
    liveSyncOnStallIncrease: 0.25,
    // Smaller drifts are caught up by playing slightly faster.
    maxLiveSyncPlaybackRate: 1.5,
    backBufferLength: 30,
    liveDurationInfinity: true,
    enableWorker: true,
  };
  const streamController = partLoadingStreamController(Hls);
  if (streamController) config.streamController = streamController;
  return config;
}

/**
 * hls.js 1.7 loads parts (rather than whole segments) only while its buffer
 * ends at least "the first listed part's end + the open segment's length"
 * into the playlist: a rule of thumb for playlists whose parts go back a few
 * short segments. Our segments run from keyframe to keyframe (8.3 s with
 * OBS's defaults), and a broadcast's first playlists list parts from its
 * very start, so a viewer waiting for the stream finished the 1 s first
 * segment, found the open segment "too long", turned parts off and stalled
 * until that whole segment existed (seen in bench/start's hls.js log:
 * "LL-Part loading OFF after parsing segment ending @1", then a 6 s stall).
 * This keeps parts on whenever the buffer ends where the playlist lists parts.
 * Returns undefined when the Hls class is not the real one (unit tests' mocks).
 */
export function partLoadingStreamController(Hls) {
  const Base = Hls?.DefaultConfig?.streamController;
  if (typeof Base !== 'function' || typeof Base.prototype.shouldLoadParts !== 'function') return undefined;
  return class PartLoadingStreamController extends Base {
    shouldLoadParts(details, bufferEnd) {
      if (super.shouldLoadParts(details, bufferEnd)) return true;
      const first = details?.partList?.[0];
      return Boolean(this.config?.lowLatencyMode && details?.live && first && bufferEnd >= first.start);
    }
  };
}
