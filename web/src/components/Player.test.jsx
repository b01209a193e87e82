import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import Player from './Player.jsx';

// A stand-in for hls.js that records every instance so a test can play the
// part of the network: fatal 404s, a parsed manifest, a media error.
const hlsState = vi.hoisted(() => ({ instances: [], supported: true }));
vi.mock('hls.js', () => {
  class FakeHls {
    static Events = { MANIFEST_PARSED: 'hlsManifestParsed', ERROR: 'hlsError' };
    static ErrorTypes = { NETWORK_ERROR: 'networkError', MEDIA_ERROR: 'mediaError', OTHER_ERROR: 'otherError' };
    static ErrorDetails = {
      MANIFEST_LOAD_ERROR: 'manifestLoadError',
      LEVEL_LOAD_ERROR: 'levelLoadError',
      MANIFEST_PARSING_ERROR: 'manifestParsingError',
      BUFFER_STALLED_ERROR: 'bufferStalledError',
    };
    static isSupported() { return hlsState.supported; }
    constructor(config) {
      this.config = config;
      this.listeners = {};
      this.destroyed = false;
      this.latency = NaN;
      this.recoverMediaError = vi.fn();
      hlsState.instances.push(this);
    }
    on(event, fn) { (this.listeners[event] ||= []).push(fn); }
    loadSource(src) { this.src = src; }
    attachMedia(video) { this.video = video; }
    destroy() { this.destroyed = true; }
    fire(event, data) { (this.listeners[event] || []).forEach((fn) => fn(event, data)); }
  }
  return { default: FakeHls };
});

const last = () => hlsState.instances.at(-1);
const state = (container) => container.querySelector('[data-player-state]').dataset.playerState;
const manifest404 = { fatal: true, type: 'networkError', details: 'manifestLoadError', response: { code: 404 } };

describe('Player', () => {
  beforeEach(() => {
    hlsState.instances.length = 0;
    hlsState.supported = true;
    vi.useFakeTimers();
    HTMLMediaElement.prototype.play = vi.fn(() => Promise.resolve());
  });
  afterEach(() => vi.useRealTimers());

  it('loads the playlist with hls.js in low-latency mode and shows a labelled video', () => {
    const { container } = render(<Player src="/hls/r1/index.m3u8" title="Live video: Speedrun" />);
    expect(last().config.lowLatencyMode).toBe(true);
    expect(last().src).toBe('/hls/r1/index.m3u8');
    expect(last().video).toBe(screen.getByLabelText('Live video: Speedrun'));
    expect(state(container)).toBe('loading');
    expect(screen.getByRole('status')).toHaveTextContent(/connecting/i);
  });

  it('shows offline when the playlist is missing and recovers by itself when it returns', () => {
    const { container } = render(<Player src="/hls/r1/index.m3u8" retryMs={3000} />);
    act(() => last().fire('hlsError', manifest404));
    expect(state(container)).toBe('offline');
    expect(screen.getByRole('status')).toHaveTextContent(/offline/i);
    expect(hlsState.instances).toHaveLength(1);

    act(() => vi.advanceTimersByTime(3000));
    expect(hlsState.instances).toHaveLength(2);
    expect(hlsState.instances[0].destroyed).toBe(true);
    expect(state(container)).toBe('loading');

    act(() => last().fire('hlsManifestParsed', {}));
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalled();
    act(() => screen.getByLabelText('Live video').dispatchEvent(new Event('playing')));
    expect(state(container)).toBe('playing');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('ignores non-fatal errors', () => {
    const { container } = render(<Player src="/hls/r1/index.m3u8" />);
    act(() => last().fire('hlsError', { fatal: false, type: 'mediaError', details: 'bufferStalledError' }));
    expect(state(container)).toBe('loading');
    expect(hlsState.instances).toHaveLength(1);
  });

  it('tries to recover a media error in place before giving up and starting over', () => {
    const { container } = render(<Player src="/hls/r1/index.m3u8" retryMs={1000} />);
    const media = { fatal: true, type: 'mediaError', details: 'bufferAppendError' };
    act(() => last().fire('hlsError', media));
    act(() => last().fire('hlsError', media));
    expect(last().recoverMediaError).toHaveBeenCalledTimes(2);
    expect(state(container)).toBe('loading');
    act(() => last().fire('hlsError', media));
    expect(state(container)).toBe('error');
    expect(screen.getByRole('status')).toHaveTextContent(/playback error/i);
    act(() => vi.advanceTimersByTime(1000));
    expect(hlsState.instances).toHaveLength(2);
  });

  it('goes offline when the stream ends', () => {
    const { container } = render(<Player src="/hls/r1/index.m3u8" />);
    const video = screen.getByLabelText('Live video');
    act(() => video.dispatchEvent(new Event('playing')));
    act(() => video.dispatchEvent(new Event('ended')));
    expect(state(container)).toBe('offline');
  });

  it('retries at once when the server says the room went live', () => {
    const { container, rerender } = render(<Player src="/hls/r1/index.m3u8" live={false} retryMs={60000} />);
    act(() => last().fire('hlsError', manifest404));
    expect(state(container)).toBe('offline');
    rerender(<Player src="/hls/r1/index.m3u8" live retryMs={60000} />);
    expect(hlsState.instances).toHaveLength(2);
    expect(state(container)).toBe('loading');
  });

  it('shows the live latency while playing', () => {
    render(<Player src="/hls/r1/index.m3u8" />);
    expect(screen.getByTestId('latency')).toHaveTextContent('Latency: –');
    act(() => screen.getByLabelText('Live video').dispatchEvent(new Event('playing')));
    last().latency = 2.345;
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByTestId('latency')).toHaveTextContent('Latency: 2.3 s');
  });

  it('says so when the browser cannot play HLS at all', () => {
    hlsState.supported = false;
    const { container } = render(<Player src="/hls/r1/index.m3u8" />);
    expect(state(container)).toBe('unsupported');
    expect(screen.getByRole('status')).toHaveTextContent(/cannot play/i);
  });

  it('stops hls.js when it goes away', () => {
    const view = render(<Player src="/hls/r1/index.m3u8" />);
    view.unmount();
    expect(last().destroyed).toBe(true);
  });
});
