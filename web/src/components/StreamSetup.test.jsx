import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import StreamSetup from './StreamSetup.jsx';
import { mockFetch } from '../test/helpers.jsx';

const room = { id: 'r1' };
const credentials = { rtmpUrl: 'rtmp://stream.example:1935/live', streamKey: 'sk_secret_123', expiresAt: '2030-01-01T00:00:00Z' };

describe('StreamSetup', () => {
  it('asks for a fresh key and shows the server URL, the key hidden until revealed, and the OBS steps', async () => {
    const fetchMock = mockFetch((method, path) => (method === 'POST' && path === '/api/rooms/r1/stream-key' ? { body: credentials } : undefined));
    render(<StreamSetup room={room} />);
    await userEvent.click(screen.getByRole('button', { name: 'Prepare to stream' }));
    expect(await screen.findByLabelText('Server')).toHaveValue(credentials.rtmpUrl);
    const key = screen.getByLabelText('Stream key');
    expect(key).toHaveAttribute('type', 'password');
    expect(screen.queryByText('sk_secret_123')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Reveal stream key' }));
    expect(key).toHaveAttribute('type', 'text');
    expect(key).toHaveValue('sk_secret_123');
    expect(screen.getByRole('button', { name: 'Hide stream key' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('list', { name: 'OBS steps' })).toHaveTextContent(/Settings → Stream/);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('copies the key with its copy button', async () => {
    mockFetch(() => ({ body: credentials }));
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    render(<StreamSetup room={room} />);
    await user.click(screen.getByRole('button', { name: 'Prepare to stream' }));
    await user.click(await screen.findByRole('button', { name: 'Copy stream key' }));
    expect(writeText).toHaveBeenCalledWith('sk_secret_123');
    expect(await screen.findByText('Copied')).toBeInTheDocument();
  });

  it('explains that no new key can be made while live', async () => {
    mockFetch(() => ({ status: 409, body: { error: { code: 'live', message: 'Room is live' } } }));
    render(<StreamSetup room={room} />);
    await userEvent.click(screen.getByRole('button', { name: 'Prepare to stream' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/live right now/);
    expect(screen.queryByLabelText('Stream key')).toBeNull();
  });
});
