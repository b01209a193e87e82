import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import Player from './Player.jsx';
import { hlsConfig } from '../lib/hlsConfig.js';
import { loadHls } from '../lib/loadHls.js';
import { fakeClock, playFor } from '../test/fakeVideo.js';

// A stand-in for hls.js that records every instance so a test can play the
// part of the network: fatal 404s, a parsed manifest, a media error.
const hlsState = vi.hoisted(() => ({ instances: [], supported: true }));
vi.mock('hls.js/light', () => {
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

const src = '/hls/r1/index.m3u8';
const last = () => hlsState.instances.at(-1);
const state = (container) => container.querySelector('[data-player-state]').dataset.playerState;
const manifest404 = { fatal: true, type: 'networkError', details: 'manifestLoadError', response: { code: 404 } };

// hls.js is loaded on first use; once loaded, every player starts at once.
beforeAll(async () => { await loadHls(); });
beforeEach(() => {
  hlsState.instances.length = 0;
  hlsState.supported = true;
  vi.useFakeTimers();
  HTMLMediaElement.prototype.play = vi.fn(() => Promise.resolve());
  HTMLMediaElement.prototype.pause = vi.fn();
  HTMLMediaElement.prototype.load = vi.fn();
});
afterEach(() => vi.useRealTimers());

describe('Player', () => {

  it('builds hls.js with hlsConfig() and loads the room\'s playback URL into a labelled video', () => {
    const { container } = render(<Player src={src} title="Live video: Speedrun" roomState="live" />);
    expect(last().config).toEqual(hlsConfig());
    expect(last().src).toBe(src);
    expect(last().video).toBe(screen.getByLabelText('Live video: Speedrun'));
    expect(state(container)).toBe('loading');
    expect(screen.getByRole('status')).toHaveTextContent(/connecting/i);
  });

  it('says Live and shows the latency only while frames advance; a stall is "buffering"', () => {
    const { container } = render(<Player src={src} roomState="live" />);
    const video = screen.getByLabelText('Live video');
    const clock = fakeClock(video);
    act(() => last().fire('hlsManifestParsed', {}));
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalled();
    // The browser's "playing" event alone is no proof of pictures.
    act(() => video.dispatchEvent(new Event('playing')));
    expect(state(container)).toBe('loading');

    last().latency = 2.345;
    playFor(clock, 1000);
    expect(state(container)).toBe('playing');
    expect(screen.getByTestId('player-caption')).toHaveTextContent('● Live');
    expect(screen.getByTestId('latency')).toHaveTextContent('Latency: 2.3 s');
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByRole('toolbar', { name: 'Player controls' })).toBeInTheDocument();

    // The picture freezes: time stands still for longer than the stall limit.
    act(() => vi.advanceTimersByTime(2000));
    expect(state(container)).toBe('buffering');
    expect(screen.getByTestId('player-caption')).toHaveTextContent('Buffering…');
    expect(screen.getByTestId('player-caption')).not.toHaveTextContent('Live');
    expect(screen.getByTestId('latency')).toHaveTextContent('Latency: –');

    playFor(clock, 500);
    expect(state(container)).toBe('playing');

    // The browser says it waits for data: buffering at once.
    act(() => video.dispatchEvent(new Event('waiting')));
    expect(state(container)).toBe('buffering');
  });

  it('says Paused, not Live, when the viewer pauses', () => {
    const { container } = render(<Player src={src} roomState="live" />);
    const clock = fakeClock(screen.getByLabelText('Live video'));
    playFor(clock, 750);
    expect(state(container)).toBe('playing');
    clock.paused = true;
    act(() => vi.advanceTimersByTime(500));
    expect(state(container)).toBe('paused');
    expect(screen.getByTestId('player-caption')).toHaveTextContent('Paused');
  });

  it('offers the paused video with its controls when the browser refuses to autoplay', async () => {
    HTMLMediaElement.prototype.play = vi.fn(() => Promise.reject(new DOMException('no autoplay', 'NotAllowedError')));
    const { container } = render(<Player src={src} roomState="live" />);
    act(() => last().fire('hlsManifestParsed', {}));
    await act(async () => {});
    expect(state(container)).toBe('paused');
    expect(screen.getByRole('button', { name: 'Play (k)' })).toBeInTheDocument();
    expect(screen.getByTestId('player-caption')).not.toHaveTextContent('Live');
  });

  it('stops at once and shows "ended" when the room goes offline: no replay, no Live, no controls', () => {
    const { container, rerender } = render(<Player src={src} roomState="live" />);
    const video = screen.getByLabelText('Live video');
    const clock = fakeClock(video);
    playFor(clock, 1000);
    expect(state(container)).toBe('playing');
    const playing = last();

    rerender(<Player src={src} roomState="offline" endReason="ended" />);
    expect(state(container)).toBe('ended');
    expect(playing.destroyed).toBe(true);
    expect(HTMLMediaElement.prototype.pause).toHaveBeenCalled();
    expect(video).not.toHaveAttribute('src');
    expect(screen.getByRole('status')).toHaveTextContent('The stream has ended.');
    expect(screen.queryByRole('toolbar', { name: 'Player controls' })).toBeNull();
    expect(screen.getByTestId('player-caption')).toHaveTextContent('Ended');
    expect(screen.getByTestId('latency')).toHaveTextContent('Latency: –');

    // Nothing loads again while the room stays offline, however long.
    act(() => vi.advanceTimersByTime(60000));
    expect(hlsState.instances).toHaveLength(1);
    expect(state(container)).toBe('ended');
  });

  it('says the host ended the stream when the host did', () => {
    const { rerender } = render(<Player src={src} roomState="live" />);
    rerender(<Player src={src} roomState="offline" endReason="ended_by_host" />);
    expect(screen.getByRole('status')).toHaveTextContent('The host ended the stream.');
  });

  it('shows a room that is offline when opened as offline, without loading any media', () => {
    const { container } = render(<Player src={src} roomState="offline" />);
    expect(state(container)).toBe('offline');
    expect(hlsState.instances).toHaveLength(0);
    expect(screen.getByRole('status')).toHaveTextContent(/offline/i);
    expect(screen.queryByRole('toolbar', { name: 'Player controls' })).toBeNull();
    act(() => vi.advanceTimersByTime(30000));
    expect(hlsState.instances).toHaveLength(0);
  });

  it('starts by itself when an offline room goes live', () => {
    const { container, rerender } = render(<Player src={src} roomState="offline" />);
    rerender(<Player src={src} roomState="live" />);
    expect(hlsState.instances).toHaveLength(1);
    expect(state(container)).toBe('loading');
  });

  it('shows "reconnecting" during the grace window and resumes by itself, afresh, when live again', () => {
    const { container, rerender } = render(<Player src={src} roomState="live" />);
    const clock = fakeClock(screen.getByLabelText('Live video'));
    playFor(clock, 1000);
    const first = last();

    rerender(<Player src={src} roomState="reconnecting" />);
    expect(state(container)).toBe('reconnecting');
    expect(first.destroyed).toBe(true);
    expect(screen.getByRole('status')).toHaveTextContent('The host is reconnecting…');
    expect(screen.getByTestId('player-caption')).not.toHaveTextContent('Live');
    expect(screen.getByTestId('latency')).toHaveTextContent('Latency: –');

    rerender(<Player src={src} roomState="live" />);
    expect(hlsState.instances).toHaveLength(2);
    expect(state(container)).toBe('loading');
    playFor(clock, 1000);
    expect(state(container)).toBe('playing');
  });

  it('a reconnecting room that then goes offline has ended', () => {
    const { container, rerender } = render(<Player src={src} roomState="reconnecting" />);
    expect(hlsState.instances).toHaveLength(0);
    rerender(<Player src={src} roomState="offline" endReason="grace_expired" />);
    expect(state(container)).toBe('ended');
  });

  it('keeps connecting while a live room\'s playlist is not there yet', () => {
    const { container } = render(<Player src={src} roomState="live" retryMs={3000} />);
    act(() => last().fire('hlsError', manifest404));
    expect(state(container)).toBe('loading');
    act(() => vi.advanceTimersByTime(3000));
    expect(hlsState.instances).toHaveLength(2);
    expect(hlsState.instances[0].destroyed).toBe(true);
  });

  it('without the server\'s word, shows offline on a missing playlist and retries', () => {
    const { container } = render(<Player src={src} retryMs={3000} />);
    act(() => last().fire('hlsError', manifest404));
    expect(state(container)).toBe('offline');
    act(() => vi.advanceTimersByTime(3000));
    expect(hlsState.instances).toHaveLength(2);
  });

  it('ignores non-fatal errors', () => {
    const { container } = render(<Player src={src} roomState="live" />);
    act(() => last().fire('hlsError', { fatal: false, type: 'mediaError', details: 'bufferStalledError' }));
    expect(state(container)).toBe('loading');
    expect(hlsState.instances).toHaveLength(1);
  });

  it('tries to recover a media error in place before giving up and starting over', () => {
    const { container } = render(<Player src={src} roomState="live" retryMs={1000} />);
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

  it('shows "ended" when the playlist itself ends', () => {
    const { container } = render(<Player src={src} roomState="live" />);
    const video = screen.getByLabelText('Live video');
    act(() => video.dispatchEvent(new Event('ended')));
    expect(state(container)).toBe('ended');
    expect(screen.getByRole('status')).toHaveTextContent('The stream has ended.');
  });

  it('says so when the browser cannot play HLS at all', () => {
    hlsState.supported = false;
    const { container } = render(<Player src={src} roomState="live" />);
    expect(state(container)).toBe('unsupported');
    expect(screen.getByRole('status')).toHaveTextContent(/cannot play/i);
  });

  it('stops hls.js when it goes away', () => {
    const view = render(<Player src={src} roomState="live" />);
    view.unmount();
    expect(last().destroyed).toBe(true);
  });
});

describe('Player controls made for live', () => {

  function playing() {
    const view = render(<Player src={src} roomState="live" />);
    const video = screen.getByLabelText('Live video');
    const clock = fakeClock(video);
    playFor(clock, 750);
    expect(state(view.container)).toBe('playing');
    return { ...view, video, clock };
  }

  it('has no seek bar: play/pause, sound, LIVE, full screen and nothing that seeks', () => {
    playing();
    const bar = screen.getByRole('toolbar', { name: 'Player controls' });
    expect(bar.querySelectorAll('input[type="range"]')).toHaveLength(1);
    expect(screen.getByLabelText('Volume')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Pause (k)' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mute (m)' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Full screen (f)' })).toBeInTheDocument();
    expect(screen.getByTestId('live-button')).toHaveAttribute('data-behind', 'false');
    expect(screen.queryByRole('slider', { name: /seek|progress/i })).toBeNull();
  });

  it('starts muted with "Tap to unmute" when the browser refuses sound, and unmutes on tap', async () => {
    HTMLMediaElement.prototype.play = vi.fn(function play() {
      return this.muted ? Promise.resolve() : Promise.reject(new DOMException('needs a gesture', 'NotAllowedError'));
    });
    render(<Player src={src} roomState="live" />);
    const video = screen.getByLabelText('Live video');
    const clock = fakeClock(video);
    act(() => last().fire('hlsManifestParsed', {}));
    await act(async () => {});
    expect(video.muted).toBe(true);
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalledTimes(2);
    playFor(clock, 750);
    const prompt = screen.getByRole('button', { name: /tap to unmute/i });
    act(() => prompt.click());
    act(() => video.dispatchEvent(new Event('volumechange')));
    expect(video.muted).toBe(false);
    expect(screen.queryByRole('button', { name: /tap to unmute/i })).toBeNull();
  });

  it('answers k, space, m and f, but not while the viewer types', () => {
    const { video } = playing();
    const key = (k, target = window) => act(() => target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));
    key('k');
    expect(HTMLMediaElement.prototype.pause).toHaveBeenCalledTimes(1);
    key('m');
    expect(video.muted).toBe(true);
    key('M');
    expect(video.muted).toBe(false);
    const input = document.createElement('input');
    document.body.appendChild(input);
    key('m', input);
    expect(video.muted).toBe(false);
    input.remove();
    const figure = document.querySelector('figure');
    figure.requestFullscreen = vi.fn(() => Promise.resolve());
    key('f');
    expect(figure.requestFullscreen).toHaveBeenCalled();
  });

  it('offers "Go live" when behind the live edge and jumps there', () => {
    const { video } = playing();
    Object.defineProperty(video, 'seekable', { configurable: true, value: { length: 1, start: () => 0, end: () => 60 } });
    last().latency = 12;
    last().targetLatency = 1;
    last().liveSyncPosition = 59;
    act(() => vi.advanceTimersByTime(1000));
    const live = screen.getByRole('button', { name: 'Go live: jump to the live edge' });
    expect(live).toHaveTextContent('Go live');
    act(() => live.click());
    expect(video.currentTime).toBe(59);
    expect(screen.getByTestId('live-button')).toHaveAttribute('data-behind', 'false');
  });

  it('shows the theatre button only when the page offers theatre mode', () => {
    const onToggleTheatre = vi.fn();
    const { rerender } = playing();
    expect(screen.queryByRole('button', { name: /theatre/i })).toBeNull();
    rerender(<Player src={src} roomState="live" onToggleTheatre={onToggleTheatre} />);
    act(() => screen.getByRole('button', { name: 'Theatre mode (t)' }).click());
    act(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 't' })));
    expect(onToggleTheatre).toHaveBeenCalledTimes(2);
  });
});

