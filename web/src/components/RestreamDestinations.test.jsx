import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import RestreamDestinations from './RestreamDestinations.jsx';
import { useRestreamDestinations } from '../hooks/useRestreamDestinations.js';
import { mockFetch } from '../test/helpers.jsx';

/** The section as My room uses it: fed by the page's one reading of the destinations. */
function Section({ roomState }) {
  const restream = useRestreamDestinations('r1', { live: roomState === 'live' });
  return <RestreamDestinations roomId="r1" roomState={roomState} restream={restream} />;
}

const path = '/api/rooms/r1/restream-destinations';
const presets = [{ name: 'YouTube', url: 'rtmp://a.rtmp.youtube.com/live2' }, { name: 'Twitch', url: 'rtmp://ingest.global-contribute.live-video.net/app' }];

function serve(initial = []) {
  let destinations = initial;
  const calls = [];
  mockFetch((method, url, body) => {
    calls.push({ method, url, body });
    if (url === path && method === 'GET') return { body: { destinations, presets, maxDestinations: 5 } };
    if (url === path && method === 'POST') {
      const d = { id: 'd9', name: body.name, url: body.url, host: 'a.rtmp.youtube.com', keyHint: '••••cdef', enabled: true, status: { state: 'idle', bitrateKbps: 0, lastError: null } };
      destinations = [...destinations, d];
      return { status: 201, body: { destination: d } };
    }
    if (url.startsWith(`${path}/`) && method === 'PATCH') {
      destinations = destinations.map((d) => (url.endsWith(d.id) ? { ...d, ...body, status: { ...d.status, state: body.enabled ? 'idle' : 'off' } } : d));
      return { body: { destination: destinations[0] } };
    }
    return undefined;
  });
  return calls;
}

afterEach(() => { vi.unstubAllGlobals(); });

describe('RestreamDestinations', () => {
  it('shows each destination with its state, bitrate and last error, never a key', async () => {
    serve([
      { id: 'a', name: 'YouTube', host: 'a.rtmp.youtube.com', keyHint: '••••wxyz', enabled: true, status: { state: 'live', bitrateKbps: 2500 } },
      { id: 'b', name: 'Backup', host: '10.0.0.1', keyHint: '••••', enabled: true, status: { state: 'retrying', bitrateKbps: 0, retryInMilliseconds: 7200, lastError: 'no answer from the server within 10 s (connecting or RTMP handshake)' } },
    ]);
    render(<Section roomState="live" />);
    const list = await screen.findByRole('list', { name: 'Restream destinations' });
    const [yt, backup] = within(list).getAllByRole('listitem');
    expect(yt).toHaveTextContent('Live · 2.5 Mbit/s');
    expect(yt).toHaveTextContent('key ••••wxyz');
    expect(backup).toHaveTextContent('Reconnecting in 8 s');
    expect(within(backup).getByTestId('destination-error')).toHaveTextContent('Last error: no answer from the server');
  });

  it('adds a destination from a preset with a write-only key field', async () => {
    const calls = serve();
    render(<Section roomState="offline" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Add destination' }));
    await userEvent.click(screen.getByRole('button', { name: 'YouTube' }));
    expect(screen.getByLabelText('Server URL')).toHaveValue('rtmp://a.rtmp.youtube.com/live2');
    expect(screen.getByLabelText('Stream key')).toHaveAttribute('type', 'password');
    await userEvent.type(screen.getByLabelText('Stream key'), 'abcd-1234-abcdef');
    await userEvent.click(screen.getByRole('button', { name: 'Save destination' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST').body).toEqual({ name: 'YouTube', url: 'rtmp://a.rtmp.youtube.com/live2', key: 'abcd-1234-abcdef' });
    expect(await screen.findByText(/key ••••cdef/)).toBeInTheDocument();
    expect(screen.queryByText(/abcd-1234-abcdef/)).toBeNull();
  });

  it('switches a destination off', async () => {
    const calls = serve([{ id: 'a', name: 'Twitch', host: 'x', keyHint: '••••', enabled: true, status: { state: 'idle' } }]);
    render(<Section roomState="offline" />);
    await userEvent.click(await screen.findByRole('checkbox'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH' && c.body.enabled === false)).toBe(true));
    expect(await screen.findByText('Off')).toBeInTheDocument();
  });
});
