import { describe, expect, it } from 'vitest';
import Hls from 'hls.js';
import { hlsConfig, partLoadingStreamController } from './hlsConfig.js';

/** A stand-in for hls.js's stream controller with its rule of thumb. */
class FakeStreamController {
  constructor(config) { this.config = config; }

  shouldLoadParts(details, bufferEnd) {
    const first = details.partList[0];
    return bufferEnd >= first.end + (details.fragmentHint?.duration || 0);
  }
}

describe('hlsConfig', () => {
  it('without the Hls class gives plain settings (for pages that build their own)', () => {
    const config = hlsConfig();
    expect(config.lowLatencyMode).toBe(true);
    expect(config.streamController).toBeUndefined();
  });

  it('with the real Hls class adds a stream controller built on hls.js\'s own', () => {
    const { streamController } = hlsConfig(Hls);
    expect(typeof streamController).toBe('function');
    expect(streamController.prototype).toBeInstanceOf(Hls.DefaultConfig.streamController);
  });

  it('keeps parts on while the buffer ends where the playlist lists parts, even beside a long open segment', () => {
    const Controller = partLoadingStreamController({ DefaultConfig: { streamController: FakeStreamController } });
    const controller = new Controller({ lowLatencyMode: true });
    // The broadcast's start: parts listed from 0, the 1 s first segment buffered, the open segment 1.4 s long.
    const details = { live: true, partList: [{ start: 0, end: 0.3 }], fragmentHint: { duration: 1.4 } };
    expect(new FakeStreamController({}).shouldLoadParts(details, 1.0)).toBe(false);
    expect(controller.shouldLoadParts(details, 1.0)).toBe(true);
    // Behind every listed part (far behind the edge): whole segments, as hls.js decides.
    expect(controller.shouldLoadParts({ ...details, partList: [{ start: 20, end: 20.3 }] }, 12)).toBe(false);
    // Not in low-latency mode, or not live: hls.js decides.
    expect(new Controller({ lowLatencyMode: false }).shouldLoadParts(details, 1.0)).toBe(false);
    expect(controller.shouldLoadParts({ ...details, live: false }, 1.0)).toBe(false);
  });

  it('gives no controller for a stand-in Hls without one', () => {
    expect(partLoadingStreamController(undefined)).toBeUndefined();
    expect(partLoadingStreamController({})).toBeUndefined();
  });
});