describe('Player sound preference', () => {
  afterEach(() => localStorage.clear());

  it('starts at the volume the viewer chose last time, and keeps a new choice, but not a mute forced by the browser', async () => {
    localStorage.setItem('sockstream.player.sound', JSON.stringify({ volume: 0.4, muted: false }));
    HTMLMediaElement.prototype.play = vi.fn(function play() {
      return this.muted ? Promise.resolve() : Promise.reject(new DOMException('needs a gesture', 'NotAllowedError'));
    });
    render(<Player src={src} roomState="live" />);
    const video = screen.getByLabelText('Live video');
    expect(video.volume).toBe(0.4);
    act(() => last().fire('hlsManifestParsed', {}));
    await act(async () => {});
    expect(video.muted).toBe(true);
    expect(JSON.parse(localStorage.getItem('sockstream.player.sound'))).toEqual({ volume: 0.4, muted: false });
    playFor(fakeClock(video), 750);
    act(() => screen.getByRole('button', { name: 'Unmute (m)' }).click());
    expect(JSON.parse(localStorage.getItem('sockstream.player.sound'))).toEqual({ volume: 0.4, muted: false });
    act(() => screen.getByRole('button', { name: 'Mute (m)' }).click());
    expect(JSON.parse(localStorage.getItem('sockstream.player.sound'))).toEqual({ volume: 0.4, muted: true });
  });
});
