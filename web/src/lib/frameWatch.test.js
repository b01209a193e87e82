import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchFrames } from './frameWatch.js';

/** A <video> reduced to what watchFrames reads. */
function fakeVideo() {
  const video = new EventTarget();
  Object.assign(video, { currentTime: 0, paused: false, ended: false, readyState: 4 });
  return video;
}

describe('watchFrames', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const tick = (video, seconds) => { video.currentTime += seconds; vi.advanceTimersByTime(250); };

  it('is idle until time moves, advancing while it moves, stalled when it stands still past the limit', () => {
    const video = fakeVideo();
    const seen = [];
    const stop = watchFrames(video, (s) => seen.push(s), { stallMs: 1000 });
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([]);
    tick(video, 0.25);
    tick(video, 0.25);
    expect(seen).toEqual(['advancing']);
    vi.advanceTimersByTime(1250);
    expect(seen).toEqual(['advancing', 'stalled']);
    tick(video, 0.25);
    expect(seen.at(-1)).toBe('advancing');
    stop();
    tick(video, 5);
    vi.advanceTimersByTime(5000);
    expect(seen.at(-1)).toBe('advancing');
  });

  it('calls it a stall at once when nothing is buffered ahead, and stays stalled until time moves', () => {
    const video = fakeVideo();
    const seen = [];
    watchFrames(video, (s) => seen.push(s), { stallMs: 5000 });
    tick(video, 0.25);
    video.readyState = 1;
    vi.advanceTimersByTime(250);
    expect(seen).toEqual(['advancing', 'stalled']);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(['advancing', 'stalled']);
    video.readyState = 4;
    tick(video, 0.25);
    expect(seen.at(-1)).toBe('advancing');
  });

  it('says paused when the viewer paused, and stalled at once on "waiting"', () => {
    const video = fakeVideo();
    const seen = [];
    watchFrames(video, (s) => seen.push(s));
    tick(video, 0.25);
    video.dispatchEvent(new Event('waiting'));
    expect(seen).toEqual(['advancing', 'stalled']);
    video.paused = true;
    vi.advanceTimersByTime(250);
    expect(seen.at(-1)).toBe('paused');
  });

  it('counts each presented frame where requestVideoFrameCallback exists', () => {
    const video = fakeVideo();
    let callback = null;
    video.requestVideoFrameCallback = (fn) => { callback = fn; return 1; };
    video.cancelVideoFrameCallback = vi.fn();
    const seen = [];
    const stop = watchFrames(video, (s) => seen.push(s), { stallMs: 1000 });
    callback();
    vi.advanceTimersByTime(250);
    expect(seen).toEqual(['advancing']);
    stop();
    expect(video.cancelVideoFrameCallback).toHaveBeenCalledWith(1);
  });
});
