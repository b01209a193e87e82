import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import StreamSetup from './StreamSetup.jsx';
import { mockFetch } from '../test/helpers.jsx';

const room = { id: 'r1', state: 'offline', live: false, streamKeyMode: 'persistent' };
const ingest = [{ protocol: 'srt', name: 'SRT', serverUrl: 'srt://stream.example:9000', keyLabel: 'Stream key', publishUrl: 'srt://stream.example:9000?streamid={streamKey}' }];
const credentials = { ingest, streamKey: 'sk_secret_123', expiresAt: null, mode: 'persistent' };

/** A server after the contract: GET/POST stream-key, PATCH the mode. `key` (or what it returns) is what GET says. */
function serve({ key = { mode: 'persistent', hasKey: false, expiresAt: null, state: 'none' }, post = { body: credentials }, patch } = {}) {
  const calls = [];
  const fetchMock = mockFetch((method, path, body) => {
    calls.push({ method, path, body });
    if (path === '/api/rooms/r1/stream-key' && method === 'GET') return { body: typeof key === 'function' ? key() : key };
    if (path === '/api/rooms/r1/stream-key' && method === 'POST') return typeof post === 'function' ? post() : post;
    if (path === '/api/rooms/r1' && method === 'PATCH') return patch ? patch(body) : { body: { room: { ...room, streamKeyMode: body.streamKeyMode } } };
    return undefined;
  });
  return { fetchMock, calls };
}

