import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { catchUpRate, catchUpTarget, forwardBufferSeconds, liveCatchUp } from './liveCatchUp.js';

const ranges = (...pairs) => ({ length: pairs.length, start: (i) => pairs[i][0], end: (i) => pairs[i][1] });
/** A playing <video> buffered from 0 to `bufferedTo` and the hls.js fields liveCatchUp reads. */
const livePlayer = ({ currentTime, bufferedTo, ...hls }) => ({
  video: { paused: false, seeking: false, playbackRate: 1, currentTime, buffered: ranges([0, bufferedTo]) },
  hls: { latestLevelDetails: { live: true }, ...hls },
});

describe('catchUpRate', () => {
  const at = (latency, forwardBuffer = 5) => catchUpRate({ latency, targetLatency: 1.5, forwardBuffer, live: true });

  it('plays about twice as fast a whole OBS GOP behind, where hls.js 1.7.4 would not change the rate at all', () => {
    expect(at(1.5 + 8.3)).toBe(2);
    expect(at(1.5 + 4)).toBeGreaterThanOrEqual(1.9);
  });

  it('eases off toward the target and plays at 1× on it or ahead of it', () => {
    expect(at(2.5)).toBeGreaterThan(1);
    expect(at(2.5)).toBeLessThan(at(4));
    expect(at(1.52)).toBe(1);
    expect(at(0.8)).toBe(1);
  });

  it('stays at 1× with under a second buffered ahead, for a stream that is not live, or without a latency', () => {
    expect(at(9, 0.5)).toBe(1);
    expect(catchUpRate({ latency: 9, targetLatency: 1.5, forwardBuffer: 5, live: false })).toBe(1);
    expect(catchUpRate({ latency: null, targetLatency: 1.5, forwardBuffer: 5, live: true })).toBe(1);
  });

  it('never goes above the given maximum', () => {
    expect(catchUpRate({ latency: 10, targetLatency: 1.5, forwardBuffer: 5, live: true }, { maxRate: 1.5 })).toBe(1.5);
  });
});

describe('forwardBufferSeconds', () => {
  it('counts from the playhead to the end of its range, a start hole of a B-frame delay included', () => {
    expect(forwardBufferSeconds({ currentTime: 6.267, buffered: ranges([6.333, 12.5]) })).toBeCloseTo(6.233);
    expect(forwardBufferSeconds({ currentTime: 3, buffered: ranges([0, 2], [6, 9]) })).toBe(0);
  });
});

describe('liveCatchUp', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('speeds a player that started at an old keyframe up, and back to 1× once stopped', () => {
    const { video, hls } = livePlayer({ currentTime: 6.3, bufferedTo: 14, latency: 9.5, targetLatency: 1.5 });
    const stop = liveCatchUp(hls, video);
    vi.advanceTimersByTime(300);
    expect(video.playbackRate).toBe(2);
    hls.latency = 1.5;
    vi.advanceTimersByTime(300);
    expect(video.playbackRate).toBe(1);
    hls.latency = 4;
    vi.advanceTimersByTime(300);
    expect(video.playbackRate).toBeGreaterThan(1);
    stop();
    expect(video.playbackRate).toBe(1);
  });
});

describe('the catch-up target', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is the configured liveSyncDuration, not hls.js\'s target that each stall raised', () => {
    expect(catchUpTarget({ config: { liveSyncDuration: 1.5 }, targetLatency: 2.25 })).toBe(1.5);
    expect(catchUpTarget({ config: { liveSyncDuration: 1.5 }, targetLatency: 2.25 }, 1.2)).toBe(1.2);
    // A config built on liveSyncDurationCount has no fixed distance: hls.js's own target then.
    expect(catchUpTarget({ config: { liveSyncDuration: undefined }, targetLatency: 3 })).toBe(3);
  });

  it('keeps catching up from 2.1 s behind after three stalls raised hls.js\'s target from 1.5 to 2.25 s', () => {
    const { video, hls } = livePlayer({ currentTime: 10, bufferedTo: 11.6, latency: 2.1, targetLatency: 2.25, config: { liveSyncDuration: 1.5 } });
    const stop = liveCatchUp(hls, video);
    vi.advanceTimersByTime(300);
    expect(video.playbackRate).toBeGreaterThan(1);
    hls.latency = 1.5;
    vi.advanceTimersByTime(300);
    expect(video.playbackRate).toBe(1);
    stop();
  });
});
