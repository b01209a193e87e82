import { describe, expect, it } from 'vitest';
import { createWebrtcLatencyMeter, latencyFromStats } from './webrtcLatency.js';

const report = (stats) => new Map(stats.map((s) => [s.id, s]));
const video = (delay, emitted) => ({ id: 'v', type: 'inbound-rtp', kind: 'video', jitterBufferDelay: delay, jitterBufferEmittedCount: emitted });
const pair = { id: 'p', type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.02 };
const transport = { id: 't', type: 'transport', selectedCandidatePairId: 'p' };

describe('WebRTC latency', () => {
  it('is the recent jitter-buffer delay per frame plus half the round trip', () => {
    const first = latencyFromStats(report([video(6, 60), pair, transport]));
    expect(first.seconds).toBeCloseTo(0.1 + 0.01);
    // 30 more frames waited 1.5 s in all: 50 ms each now, not the running average.
    const second = latencyFromStats(report([video(7.5, 90), pair, transport]), first.totals);
    expect(second.seconds).toBeCloseTo(0.05 + 0.01);
  });

  it('uses the selected pair, or the nominated one, and no round trip when none is known', () => {
    const other = { ...pair, id: 'q', currentRoundTripTime: 0.5 };
    expect(latencyFromStats(report([video(1, 10), other, pair, transport])).seconds).toBeCloseTo(0.11);
    expect(latencyFromStats(report([video(1, 10), pair])).seconds).toBeCloseTo(0.11);
    expect(latencyFromStats(report([video(1, 10)])).seconds).toBeCloseTo(0.1);
  });

  it('cannot tell before a frame was shown, or without video statistics', () => {
    expect(latencyFromStats(report([video(0, 0), pair])).seconds).toBeNull();
    expect(latencyFromStats(report([pair])).seconds).toBeNull();
  });

  it('the meter reads getStats each time, and a closed connection reads null', async () => {
    const stats = [report([video(2, 20)]), report([video(2.2, 30)])];
    const meter = createWebrtcLatencyMeter({ getStats: async () => stats.shift() });
    expect(await meter.measure()).toBeCloseTo(0.1);
    expect(await meter.measure()).toBeCloseTo(0.02);
    expect(await createWebrtcLatencyMeter({ getStats: async () => { throw new Error('closed'); } }).measure()).toBeNull();
    expect(await createWebrtcLatencyMeter(null).measure()).toBeNull();
  });
});
