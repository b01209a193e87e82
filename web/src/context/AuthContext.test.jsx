import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuthProvider, useAuth } from './AuthContext.jsx';
import { mockFetch } from '../test/helpers.jsx';

vi.mock('../lib/channelSockets.js', () => ({ reconnectChannelSockets: vi.fn() }));

function Probe({ label }) {
  const { user, loading, signOut } = useAuth();
  return (
    <section aria-label={label}>
      <output>{loading ? 'loading' : (user ? user.name : 'signed out')}</output>
      <button type="button" onClick={() => signOut()}>Sign out</button>
    </section>
  );
}

describe('AuthProvider', () => {
  it('a tab that signs out tells the other tabs, which show the signed-out state and reconnect their sockets', async () => {
    const { reconnectChannelSockets } = await import('../lib/channelSockets.js');
    let signedIn = true;
    mockFetch((method, path) => {
      if (path === '/api/auth/sign-out') { signedIn = false; return { body: { ok: true } }; }
      if (path === '/api/auth/session') {
        return signedIn ? { body: { user: { id: 'u1', name: 'Vera' }, session: {} } } : { status: 401, body: { error: { code: 'not_signed_in', message: 'no' } } };
      }
      return undefined;
    });
    // Two providers stand for two tabs: each has its own BroadcastChannel.
    render(<><AuthProvider><Probe label="tab A" /></AuthProvider><AuthProvider><Probe label="tab B" /></AuthProvider></>);
    const tabA = screen.getByRole('region', { name: 'tab A' });
    const tabB = screen.getByRole('region', { name: 'tab B' });
    await waitFor(() => expect(within(tabB).getByRole('status')).toHaveTextContent('Vera'));
    await userEvent.click(within(tabA).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(within(tabA).getByRole('status')).toHaveTextContent('signed out'));
    await waitFor(() => expect(within(tabB).getByRole('status')).toHaveTextContent('signed out'));
    // Tab A reconnected when it signed out, tab B when it learnt of it.
    expect(reconnectChannelSockets).toHaveBeenCalledTimes(2);
  });
});
