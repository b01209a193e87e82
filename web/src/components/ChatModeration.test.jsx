import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ChatModeration from './ChatModeration.jsx';
import { FakeSocket, mockFetch } from '../test/helpers.jsx';

function serve() {
  const state = {
    settings: { slowModeSeconds: 0, establishedMinutes: 0 },
    moderators: [{ id: 'm1', name: 'mia', addedAt: 1 }],
    calls: [],
  };
  mockFetch((method, path, body) => {
    state.calls.push({ method, path, body });
    if (path === '/api/rooms/r1/chat/settings' && method === 'GET') return { body: state.settings };
    if (path === '/api/rooms/r1/chat/settings' && method === 'PUT') {
      state.settings = { ...state.settings, ...body };
      return { body: state.settings };
    }
    if (path === '/api/rooms/r1/moderators') return { body: { moderators: state.moderators } };
    if (path === '/api/rooms/r1/moderators/m1' && method === 'DELETE') { state.moderators = []; return { body: { ok: true } }; }
    if (path === '/api/rooms/r1/chat/sanctions') {
      return { body: { timeouts: [{ userId: 'u3', userName: 'tom', until: Date.now() + 600000 }], bans: [{ userId: 'u4', userName: 'bea' }] } };
    }
    if (path.startsWith('/api/rooms/r1/moderation/log')) {
      return { body: { entries: [{ id: 'l1', at: Date.now(), actor: { id: 'm1', name: 'mia' }, action: 'timeout', target: { id: 'u3', name: 'tom' }, reason: 'spam', detail: '', until: Date.now() + 600000 }] } };
    }
    return undefined;
  });
  return state;
}

describe('ChatModeration', () => {
  it('sets slow mode and the account minimum, and lists moderators, sanctions and the log', async () => {
    const state = serve();
    render(<ChatModeration roomId="r1" socket={new FakeSocket()} />);
    expect(await screen.findByText(/mia timed out tom until .*: "spam"/)).toBeInTheDocument();
    expect(screen.getByText(/tom: timed out until/)).toBeInTheDocument();
    expect(screen.getByText('bea: banned')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText(/Slow mode/), '30 seconds');
    await waitFor(() => expect(state.calls.some((c) => c.method === 'PUT' && c.body?.slowModeSeconds === 30)).toBe(true));
    expect(await screen.findByText('Chat settings saved.')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText(/Accounts must be/), '1 hour');
    await waitFor(() => expect(state.calls.some((c) => c.method === 'PUT' && c.body?.establishedMinutes === 60)).toBe(true));
    await userEvent.click(screen.getByRole('button', { name: 'Remove mia' }));
    expect(await screen.findByText('mia is no longer a moderator.')).toBeInTheDocument();
  });

  it('lifts a time-out and a ban through the chat socket', async () => {
    serve();
    const socket = new FakeSocket();
    socket.answer('chat:unmute', { ok: true });
    socket.answer('chat:unban', { ok: true });
    render(<ChatModeration roomId="r1" socket={socket} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Unmute tom' }));
    expect(socket.emitted.find((e) => e.event === 'chat:unmute').payload).toEqual({ roomId: 'r1', userId: 'u3' });
    expect(await screen.findByText('tom can send messages again.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Unban bea' }));
    expect(socket.emitted.find((e) => e.event === 'chat:unban').payload).toEqual({ roomId: 'r1', userId: 'u4' });
  });
});
