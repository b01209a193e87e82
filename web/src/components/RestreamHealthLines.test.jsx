import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
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

function serveHealth() {
  return mockFetch((method, path) => {
    if (path === '/api/rooms/r1/health') return { body: { health: { state: 'live', uptimeSeconds: 5, bitrateKbps: 3000, warnings: [] } } };
    return undefined;
  });
}

const line = (id) => document.querySelector(`[data-restream-destination="${id}"]`);

describe('RestreamHealthLines', () => {
  it('shows one line per switched-on destination: name, state in words, bitrate, last error', () => {
    render(<RestreamHealthLines destinations={fourStates} live />);
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

  it('shows nothing while the room is not live, without the plugin, or with nothing switched on', () => {
    const { container, rerender } = render(<RestreamHealthLines destinations={fourStates} live={false} />);
    expect(container).toBeEmptyDOMElement();
    rerender(<RestreamHealthLines destinations={undefined} live />);
    expect(container).toBeEmptyDOMElement();
    rerender(<RestreamHealthLines destinations={[fourStates[4]]} live />);
    expect(container).toBeEmptyDOMElement();
  });

  it('is part of the host health panel while live', async () => {
    serveHealth();
    render(<StreamHealth roomId="r1" socket={null} roomState="live" restreamDestinations={fourStates} />);
    const panel = await screen.findByTestId('stream-health');
    await waitFor(() => expect(within(panel).getByTestId('restream-health')).toBeInTheDocument());
    expect(within(panel).getByText('Twitch')).toBeInTheDocument();
  });

  it('words: states, bitrate only while live, error only until live again', () => {
    expect(describeRestreamState({ state: 'retrying', retryInMilliseconds: 0 }).words).toBe('Reconnecting in 1 s');
    expect(describeRestreamState({ state: 'retrying', retryInMilliseconds: null }).words).toBe('Reconnecting');
    expect(describeRestreamState({ state: 'retrying', retryInMilliseconds: 12000 }).words).toBe('Reconnecting in 12 s');
    expect(describeRestreamState({ state: 'idle' }).words).toBe('Starting');
    expect(describeRestreamState({ state: 'idle' }, { roomLive: false }).words).toBe('Waiting for you to go live');
    expect(describeRestreamState({ state: 'off' }).words).toBe('Off');
    expect(restreamBitrate({ state: 'live', bitrateKbps: 950 })).toBe('950 kbit/s');
    expect(restreamBitrate({ state: 'retrying', bitrateKbps: 950 })).toBeNull();
    expect(restreamError({ state: 'live', lastError: 'old' })).toBeNull();
    expect(restreamError({ state: 'failed', lastError: 'words' })).toBe('words');
  });
});
