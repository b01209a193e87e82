import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { render } from '@testing-library/react';
import HomePage from './HomePage.jsx';
import NotFoundPage from './NotFoundPage.jsx';
import Layout from '../components/Layout.jsx';
import { FeaturesProvider } from '../context/FeaturesContext.jsx';
import { AuthProvider } from '../context/AuthContext.jsx';
import { mockFetch, renderWithApp } from '../test/helpers.jsx';
import { resetFakeChannelSockets } from '../test/fakeChannelSockets.js';

vi.mock('../lib/channelSockets.js', () => import('../test/fakeChannelSockets.js'));

const channels = [
  { id: 'music', title: 'Music', description: '' }, { id: 'gaming', title: 'Gaming', description: '' },
  { id: 'talk', title: 'Talk', description: '' }, { id: 'art', title: 'Art', description: '' },
];

function serve({ signedIn }) {
  return mockFetch((method, path) => {
    if (path === '/api/auth/session') {
      return signedIn ? { body: { user: { id: 'u1', name: 'Hana Host-With-A-Long-Name' }, session: {} } } : { status: 401, body: { error: { code: 'unauthenticated', message: 'no' } } };
    }
    if (path === '/api/channels') return { body: { channels } };
    const m = path.match(/^\/api\/channels\/(\w+)\/rooms$/);
    if (m) return { body: { channel: channels.find((c) => c.id === m[1]), rooms: [] } };
    return undefined;
  });
}

describe('empty states and pages that invite action', () => {
  beforeEach(() => resetFakeChannelSockets());

  it('home with nobody live: one invitation, "Go live" for a signed-in user', async () => {
    serve({ signedIn: true });
    renderWithApp(<HomePage />);
    const empty = await screen.findByTestId('nobody-live');
    await waitFor(() => expect(screen.getByRole('link', { name: 'Go live' })).toHaveAttribute('href', '/me/room'));
    expect(empty).toHaveTextContent('No one is live right now');
    expect(screen.getAllByText(/No one is live/)).toHaveLength(1);
    expect(screen.queryByText(/No rooms yet/)).toBeNull();
    expect(document.title).toBe('Live rooms · SockStream');
  });

  it('home with nobody live, signed out: sign up to go live', async () => {
    serve({ signedIn: false });
    renderWithApp(<HomePage />);
    await screen.findByTestId('nobody-live');
    await waitFor(() => expect(screen.getByRole('link', { name: 'Sign up to go live' })).toBeInTheDocument());
    expect(screen.getByRole('navigation', { name: 'Channels' })).toHaveTextContent('Music · Gaming · Talk · Art');
  });

  it('a not-found page says what happened, with ways back, and titles the tab', () => {
    render(<MemoryRouter><NotFoundPage /></MemoryRouter>);
    expect(screen.getByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See who is live' })).toHaveAttribute('href', '/');
    expect(screen.getByRole('button', { name: 'Go back' })).toBeInTheDocument();
    expect(document.title).toBe('Page not found · SockStream');
  });

  it('the header on a phone: one Menu button that opens the links, nothing that wraps', async () => {
    serve({ signedIn: false });
    render(
      <MemoryRouter initialEntries={['/']}>
        <FeaturesProvider initial={{}}>
          <AuthProvider>
            <Routes><Route element={<Layout />}><Route index element={<p>home</p>} /></Route></Routes>
          </AuthProvider>
        </FeaturesProvider>
      </MemoryRouter>,
    );
    const menu = screen.getByRole('button', { name: 'Menu' });
    expect(menu).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(menu);
    expect(screen.getByRole('button', { name: 'Close' })).toHaveAttribute('aria-expanded', 'true');
    const site = screen.getByRole('navigation', { name: 'Site menu' });
    await waitFor(() => expect(site).toHaveTextContent('Sign up'));
    expect(site).toHaveTextContent('Browse');
  });
});
