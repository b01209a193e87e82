import { describe, expect, it } from 'vitest';
import {
  describeHealthState, formatBitrate, formatCodecs, formatDuration, formatFrameRate, formatIngest, healthWarnings,
} from './streamHealth.js';

describe('stream health words', () => {
  it('names the four states a host cares about', () => {
    expect(describeHealthState('offline').words).toBe('Waiting for encoder');
    expect(describeHealthState('offline', true).words).toBe('Ended');
    expect(describeHealthState('live').words).toBe('Live');
    expect(describeHealthState('reconnecting').words).toMatch(/^Reconnecting/);
    expect(describeHealthState('offline', false, 'authorised').words).toBe('Encoder connected: waiting for its first pictures');
  });

  it('formats numbers, refusing nonsense', () => {
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(-1)).toBeNull();
    expect(formatBitrate(2500.6)).toBe('2,501 kbps');
    expect(formatBitrate(NaN)).toBeNull();
    expect(formatFrameRate(29.97)).toBe('29.97 fps');
    expect(formatFrameRate(0)).toBeNull();
    expect(formatCodecs({ codec: 'h264' }, { codec: 'aac', sampleRate: 44100, channels: 1 })).toBe('h264 · aac 44.1 kHz mono');
    expect(formatCodecs(null, null)).toBeNull();
    expect(formatIngest({ protocol: 'rtmp', encoder: 'obs-output module' })).toBe('RTMP · obs-output module');
    expect(formatIngest({})).toBeNull();
  });

  it('flags a keyframe interval above 2 s, by the server\'s word or by the number', () => {
    expect(healthWarnings({ video: { keyframeIntervalSeconds: 2 } }).keyframe).toBe(false);
    expect(healthWarnings({ video: { keyframeIntervalSeconds: 8.3 } })).toMatchObject({ keyframe: true, keyframeFromServer: false });
    const server = healthWarnings({ warnings: [{ code: 'keyframe_interval', message: 'steps' }, { code: 'x' }] });
    expect(server).toMatchObject({ keyframe: true, keyframeFromServer: true });
    expect(server.list).toHaveLength(1);
  });
});