describe('StreamSetup', () => {
  it('says in words what a persistent key is good for, and makes one with the server URL the server gives', async () => {
    const { calls } = serve();
    render(<StreamSetup room={room} />);
    expect(screen.getByTestId('key-mode-text')).toHaveTextContent('This key works for every broadcast until you reset it. Keep it secret.');
    expect(await screen.findByText('You have no stream key yet.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Create stream key' }));
    expect(await screen.findByLabelText('Server')).toHaveValue(ingest[0].serverUrl);
    const key = screen.getByLabelText('Stream key');
    expect(key).toHaveAttribute('type', 'password');
    expect(screen.queryByText('sk_secret_123')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Reveal stream key' }));
    expect(key).toHaveValue('sk_secret_123');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('names the OBS keyframe setting for both output modes, not a field Simple mode does not have', async () => {
    serve();
    render(<StreamSetup room={room} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Create stream key' }));
    const steps = await screen.findByRole('list', { name: 'OBS steps' });
    expect(steps).toHaveTextContent(/Settings → Stream/);
    expect(steps).toHaveTextContent(/Simple output mode .* has no keyframe field/);
    expect(steps).toHaveTextContent(/Custom Encoder Settings/);
    expect(steps).toHaveTextContent(/Advanced output mode: Settings → Output → Streaming tab, set "Keyframe Interval"/);
    expect(steps).not.toHaveTextContent('set a keyframe interval of 1–2 s in Settings → Output');
  });

  it('says what a per-broadcast key is good for, with its expiry', async () => {
    serve({ key: { mode: 'per-broadcast', hasKey: true, expiresAt: '2030-01-01T00:00:00Z', state: 'unused' } });
    render(<StreamSetup room={{ ...room, streamKeyMode: 'per-broadcast' }} />);
    expect(screen.getByTestId('key-mode-text')).toHaveTextContent(/This key is good for one broadcast/);
    await waitFor(() => expect(screen.getByTestId('key-status')).toHaveTextContent(/Start streaming before/));
    expect(screen.getByRole('radio', { name: /A new key for each broadcast/ })).toBeChecked();
  });

  it('switches the key mode with PATCH streamKeyMode and passes the room up', async () => {
    const { calls } = serve();
    const onRoomChange = vi.fn();
    render(<StreamSetup room={room} onRoomChange={onRoomChange} />);
    expect(screen.getByRole('radio', { name: /Same key for every broadcast/ })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: /A new key for each broadcast/ }));
    await waitFor(() => expect(onRoomChange).toHaveBeenCalledWith(expect.objectContaining({ streamKeyMode: 'per-broadcast' })));
    expect(calls.find((c) => c.method === 'PATCH')).toEqual({ method: 'PATCH', path: '/api/rooms/r1', body: { streamKeyMode: 'per-broadcast' } });
  });

  it('resets a key only after a confirmation that says what happens to the key in OBS', async () => {
    const { calls } = serve({ key: { mode: 'persistent', hasKey: true, expiresAt: null, state: 'idle' } });
    render(<StreamSetup room={room} />);
    await waitFor(() => expect(screen.getByTestId('key-status')).toHaveTextContent(/You have a stream key\. It is shown only once/));
    await userEvent.click(screen.getByRole('button', { name: 'Reset stream key' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Reset the stream key?' });
    expect(dialog).toHaveAccessibleDescription(/The key pasted in OBS stops working at once/);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Reset stream key' }));
    await userEvent.click(screen.getByRole('button', { name: 'Reset the key' }));
    expect(await screen.findByLabelText('Stream key')).toHaveValue('sk_secret_123');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('while OBS sends video, explains why the key cannot change, and forgets that once the stream stops', async () => {
    serve({
      key: { mode: 'persistent', hasKey: true, expiresAt: null, state: 'live' },
      post: { status: 409, body: { error: { code: 'room_live', message: 'Room is live' } } },
    });
    const { rerender } = render(<StreamSetup room={{ ...room, state: 'live', live: true }} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Reset stream key' }));
    await userEvent.click(screen.getByRole('button', { name: 'Reset the key' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/OBS is sending video right now/);
    rerender(<StreamSetup room={room} />);
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(''));
  });

  it('hides a per-broadcast key once its broadcast is over', async () => {
    let key = { mode: 'per-broadcast', hasKey: false, expiresAt: null, state: 'none' };
    serve({ key: () => key });
    const perBroadcast = { ...room, streamKeyMode: 'per-broadcast' };
    const { rerender } = render(<StreamSetup room={perBroadcast} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Create stream key' }));
    expect(await screen.findByLabelText('Stream key')).toBeInTheDocument();
    key = { mode: 'per-broadcast', hasKey: true, expiresAt: null, state: 'live' };
    rerender(<StreamSetup room={{ ...perBroadcast, state: 'live', live: true }} />);
    expect(screen.getByLabelText('Stream key')).toBeInTheDocument();
    key = { mode: 'per-broadcast', hasKey: false, expiresAt: null, state: 'spent' };
    rerender(<StreamSetup room={perBroadcast} />);
    await waitFor(() => expect(screen.queryByLabelText('Stream key')).toBeNull());
    expect(await screen.findByRole('button', { name: 'Create stream key' })).toBeInTheDocument();
  });

  it('offers every declared way in, RTMP first, and for WHIP the Bearer Token with the OBS 30 steps', async () => {
    const rtmp = { protocol: 'rtmp', name: 'RTMP', serverUrl: 'rtmp://stream.example:1935/live', keyLabel: 'Stream key', keyIn: 'url', publishUrl: 'rtmp://stream.example:1935/live/sk_secret_123' };
    const whip = { protocol: 'whip', name: 'WHIP (OBS 30+, browsers)', serverUrl: 'https://stream.example/whip', keyLabel: 'Bearer Token', keyIn: 'bearer', publishUrl: null };
    serve({ post: { body: { ...credentials, ingest: [rtmp, whip] } } });
    render(<StreamSetup room={room} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Create stream key' }));

    const ways = await screen.findByRole('group', { name: 'How OBS connects' });
    expect(within(ways).getAllByRole('radio').map((r) => r.value)).toEqual(['rtmp', 'whip']);
    expect(within(ways).getByRole('radio', { name: 'RTMP' })).toBeChecked();
    expect(screen.getByLabelText('Server')).toHaveValue(rtmp.serverUrl);
    expect(screen.getByLabelText('Stream key')).toHaveValue('sk_secret_123');
    expect(screen.getByRole('list', { name: 'OBS steps' })).toHaveTextContent('Set Service to Custom…');
    expect(screen.queryByTestId('bearer-note')).toBeNull();

    await userEvent.click(within(ways).getByRole('radio', { name: 'WHIP (OBS 30+, browsers)' }));
    expect(screen.getByLabelText('Server')).toHaveValue('https://stream.example/whip');
    expect(screen.getByLabelText('Bearer Token')).toHaveValue('sk_secret_123');
    expect(screen.getByLabelText('Bearer Token')).toHaveAttribute('type', 'password');
    expect(screen.queryByLabelText('Stream key')).toBeNull();
    const steps = screen.getByRole('list', { name: 'OBS steps' });
    expect(steps).toHaveTextContent('In OBS 30 or newer, open Settings → Stream');
    expect(steps).toHaveTextContent('Set Service to WHIP');
    expect(steps).toHaveTextContent('Paste the Server above into Server, and the Bearer Token into Bearer Token');
    expect(steps).not.toHaveTextContent('Custom…');
    expect(screen.getByTestId('bearer-note')).toHaveTextContent('never in the server URL');

    await userEvent.click(within(ways).getByRole('radio', { name: 'RTMP' }));
    expect(screen.getByLabelText('Server')).toHaveValue(rtmp.serverUrl);
  });

  it('shows no choice when the server declares one way in', async () => {
    serve();
    render(<StreamSetup room={room} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Create stream key' }));
    expect(await screen.findByLabelText('Server')).toHaveValue(ingest[0].serverUrl);
    expect(screen.queryByRole('group', { name: 'How OBS connects' })).toBeNull();
  });

  it('copies the key with its copy button', async () => {
    serve();
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    render(<StreamSetup room={room} />);
    await user.click(await screen.findByRole('button', { name: 'Create stream key' }));
    await user.click(await screen.findByRole('button', { name: 'Copy stream key' }));
    expect(writeText).toHaveBeenCalledWith('sk_secret_123');
    expect(await screen.findByText('Copied')).toBeInTheDocument();
  });

  it('shows a returning host with a persistent key where OBS connects, without the key', async () => {
    serve({ key: { mode: 'persistent', hasKey: true, expiresAt: null, state: 'idle' } });
    render(<StreamSetup room={{ ...room, ingest }} />);
    expect(await screen.findByLabelText('Server')).toHaveValue(ingest[0].serverUrl);
    expect(screen.getByTestId('saved-key-note')).toHaveTextContent('Stream key: the key you saved when it was made');
    expect(screen.queryByLabelText('Stream key')).toBeNull();
    expect(screen.getByRole('list', { name: 'OBS steps' })).toBeInTheDocument();
  });
});
