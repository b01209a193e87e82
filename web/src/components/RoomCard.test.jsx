import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import RoomCard from './RoomCard.jsx';

const base = {
  id: 'r1', channelId: 'music', title: 'Jazz night', owner: { id: 'u1', name: 'Ana' },
  viewers: 2, playback: [], thumbnailUrl: null, updatedAt: '2026-12-03T12:00:00.000Z',
};

function card(room) {
  render(<MemoryRouter><RoomCard room={room} /></MemoryRouter>);
  return screen.getByTestId('room-state');
}

describe('RoomCard', () => {
  it('says Reconnecting while the host\'s encoder may come back, not Offline', () => {
    const badge = card({ ...base, live: false, state: 'reconnecting' });
    expect(badge).toHaveTextContent('Reconnecting');
    expect(badge).toHaveAttribute('data-state', 'reconnecting');
  });

  it('says Live for a live room', () => {
    expect(card({ ...base, id: 'r2', live: true, state: 'live' })).toHaveTextContent('Live');
  });

  it('falls back to `live` for a room without a state', () => {
    expect(card({ ...base, id: 'r3', live: false })).toHaveTextContent('Offline');
  });
});
