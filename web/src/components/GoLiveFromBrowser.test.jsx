import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch } from '../test/helpers.jsx';

const whip = vi.hoisted(() => ({ startWhip: vi.fn(), createBitrateMeter: vi.fn(() => ({ sample: async () => 1500 })) }));
vi.mock('../lib/whipClient.js', () => whip);

// eslint-disable-next-line import/first
import GoLiveFromBrowser from './GoLiveFromBrowser.jsx';

const room = { id: 'r1' };

/** A peer connection whose state the test moves. */
class FakePc extends EventTarget {
  connectionState = 'new';
  set(state) { this.connectionState = state; this.dispatchEvent(new Event('connectionstatechange')); }
}

let track;
beforeEach(() => {
  track = { kind: 'video', stop: vi.fn() };
  globalThis.RTCPeerConnection = function RTCPeerConnection() {};
  Object.defineProperty(globalThis.navigator, 'mediaDevices', {
    configurable: true,
    value: {
      getUserMedia: vi.fn(async () => ({ getTracks: () => [track], getAudioTracks: () => [] })),
      getDisplayMedia: vi.fn(async () => ({ getTracks: () => [track], addTrack: vi.fn() })),
    },
  });
});
afterEach(() => {
  delete globalThis.RTCPeerConnection;
  whip.startWhip.mockReset();
});

describe('GoLiveFromBrowser', () => {
  it('goes live with a key made for the broadcast, says so in words with the bitrate, and ends', async () => {
    const calls = [];
    mockFetch((method, path) => {
      calls.push({ method, path });
      if (path === '/api/rooms/r1/stream-key' && method === 'POST') return { body: { streamKey: 'live_k1', mode: 'persistent' } };
      return undefined;
    });
    const pc = new FakePc();
    const stop = vi.fn(async () => {});
    whip.startWhip.mockResolvedValue({ pc, stop });
    render(<GoLiveFromBrowser room={room} whipUrl="/whip" />);
    expect(screen.getByRole('button', { name: 'Go live' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(navigator.mediaDevices.getUserMedia).toHaveBeenCalledWith({ video: { width: 1280, height: 720 }, audio: true });
    await userEvent.click(screen.getByRole('button', { name: 'Go live' }));
    await waitFor(() => expect(whip.startWhip).toHaveBeenCalled());
    expect(calls).toContainEqual({ method: 'POST', path: '/api/rooms/r1/stream-key' });
    expect(whip.startWhip.mock.calls[0][0]).toBe('/whip');
    expect(whip.startWhip.mock.calls[0][2]).toBe('live_k1');
    expect(screen.getByTestId('go-live-state')).toHaveTextContent('Connecting…');
    act(() => pc.set('connected'));
    expect(screen.getByTestId('go-live-state')).toHaveTextContent('Live from this browser.');
    expect(await screen.findByTestId('go-live-bitrate', {}, { timeout: 3000 })).toHaveTextContent('Sending 1,500 kbps');
    await userEvent.click(screen.getByRole('button', { name: 'End' }));
    expect(stop).toHaveBeenCalled();
    expect(screen.getByTestId('go-live-state')).toHaveTextContent('Broadcast ended.');
  });

  it('shares a screen or window with getDisplayMedia', async () => {
    render(<GoLiveFromBrowser room={room} />);
    await userEvent.click(screen.getByRole('radio', { name: 'Screen or window' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Microphone' }));
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(navigator.mediaDevices.getDisplayMedia).toHaveBeenCalledWith({ video: true, audio: false });
    expect(screen.getByRole('button', { name: 'Go live' })).toBeEnabled();
  });

  it('says why it could not go live', async () => {
    mockFetch((method, path) => (path === '/api/rooms/r1/stream-key' ? { body: { streamKey: 'live_k1' } } : undefined));
    whip.startWhip.mockRejectedValue(Object.assign(new Error('the room is already live: another encoder is publishing to it'), { kind: 'http', status: 409 }));
    render(<GoLiveFromBrowser room={room} />);
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await userEvent.click(screen.getByRole('button', { name: 'Go live' }));
    expect(await screen.findByText('Could not go live: the room is already live: another encoder is publishing to it')).toBeInTheDocument();
    expect(screen.getByTestId('go-live-state')).toHaveAttribute('data-state', 'failed');
  });
});
