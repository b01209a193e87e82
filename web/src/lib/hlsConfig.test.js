import { describe, expect, it } from 'vitest';
import Hls from 'hls.js';
import { hlsConfig } from './hlsConfig.js';

describe('hlsConfig', () => {
  it('asks for low-latency HLS at least the server\'s part hold-back (1.002 s) behind the edge, under 2 s', () => {
    const config = hlsConfig();
    expect(config.lowLatencyMode).toBe(true);
    expect(config.liveSyncDuration).toBeGreaterThanOrEqual(1.002);
    expect(config.liveSyncDuration).toBeLessThan(2);
    expect(config.liveMaxLatencyDuration).toBeGreaterThan(config.liveSyncDuration);
  });

  it('never moves a start at the newest keyframe: hls.js seeks away only further back than OBS\'s GOP + hold-back + a part', () => {
    const obsGop = 250 / 30;
    expect(hlsConfig().liveMaxLatencyDuration).toBeGreaterThan(obsGop + 1.002 + 0.334);
  });

  it('does not raise its target after a stall: hls.js would never lower it again, so a few stalls held viewers above 2 s', () => {
    expect(hlsConfig().liveSyncOnStallIncrease).toBe(0);
  });

  it('leaves the playback rate to liveCatchUp.js (hls.js would reset it to 1 further than 3.5 s behind)', () => {
    expect(hlsConfig().maxLiveSyncPlaybackRate).toBe(1);
  });

  it('uses only options hls.js documents: every key is one of its default config', () => {
    for (const key of Object.keys(hlsConfig())) expect(Hls.DefaultConfig).toHaveProperty(key);
  });

  it('replaces none of hls.js\'s internals, whatever it is given', () => {
    const config = hlsConfig(Hls);
    expect(config).toEqual(hlsConfig());
    expect(config.streamController).toBeUndefined();
    for (const value of Object.values(config)) expect(typeof value).not.toBe('function');
  });
});
