import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import PastBroadcasts from './PastBroadcasts.jsx';
import { mockFetch, renderWithApp } from '../test/helpers.jsx';

const base = {
  roomId: 'r1', startedAtMs: Date.UTC(2026, 11, 3, 18, 0), durationMs: 3_725_000, listed: true,
  posterUrl: '/recordings/a/poster.jpg', playlistUrl: '/recordings/a/index.m3u8', timeline: [],
};

const open = () => renderWithApp(<PastBroadcasts roomId="r1" />);

describe('PastBroadcasts', () => {
  it('lists each recording with its poster, title, date, length and state, linking to its page', async () => {
    mockFetch((method, path) => (path === '/api/rooms/r1/recordings' ? {
      body: {
        recordings: [
          { ...base, id: 'now', title: 'Still going', state: 'recording' },
          { ...base, id: 'old', title: 'Jazz night', state: 'complete' },
          { ...base, id: 'hidden', title: 'Rehearsal', state: 'cut_short', listed: false, posterUrl: null },
        ],
      },
    } : undefined));
    open();
    const list = await screen.findByRole('list');
    const items = within(list).getAllByRole('link');
    expect(items.map((a) => a.getAttribute('href'))).toEqual(['/r/r1/recordings/now', '/r/r1/recordings/old', '/r/r1/recordings/hidden']);
    expect(within(items[0]).getByTestId('recording-badge')).toHaveTextContent('Recording now');
    expect(within(items[1]).queryByTestId('recording-badge')).toBeNull();
    expect(within(items[1]).getByTestId('recording-duration')).toHaveTextContent('1:02:05');
    expect(within(items[1]).getByRole('heading')).toHaveTextContent('Jazz night');
    expect(within(items[1]).getByText(/2026/)).toBeInTheDocument();
    expect(items[1].querySelector('img')).toHaveAttribute('src', '/recordings/a/poster.jpg');
    expect(within(items[2]).getByTestId('recording-unlisted')).toHaveTextContent('Unlisted');
    expect(within(items[2]).getByTestId('recording-badge')).toHaveTextContent('Cut short');
    expect(items[2].querySelector('img')).toBeNull();
  });

  it('says so when there are none yet', async () => {
    mockFetch((method, path) => (path === '/api/rooms/r1/recordings' ? { body: { recordings: [] } } : undefined));
    open();
    expect(await screen.findByText('No past broadcasts yet.')).toBeInTheDocument();
  });

  it('shows nothing at all on a server without the recordings plugin', async () => {
    const fetch = mockFetch(() => undefined);
    open();
    expect(screen.getByRole('heading', { name: 'Past broadcasts' })).toBeInTheDocument(); // while asking
    await waitFor(() => expect(fetch).toHaveBeenCalledWith('/api/rooms/r1/recordings', expect.anything()));
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Past broadcasts' })).toBeNull());
  });

  it('shows an error in words', async () => {
    mockFetch(() => ({ status: 500, body: { error: { code: 'internal', message: 'The database is unavailable.' } } }));
    open();
    expect(await screen.findByRole('alert')).toHaveTextContent('The database is unavailable.');
  });
});
