// What a WebRTC viewer needs, in one chunk loaded only when a room offers
// real-time playback (see loadWhep.js).
export { startWhep, WhepError } from './whepClient.js';
export { createWebrtcLatencyMeter } from './webrtcLatency.js';
