import { describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import StreamHealth from './StreamHealth.jsx';
import RestreamHealthLines from './RestreamHealthLines.jsx';
import { mockFetch } from '../test/helpers.jsx';
import { describeRestreamState, restreamBitrate, restreamError } from '../lib/restreamHealth.js';

const destination = (id, name, status, enabled = true) => ({
  id, name, url: 'rtmp://x.example/app', host: 'x.example', keyHint: '••••', enabled, status: {
    bitrateKbps: 0, since: 1, droppedPackets: 0, reconnects: 0, lastError: null, retryInMilliseconds: null, ...status,
  },
});

const fourStates = [
  destination('d1', 'YouTube', { state: 'live', bitrateKbps: 2480 }),
  destination('d2', 'Twitch', { state: 'retrying', reconnects: 2, retryInMilliseconds: 3400,
    lastError: 'no answer from the server within 10 s (connecting or RTMP handshake)' }),
  destination('d3', 'Backup', { state: 'connecting' }),
  destination('d4', 'Old key', { state: 'failed', lastError: 'the saved key cannot be decrypted: enter the key again' }),
  destination('d5', 'Switched off', { state: 'off' }, false),
];

function serveRestream(destinations, calls = []) {
  return mockFetch((method, path) => {
    calls.push(path);
    if (path === '/api/rooms/r1/restream-destinations') return { body: { roomId: 'r1', destinations, presets: [], maxDestinations: 5 } };
    if (path === '/api/rooms/r1/health') return { body: { health: { state: 'live', uptimeSeconds: 5, bitrateKbps: 3000, warnings: [] } } };
    return undefined;
  });
}

const line = (id) => document.querySelector(`[data-restream-destination="${id}"]`);

describe('RestreamHealthLines', () => {
  it('shows one line per switched-on destination: name, state in words, bitrate, last error', async () => {
    serveRestream(fourStates);
    render(<RestreamHealthLines roomId="r1" live />);
    await waitFor(() => expect(line('d1')).not.toBeNull());
    const list = screen.getByRole('list', { name: 'Restream destinations health' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(4);
    expect(line('d5')).toBeNull();

    expect(line('d1')).toHaveTextContent('YouTube');
    expect(within(line('d1')).getByTestId('restream-state')).toHaveTextContent('Live');
    expect(within(line('d1')).getByTestId('restream-bitrate')).toHaveTextContent('2.5 Mbit/s');
    expect(within(line('d1')).queryByTestId('restream-error')).toBeNull();

    expect(within(line('d2')).getByTestId('restream-state')).toHaveTextContent('Reconnecting in 4 s');
    expect(within(line('d2')).queryByTestId('restream-bitrate')).toBeNull();
    expect(within(line('d2')).getByTestId('restream-error'))
      .toHaveTextContent('Last error: no answer from the server within 10 s (connecting or RTMP handshake)');

    expect(within(line('d3')).getByTestId('restream-state')).toHaveTextContent('Connecting');
    expect(within(line('d4')).getByTestId('restream-state')).toHaveTextContent('Failed');
    expect(within(line('d4')).getByTestId('restream-error')).toHaveTextContent('enter the key again');
  });

  it('shows nothing and stops asking when the restream plugin is absent (404 not_found)', async () => {
    const calls = [];
    mockFetch((method, path) => { calls.push(path); return undefined; });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { container } = render(<RestreamHealthLines roomId="r1" live />);
      await waitFor(() => expect(calls).toContain('/api/rooms/r1/restream-destinations'));
      // Three polling periods later it has still asked only once.
      await act(async () => { await vi.advanceTimersByTimeAsync(10000); });
      expect(container).toBeEmptyDOMElement();
      expect(calls.filter((p) => p.endsWith('/restream-destinations'))).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps asking every few seconds while live and follows the changes', async () => {
    const calls = [];
    const destinations = [destination('d2', 'Twitch', { state: 'connecting' })];
    serveRestream(destinations, calls);
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      render(<RestreamHealthLines roomId="r1" live />);
      await waitFor(() => expect(within(line('d2')).getByTestId('restream-state')).toHaveTextContent('Connecting'));
      destinations[0] = destination('d2', 'Twitch', { state: 'live', bitrateKbps: 6000 });
      await act(async () => { await vi.advanceTimersByTimeAsync(3100); });
      await waitFor(() => expect(within(line('d2')).getByTestId('restream-state')).toHaveTextContent('Live'));
      expect(within(line('d2')).getByTestId('restream-bitrate')).toHaveTextContent('6.0 Mbit/s');
      expect(calls.filter((p) => p.endsWith('/restream-destinations')).length).toBeGreaterThanOrEqual(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks nothing and shows nothing while the room is not live', async () => {
    const calls = [];
    serveRestream(fourStates, calls);
    const { container } = render(<RestreamHealthLines roomId="r1" live={false} />);
    await new Promise((r) => setTimeout(r, 50));
    expect(container).toBeEmptyDOMElement();
    expect(calls).toHaveLength(0);
  });

  it('is part of the host health panel while live', async () => {
    serveRestream(fourStates);
    render(<StreamHealth roomId="r1" socket={null} roomState="live" />);
    const panel = await screen.findByTestId('stream-health');
    await waitFor(() => expect(within(panel).getByTestId('restream-health')).toBeInTheDocument());
    expect(within(panel).getByText('Twitch')).toBeInTheDocument();
  });

  it('words: states, bitrate only while live, error only until live again', () => {
    expect(describeRestreamState({ state: 'retrying', retryInMilliseconds: 0 }).words).toBe('Reconnecting in 1 s');
    expect(describeRestreamState({ state: 'retrying', retryInMilliseconds: null }).words).toBe('Reconnecting');
    expect(describeRestreamState({ state: 'retrying', retryInMilliseconds: 12000 }).words).toBe('Reconnecting in 12 s');
    expect(describeRestreamState({ state: 'idle' }).words).toBe('Starting');
    expect(restreamBitrate({ state: 'live', bitrateKbps: 950 })).toBe('950 kbit/s');
    expect(restreamBitrate({ state: 'retrying', bitrateKbps: 950 })).toBeNull();
    expect(restreamError({ state: 'live', lastError: 'old' })).toBeNull();
    expect(restreamError({ state: 'failed', lastError: 'words' })).toBe('words');
  });
});
