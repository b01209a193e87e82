// hls.js is most of the room page's code and only a live room needs it: it is
// fetched on the first live room and kept for the rest of the visit. Its light
// build leaves out alternate audio, subtitles and DRM, which this server never
// serves (one muxed rendition), and keeps low-latency HLS.
let loaded = null;
let pending = null;

/** The hls.js class once loaded, else null (so a player that already has it starts at once). */
export function loadedHls() {
  return loaded;
}

/** Loads hls.js once; resolves with its class. */
export function loadHls() {
  if (!pending) {
    pending = import('hls.js/light').then((module) => {
      loaded = module.default;
      return loaded;
    }, (error) => {
      pending = null; // a failed chunk load (a deploy, a network blip) may be tried again
      throw error;
    });
  }
  return pending;
}
