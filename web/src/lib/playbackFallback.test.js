import { describe, expect, it } from 'vitest';
import { failureWords, fallbackNotice, isWebrtc, nextEntry } from './playbackFallback.js';
import { WhepError } from './whepClient.js';

const whep = { protocol: 'whep', url: '/whep/r1', mimeType: 'application/sdp', latency: 'real-time' };
const llhls = { protocol: 'hls', url: '/hls/r1/index.m3u8', mimeType: 'application/vnd.apple.mpegurl', latency: 'low-latency' };
const hls = { ...llhls, url: '/hls/r1/slow.m3u8', latency: 'standard' };

describe('playback fallback', () => {
  it('moves to the next entry, fastest first, and has nothing after the last', () => {
    expect(nextEntry([whep, llhls, hls], whep)).toBe(llhls);
    expect(nextEntry([whep, llhls, hls], llhls)).toBe(hls);
    expect(nextEntry([whep, llhls], llhls)).toBeNull();
    expect(nextEntry([whep], whep)).toBeNull();
  });

  it('says why real-time playback gave way, and what plays instead', () => {
    expect(fallbackNotice(whep, llhls, { kind: 'timeout', ms: 5000 }))
      .toBe('Real-time playback did not work: it did not connect within 5 seconds (this network may block UDP). Playing Low latency (HLS) instead.');
    expect(fallbackNotice(whep, llhls, new WhepError('http', 'HTTP 503: Real-time playback is full.', 503)))
      .toBe('Real-time playback did not work: the server refused it (HTTP 503: Real-time playback is full.). Playing Low latency (HLS) instead.');
    expect(fallbackNotice(whep, null, { kind: 'connection' }))
      .toBe('Real-time playback did not work: the connection failed (ICE or DTLS; this network may block UDP). Trying again…');
  });

  it('has words for every kind of failure', () => {
    for (const kind of ['timeout', 'connection', 'disconnected', 'http', 'network', 'protocol', 'webrtc', 'other']) {
      expect(failureWords({ kind, message: 'x' }).length).toBeGreaterThan(0);
    }
    expect(failureWords(undefined)).toBe('it failed');
  });

  it('tells a WebRTC entry by its protocol or its SDP type', () => {
    expect(isWebrtc(whep)).toBe(true);
    expect(isWebrtc({ protocol: 'other-webrtc', mimeType: 'application/SDP' })).toBe(true);
    expect(isWebrtc(llhls)).toBe(false);
    expect(isWebrtc(null)).toBe(false);
  });
});
