import { describe, expect, it } from 'vitest';
import { ingestFor, playbackFor, thumbnailFor } from './endpoints.js';

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

describe('ingestFor', () => {
  it('is the first declared ingest, from a stream-key answer or the owner\'s room', () => {
    const srt = { protocol: 'srt', name: 'SRT', serverUrl: 'srt://stream.example:9000', keyLabel: 'Stream key', publishUrl: 'srt://stream.example:9000?streamid={streamKey}' };
    expect(ingestFor({ ingest: [srt] })).toBe(srt);
    expect(ingestFor({ ingest: [] })).toBeNull();
    expect(ingestFor(undefined)).toBeNull();
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
