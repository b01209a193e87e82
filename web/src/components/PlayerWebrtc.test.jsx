import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Player from './Player.jsx';
import { fakeClock, playFor } from '../test/fakeVideo.js';
import { WhepError } from '../lib/whepClient.js';
import { hlsLoads } from '../test/recordingHls.js';

// The WebRTC side as the test plays it: each startWhep() is a session the test
// resolves or rejects, with a connection whose state it sets.
const webrtc = vi.hoisted(() => ({ starts: [], latency: 0.18 }));
vi.mock('../lib/loadWhep.js', () => ({
  loadWhep: async () => ({
    startWhep: (url, { signal }) => new Promise((resolve, reject) => {
      const pc = new EventTarget();
      pc.connectionState = 'new';
      pc.setState = (state) => { pc.connectionState = state; pc.dispatchEvent(new Event('connectionstatechange')); };
      const session = { pc, stream: { id: `stream-${webrtc.starts.length}` }, stop: vi.fn() };
      webrtc.starts.push({ url, signal, session, resolve: () => resolve(session), reject });
    }),
    createWebrtcLatencyMeter: () => ({ measure: async () => webrtc.latency }),
  }),
}));
vi.mock('hls.js/light', () => import('../test/recordingHls.js'));

const whep = { protocol: 'whep', url: '/whep/r1', mimeType: 'application/sdp', latency: 'real-time' };
const llhls = { protocol: 'hls', url: '/hls/r1/index.m3u8', mimeType: 'application/vnd.apple.mpegurl', latency: 'low-latency' };
const sources = [whep, llhls];
const state = (container) => container.querySelector('[data-player-state]').dataset.playerState;
const video = () => screen.getByLabelText('Live video');
const lastStart = () => webrtc.starts.at(-1);
/** Lets the chunk load and the offer's promise settle under fake timers. */
const settle = async () => { for (let i = 0; i < 5; i++) await act(async () => { await Promise.resolve(); }); };

beforeEach(() => {
  webrtc.starts.length = 0;
  hlsLoads.length = 0;
  vi.useFakeTimers();
  HTMLMediaElement.prototype.play = vi.fn(() => Promise.resolve());
  HTMLMediaElement.prototype.pause = vi.fn();
  HTMLMediaElement.prototype.load = vi.fn();
});
afterEach(() => vi.useRealTimers());

async function connected(props = {}) {
  const view = render(<Player sources={sources} roomState="live" {...props} />);
  const clock = fakeClock(video());
  await settle();
  lastStart().resolve();
  await settle();
  lastStart().session.pc.setState('connected');
  return { ...view, clock };
}

