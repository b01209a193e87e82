import { act } from '@testing-library/react';
import { vi } from 'vitest';

/** The <video> with a clock the test moves: jsdom's never plays. */
export function fakeClock(video) {
  const clock = { time: 0, paused: false };
  Object.defineProperty(video, 'currentTime', { configurable: true, get: () => clock.time, set: (t) => { clock.time = t; } });
  Object.defineProperty(video, 'paused', { configurable: true, get: () => clock.paused });
  return clock;
}

/** Frames advancing for `ms`: the video's time moves with the (fake) wall clock. */
export function playFor(clock, ms) {
  for (let t = 0; t < ms; t += 250) {
    clock.time += 0.25;
    act(() => vi.advanceTimersByTime(250));
  }
}
