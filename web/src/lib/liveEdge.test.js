import { describe, expect, it, vi } from 'vitest';
import { isBehindLive, jumpToLive, liveEdgeTime, secondsBehindLive } from './liveEdge.js';

const ranges = (...pairs) => ({ length: pairs.length, start: (i) => pairs[i][0], end: (i) => pairs[i][1] });

describe('liveEdge', () => {
  it('prefers hls.js\'s live sync position, else the end of the seekable range less a second', () => {
    expect(liveEdgeTime({ seekable: ranges([0, 30]) }, { liveSyncPosition: 28.5 })).toBe(28.5);
    expect(liveEdgeTime({ seekable: ranges([0, 10], [12, 30]) }, null)).toBe(29);
    expect(liveEdgeTime({ seekable: ranges([29.5, 30]) }, { liveSyncPosition: null })).toBe(29.5);
    expect(liveEdgeTime({ seekable: ranges() }, null)).toBeNull();
  });

  it('is behind when the picture is more than the slack before the live point, paused or not', () => {
    const hls = { liveSyncPosition: 30 };
    expect(secondsBehindLive({ currentTime: 29.5 }, hls)).toBe(0.5);
    expect(isBehindLive({ currentTime: 29.5 }, hls)).toBe(false);
    expect(isBehindLive({ currentTime: 27.6 }, hls)).toBe(false);
    expect(isBehindLive({ currentTime: 27.4, paused: true }, hls)).toBe(true);
    expect(secondsBehindLive({ currentTime: 31 }, hls)).toBe(0);
    expect(isBehindLive({ currentTime: 3, seekable: ranges() }, null)).toBe(false);
    // Paused: the playlist's edge stands still, the wall clock does not.
    expect(isBehindLive({ currentTime: 29.5, paused: true }, hls, 4)).toBe(true);
    expect(isBehindLive({ currentTime: 29.5, paused: false }, hls, 4)).toBe(false);
  });

  it('jumps to the edge and plays', () => {
    const video = { currentTime: 3, seekable: ranges([0, 40]), play: vi.fn(() => Promise.resolve()) };
    expect(jumpToLive(video, { liveSyncPosition: 38 })).toBe(true);
    expect(video.currentTime).toBe(38);
    expect(video.play).toHaveBeenCalled();
    expect(jumpToLive({ seekable: ranges() }, null)).toBe(false);
  });
});
