import { describe, expect, it, vi } from 'vitest';
import { isBehindLive, jumpToLive, liveEdgeTime } from './liveEdge.js';

const ranges = (...pairs) => ({ length: pairs.length, start: (i) => pairs[i][0], end: (i) => pairs[i][1] });

describe('liveEdge', () => {
  it('prefers hls.js\'s live sync position, else the end of the seekable range less a second', () => {
    expect(liveEdgeTime({ seekable: ranges([0, 30]) }, { liveSyncPosition: 28.5 })).toBe(28.5);
    expect(liveEdgeTime({ seekable: ranges([0, 10], [12, 30]) }, null)).toBe(29);
    expect(liveEdgeTime({ seekable: ranges([29.5, 30]) }, { liveSyncPosition: null })).toBe(29.5);
    expect(liveEdgeTime({ seekable: ranges() }, null)).toBeNull();
  });

  it('is behind only past the target latency plus the slack', () => {
    expect(isBehindLive(1.2, 1)).toBe(false);
    expect(isBehindLive(3.4, 1)).toBe(false);
    expect(isBehindLive(3.6, 1)).toBe(true);
    expect(isBehindLive(5, 3)).toBe(false);
    expect(isBehindLive(9, undefined)).toBe(true);
    expect(isBehindLive(null, 1)).toBe(false);
  });

  it('jumps to the edge and plays', () => {
    const video = { currentTime: 3, seekable: ranges([0, 40]), play: vi.fn(() => Promise.resolve()) };
    expect(jumpToLive(video, { liveSyncPosition: 38 })).toBe(true);
    expect(video.currentTime).toBe(38);
    expect(video.play).toHaveBeenCalled();
    expect(jumpToLive({ seekable: ranges() }, null)).toBe(false);
  });
});
