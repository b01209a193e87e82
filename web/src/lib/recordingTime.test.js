import { describe, expect, it } from 'vitest';
import { formatDuration, recordingStateNotice, wallClockAt } from './recordingTime.js';

const recording = {
  startedAtMs: 1_000_000,
  // 10 s of video, then the encoder reconnected 30 s later for another 20 s.
  timeline: [
    { atMs: 1_000_000, mediaStartSec: 0, durationSec: 10 },
    { atMs: 1_040_000, mediaStartSec: 10, durationSec: 20 },
  ],
};

describe('wallClockAt', () => {
  it('maps media time to the wall clock piece by piece, across a reconnect', () => {
    expect(wallClockAt(recording, 0)).toBe(1_000_000);
    expect(wallClockAt(recording, 4.5)).toBe(1_004_500);
    expect(wallClockAt(recording, 10)).toBe(1_040_000);
    expect(wallClockAt(recording, 12)).toBe(1_042_000);
  });

  it('holds at the end of the last piece and never goes before the start', () => {
    expect(wallClockAt(recording, 100)).toBe(1_060_000);
    expect(wallClockAt(recording, -3)).toBe(1_000_000);
  });

  it('counts from startedAtMs when there is no timeline', () => {
    expect(wallClockAt({ startedAtMs: 5000 }, 2)).toBe(7000);
  });
});

describe('formatDuration', () => {
  it('writes minutes and seconds, with hours only when there are some', () => {
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3 * 3600_000 + 62_000)).toBe('3:01:02');
    expect(formatDuration(null)).toBe('0:00');
  });
});

describe('recordingStateNotice', () => {
  it('says nothing for a complete recording and the reason for a stopped one', () => {
    expect(recordingStateNotice({ state: 'complete' })).toBe('');
    expect(recordingStateNotice({ state: 'stopped', stopReason: 'the disk is full' })).toBe('The recording stopped before the broadcast ended: the disk is full');
    expect(recordingStateNotice({ state: 'cut_short' })).toMatch(/cut short/);
    expect(recordingStateNotice({ state: 'recording' })).toMatch(/still being recorded/);
  });
});
