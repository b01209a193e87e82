import { describe, expect, it } from 'vitest';
import { formatLatency, measureLatency } from './latency.js';

describe('measureLatency', () => {
  it("prefers hls.js's own estimate", () => {
    expect(measureLatency({ latency: 1.5 }, null)).toBe(1.5);
  });

  it('falls back to now minus the program date time on screen', () => {
    const video = { getStartDate: () => new Date(1_000_000), currentTime: 10 };
    expect(measureLatency({ latency: NaN }, video, 1_000_000 + 12_500)).toBeCloseTo(2.5);
  });

  it('gives no number when there is nothing to measure', () => {
    expect(measureLatency(null, { getStartDate: () => new Date(NaN), currentTime: 0 })).toBeNull();
    expect(measureLatency({ latency: 0 }, {})).toBeNull();
  });

  it('formats seconds with one decimal', () => {
    expect(formatLatency(3.14159)).toBe('3.1 s');
    expect(formatLatency(null)).toBe('–');
  });

  it('formats real-time latencies under a second in milliseconds', () => {
    expect(formatLatency(0.0423, { milliseconds: true })).toBe('42 ms');
    expect(formatLatency(0.9999, { milliseconds: true })).toBe('1000 ms');
    expect(formatLatency(1.25, { milliseconds: true })).toBe('1.3 s');
    expect(formatLatency(0.5)).toBe('0.5 s');
  });
});
