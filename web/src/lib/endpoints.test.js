import { describe, expect, it } from 'vitest';
import {
  ingestChoices, ingestFor, keyIsBearer, playbackChoices, playbackFor, playbackLabel, thumbnailFor, unavailableNotice,
} from './endpoints.js';

const hls = { protocol: 'hls', url: '/media/r1/live', mimeType: 'application/vnd.apple.mpegurl', latency: 'standard', thumbnailUrl: null };
const llhls = { ...hls, url: '/media/r1/ll', latency: 'low-latency' };
const whep = { protocol: 'whep', url: 'https://edge.example/whep/r1', mimeType: 'application/sdp', latency: 'low-latency', thumbnailUrl: null };

describe('playbackFor', () => {
  it('takes the first declared entry the player can play, preferring low latency', () => {
    expect(playbackFor({ playback: [hls] })).toBe(hls);
    expect(playbackFor({ playback: [hls, llhls] })).toBe(llhls);
    expect(playbackFor({ playback: [whep, hls] })).toBe(hls);
  });

  it('is null when nothing declared can be played', () => {
    expect(playbackFor({ playback: [] })).toBeNull();
    expect(playbackFor({ playback: [whep] })).toBeNull();
    expect(playbackFor({})).toBeNull();
    expect(playbackFor(null)).toBeNull();
    expect(playbackFor({ playbackUrl: '/old/r1/index' })).toBeNull();
  });

  it('asks the given player what it can play', () => {
    expect(playbackFor({ playback: [whep, hls] }, { canPlay: (type) => type === 'application/sdp' })).toBe(whep);
  });
});

describe('playbackChoices', () => {
  const realtime = { protocol: 'whep', url: '/whep/r1', mimeType: 'application/sdp', latency: 'real-time', available: true, unavailableReason: null };
  const off = { ...realtime, available: false, unavailableReason: 'the stream has B-frames (in OBS: Output → Profile baseline, or B-frames 0)' };
  const both = () => true;

  it('orders what can play fastest first: real-time, low-latency, standard, then the rest in declared order', () => {
    const odd = { protocol: 'dash', url: '/dash/r1', mimeType: 'application/dash+xml', latency: 'whatever' };
    const { entries } = playbackChoices({ playback: [odd, hls, llhls, realtime] }, { canPlay: both });
    expect(entries).toEqual([realtime, llhls, hls, odd]);
    expect(playbackFor({ playback: [hls, realtime, llhls] }, { canPlay: both })).toBe(realtime);
  });

  it('skips entries the server marks unavailable and returns them, with their reasons, for the page to show', () => {
    const { entries, unavailable } = playbackChoices({ playback: [off, llhls] }, { canPlay: both });
    expect(entries).toEqual([llhls]);
    expect(unavailable).toEqual([off]);
    expect(unavailableNotice(off)).toBe('Real-time playback is off for this stream: the stream has B-frames (in OBS: Output → Profile baseline, or B-frames 0).');
    expect(unavailableNotice({ ...off, unavailableReason: '' })).toBe('Real-time playback is off for this stream: the server did not say why.');
    expect(unavailableNotice({ ...llhls, available: false, unavailableReason: 'Packager restarting.' })).toBe('Low latency (HLS) playback is off for this stream: Packager restarting.');
  });

  it('plays WHEP only where the browser has WebRTC; entries without "available" count as available', () => {
    const legacy = { ...realtime };
    delete legacy.available;
    expect(playbackChoices({ playback: [legacy, llhls] }).entries).toEqual([llhls]);
    const had = globalThis.RTCPeerConnection;
    globalThis.RTCPeerConnection = function FakePc() {};
    try {
      expect(playbackChoices({ playback: [llhls, legacy] }).entries).toEqual([legacy, llhls]);
      expect(playbackChoices({ playback: [off, llhls] }).unavailable).toEqual([off]);
    } finally {
      globalThis.RTCPeerConnection = had;
    }
    // A way this browser cannot play is not reported as switched off either.
    expect(playbackChoices({ playback: [off, llhls] }).unavailable).toEqual([]);
  });

  it('names each way for the viewer', () => {
    expect([realtime, llhls, hls].map(playbackLabel)).toEqual(['Real-time (WebRTC)', 'Low latency (HLS)', 'Standard (HLS)']);
  });
});

describe('ingestFor', () => {
  it('is the first declared ingest, from a stream-key answer or the owner\'s room', () => {
    const srt = { protocol: 'srt', name: 'SRT', serverUrl: 'srt://stream.example:9000', keyLabel: 'Stream key', publishUrl: 'srt://stream.example:9000?streamid={streamKey}' };
    expect(ingestFor({ ingest: [srt] })).toBe(srt);
    expect(ingestFor({ ingest: [] })).toBeNull();
    expect(ingestFor(undefined)).toBeNull();
  });
});

describe('ingestChoices', () => {
  const rtmp = { protocol: 'rtmp', name: 'RTMP', serverUrl: 'rtmp://tv.example:1935/live', keyLabel: 'Stream key', keyIn: 'url', publishUrl: 'rtmp://tv.example:1935/live/{streamKey}' };
  const whip = { protocol: 'whip', name: 'WHIP (OBS 30+, browsers)', serverUrl: 'https://tv.example/whip', keyLabel: 'Bearer Token', keyIn: 'bearer', publishUrl: null };

  it('lists every declared way in, in declared order, and says which takes the key as a Bearer token', () => {
    expect(ingestChoices({ ingest: [rtmp, whip] })).toEqual([rtmp, whip]);
    expect(ingestFor({ ingest: [rtmp, whip] })).toBe(rtmp);
    expect(ingestChoices({ ingest: [{ protocol: 'x' }, null, whip] })).toEqual([whip]);
    expect(ingestChoices(null)).toEqual([]);
    expect(keyIsBearer(whip)).toBe(true);
    expect(keyIsBearer(rtmp)).toBe(false);
    expect(keyIsBearer({ ...rtmp, keyIn: undefined })).toBe(false);
  });
});

describe('thumbnailFor', () => {
  it('uses the declared picture, versioned', () => {
    expect(thumbnailFor({ thumbnailUrl: '/pic/r1.jpg' }, 'a b')).toBe('/pic/r1.jpg?v=a%20b');
    expect(thumbnailFor({ thumbnailUrl: '/pic?r=1' }, '2')).toBe('/pic?r=1&v=2');
    expect(thumbnailFor({ thumbnailUrl: null }, '2')).toBeNull();
    expect(thumbnailFor({}, '2')).toBeNull();
  });
});
