// hls.js reduced to what page-level tests look at: which URLs it was asked to
// load (`hlsLoads`). Use with vi.mock('hls.js/light', () => import('../test/recordingHls.js')).
export const hlsLoads = [];

export default class RecordingHls {
  static Events = { MANIFEST_PARSED: 'm', ERROR: 'e' };
  static ErrorTypes = {};
  static ErrorDetails = {};
  static isSupported() { return true; }
  on() {}
  loadSource(url) { hlsLoads.push(url); }
  attachMedia() {}
  destroy() {}
}