describe('Player over WebRTC (WHEP)', () => {
  it('plays the real-time entry first, shows that it does and the latency from getStats', async () => {
    const { container, clock } = await connected();
    expect(webrtc.starts).toHaveLength(1);
    expect(lastStart().url).toBe('/whep/r1');
    expect(hlsLoads).toEqual([]);
    expect(video().srcObject).toBe(lastStart().session.stream);
    playFor(clock, 1000);
    await settle();
    expect(state(container)).toBe('playing');
    const mode = screen.getByTestId('playback-mode');
    expect(mode).toHaveAttribute('data-protocol', 'whep');
    expect(screen.getByRole('combobox', { name: 'Playback' })).toHaveDisplayValue('Real-time (WebRTC)');
    expect(screen.getByTestId('latency')).toHaveTextContent('180 ms');
    expect(screen.getByTestId('live-button')).toHaveAttribute('data-behind', 'false');
    expect(screen.queryByTestId('playback-notice')).toBeNull();
  });

  it('falls back to LL-HLS when no picture comes within the bound, ends the WHEP session and says why', async () => {
    const { container } = await connected({ webrtcConnectMs: 4000 });
    act(() => vi.advanceTimersByTime(3900));
    expect(hlsLoads).toEqual([]);
    act(() => vi.advanceTimersByTime(200));
    await settle();
    expect(lastStart().session.stop).toHaveBeenCalled();
    expect(hlsLoads).toEqual(['/hls/r1/index.m3u8']);
    expect(screen.getByTestId('playback-notice')).toHaveTextContent(
      'Real-time playback did not work: it did not connect within 4 seconds (this network may block UDP). Playing Low latency (HLS) instead.');
    expect(screen.getByTestId('playback-mode')).toHaveAttribute('data-protocol', 'hls');
    expect(state(container)).toBe('loading');
  });

  it('falls back at once when the server refuses the offer, with the server\'s words', async () => {
    render(<Player sources={sources} roomState="live" />);
    await settle();
    lastStart().reject(new WhepError('http', 'HTTP 503: Real-time playback is full.', 503));
    await settle();
    expect(hlsLoads).toEqual(['/hls/r1/index.m3u8']);
    expect(screen.getByTestId('playback-notice')).toHaveTextContent('the server refused it (HTTP 503: Real-time playback is full.)');
  });

  it('falls back when ICE or DTLS fails before the first frame', async () => {
    await connected();
    lastStart().session.pc.setState('failed');
    await settle();
    expect(hlsLoads).toEqual(['/hls/r1/index.m3u8']);
    expect(screen.getByTestId('playback-notice')).toHaveTextContent('the connection failed (ICE or DTLS');
  });

  it('a connection lost after playing starts WebRTC again instead of giving up on it', async () => {
    const { clock } = await connected({ retryMs: 1000 });
    playFor(clock, 1000);
    lastStart().session.pc.setState('disconnected');
    act(() => vi.advanceTimersByTime(3000));
    expect(screen.getByRole('status')).toHaveTextContent(/Trying again/);
    act(() => vi.advanceTimersByTime(1000));
    await settle();
    expect(webrtc.starts).toHaveLength(2);
    expect(webrtc.starts[0].session.stop).toHaveBeenCalled();
    expect(hlsLoads).toEqual([]);
  });

  it('a short disconnection that recovers changes nothing', async () => {
    const { clock } = await connected();
    playFor(clock, 1000);
    lastStart().session.pc.setState('disconnected');
    act(() => vi.advanceTimersByTime(1000));
    lastStart().session.pc.setState('connected');
    playFor(clock, 3000);
    expect(webrtc.starts).toHaveLength(1);
    expect(lastStart().session.stop).not.toHaveBeenCalled();
  });

  it('lets the viewer switch between the ways offered; switching clears the fallback\'s notice', async () => {
    vi.useRealTimers();
    const user = userEvent.setup();
    render(<Player sources={sources} roomState="live" />);
    await settle();
    lastStart().reject(new WhepError('network', 'no answer from the server within 8 s'));
    await settle();
    expect(screen.getByTestId('playback-notice')).toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Playback' }), 'Real-time (WebRTC)');
    await settle();
    expect(webrtc.starts).toHaveLength(2);
    expect(screen.queryByTestId('playback-notice')).toBeNull();
    lastStart().resolve();
    await settle();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Playback' }), 'Low latency (HLS)');
    await settle();
    expect(webrtc.starts[1].session.stop).toHaveBeenCalled();
    expect(hlsLoads.at(-1)).toBe('/hls/r1/index.m3u8');
  });

  it('ends the WHEP session on page hide and on leaving the page', async () => {
    const view = await connected();
    act(() => window.dispatchEvent(new Event('pagehide')));
    expect(lastStart().session.stop).toHaveBeenCalledTimes(1);
    view.unmount();

    const again = render(<Player sources={sources} roomState="live" />);
    await settle();
    lastStart().resolve();
    await settle();
    expect(lastStart().session.stop).not.toHaveBeenCalled();
    again.unmount();
    expect(lastStart().session.stop).toHaveBeenCalled();
  });

  it('an offline room starts no WebRTC session; going offline ends the one playing', async () => {
    const { rerender } = render(<Player sources={sources} roomState="offline" />);
    await settle();
    expect(webrtc.starts).toHaveLength(0);
    rerender(<Player sources={sources} roomState="live" />);
    await settle();
    lastStart().resolve();
    await settle();
    rerender(<Player sources={sources} roomState="offline" />);
    expect(lastStart().session.stop).toHaveBeenCalled();
    expect(video().srcObject).toBeNull();
  });

  it('shows the page\'s notice about a way switched off, and plays what is left', async () => {
    render(<Player sources={[llhls]} notice="Real-time playback is off for this stream: the stream has B-frames." roomState="live" />);
    await settle();
    expect(webrtc.starts).toHaveLength(0);
    expect(hlsLoads).toEqual(['/hls/r1/index.m3u8']);
    expect(screen.getByTestId('playback-notice')).toHaveTextContent('Real-time playback is off for this stream: the stream has B-frames.');
    expect(screen.queryByTestId('playback-mode')).toBeNull();
  });
});
