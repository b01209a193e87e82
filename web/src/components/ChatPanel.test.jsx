import { describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import ChatPanel from './ChatPanel.jsx';
import { FakeSocket } from '../test/helpers.jsx';

const history = [
  { id: 'h1', roomId: 'r1', user: { id: 'u1', name: 'ann' }, text: 'earlier', ts: 1 },
];

function setup({ user = { id: 'u2', name: 'bob' }, isOwner = false, socket = new FakeSocket() } = {}) {
  if (!socket.ackAnswers.has('room:join')) socket.answer('room:join', { room: { id: 'r1' }, live: true, viewers: 7, history });
  const onViewers = vi.fn();
  const onLive = vi.fn();
  render(
    <MemoryRouter initialEntries={['/r/r1']}>
      <ChatPanel socket={socket} roomId="r1" user={user} isOwner={isOwner} onViewers={onViewers} onLive={onLive} />
    </MemoryRouter>,
  );
  return { socket, onViewers, onLive };
}

describe('ChatPanel', () => {
  it('joins the room and shows the history, viewer count and live state', async () => {
    const { socket, onViewers, onLive } = setup();
    expect(await screen.findByText('earlier')).toBeInTheDocument();
    expect(socket.emitted[0]).toEqual({ event: 'room:join', payload: { roomId: 'r1' } });
    expect(onViewers).toHaveBeenCalledWith(7);
    expect(onLive).toHaveBeenCalledWith(true, null);
    expect(screen.getByText('Connected')).toBeInTheDocument();
  });

  it('adds pushed messages for its room only, once, and removes deleted ones', async () => {
    const { socket } = setup();
    await screen.findByText('earlier');
    const m = { id: 'n1', roomId: 'r1', user: { id: 'u3', name: 'cy' }, text: 'fresh', ts: 2 };
    act(() => {
      socket.serverEmit('chat:message', m);
      socket.serverEmit('chat:message', m);
      socket.serverEmit('chat:message', { ...m, id: 'other', roomId: 'r2', text: 'elsewhere' });
    });
    expect(screen.getAllByText('fresh')).toHaveLength(1);
    expect(screen.queryByText('elsewhere')).toBeNull();
    act(() => socket.serverEmit('chat:deleted', { roomId: 'r1', messageId: 'h1' }));
    expect(screen.queryByText('earlier')).toBeNull();
  });

  it('passes viewer updates up, and the joined room\'s state (the page follows room:status itself)', async () => {
    const socket = new FakeSocket();
    socket.answer('room:join', { room: { id: 'r1', state: 'reconnecting' }, live: false, viewers: 2, history: [] });
    const { onViewers, onLive } = setup({ socket });
    await screen.findByText('Connected');
    expect(onLive).toHaveBeenCalledWith(false, { state: 'reconnecting' });
    act(() => {
      socket.serverEmit('room:viewers', { roomId: 'r1', count: 12 });
      socket.serverEmit('room:status', { roomId: 'r1', channelId: 'music', live: true, state: 'live', reason: 'resumed' });
    });
    expect(onViewers).toHaveBeenLastCalledWith(12);
    expect(onLive).toHaveBeenCalledTimes(1);
  });

  it('sends a message and clears the box when the server accepts it', async () => {
    const socket = new FakeSocket();
    socket.answer('chat:send', { ok: true });
    setup({ socket });
    await screen.findByText('earlier');
    const box = screen.getByLabelText('Chat message');
    await userEvent.type(box, '  hello there  {enter}');
    await waitFor(() => expect(box).toHaveValue(''));
    expect(socket.emitted.find((e) => e.event === 'chat:send').payload).toEqual({ roomId: 'r1', text: 'hello there' });
  });

  it('keeps text typed while the previous message is being sent', async () => {
    const socket = new FakeSocket();
    let accept;
    socket.answer('chat:send', () => new Promise((resolve) => { accept = resolve; }));
    setup({ socket });
    await screen.findByText('earlier');
    const box = screen.getByLabelText('Chat message');
    await userEvent.type(box, 'first{enter}');
    await waitFor(() => expect(accept).toBeTypeOf('function'));
    await userEvent.clear(box);
    await userEvent.type(box, 'second');
    accept({ ok: true, id: 'm1' });
    await waitFor(() => expect(screen.getByRole('button', { name: /send/i })).toBeEnabled());
    expect(box).toHaveValue('second');
  });

  it('sends the next message while the previous one waits for its ack', async () => {
    const socket = new FakeSocket();
    const accepts = [];
    socket.answer('chat:send', () => new Promise((resolve) => { accepts.push(resolve); }));
    setup({ socket });
    await screen.findByText('earlier');
    const box = screen.getByLabelText('Chat message');
    await userEvent.type(box, 'first{enter}');
    expect(box).toHaveValue('');
    await userEvent.type(box, 'second{enter}');
    await waitFor(() => expect(accepts).toHaveLength(2));
    expect(socket.emitted.filter((e) => e.event === 'chat:send').map((e) => e.payload.text)).toEqual(['first', 'second']);
    accepts.forEach((accept, i) => accept({ ok: true, id: `m${i}` }));
    await waitFor(() => expect(box).toHaveValue(''));
  });

  it('keeps the text and says why when the server refuses (rate limit)', async () => {
    const socket = new FakeSocket();
    socket.answer('chat:send', { error: { code: 'rate_limited', message: 'Slow down: wait 3 seconds.' } });
    setup({ socket });
    await screen.findByText('earlier');
    const box = screen.getByLabelText('Chat message');
    await userEvent.type(box, 'spam{enter}');
    expect(await screen.findByText('Slow down: wait 3 seconds.')).toBeInTheDocument();
    expect(box).toHaveValue('spam');
  });

  it('asks signed-out viewers to sign in, with a way back to the room', async () => {
    setup({ user: null });
    await screen.findByText('earlier');
    expect(screen.queryByLabelText('Chat message')).toBeNull();
    const link = screen.getByRole('link', { name: 'Sign in to chat' });
    expect(link).toHaveAttribute('href', '/signin?redirect=%2Fr%2Fr1');
  });

  it('lets the owner delete and mute through the socket', async () => {
    const socket = new FakeSocket();
    socket.answer('chat:delete', { ok: true });
    socket.answer('chat:mute', { error: { code: 'forbidden', message: 'Only the owner can mute.' } });
    setup({ socket, isOwner: true, user: { id: 'owner', name: 'olga' } });
    await screen.findByText('earlier');
    await userEvent.click(screen.getByRole('button', { name: 'Delete message from ann' }));
    expect(socket.emitted.find((e) => e.event === 'chat:delete').payload).toEqual({ roomId: 'r1', messageId: 'h1' });
    await userEvent.click(screen.getByRole('button', { name: 'Mute ann for 5 minutes' }));
    expect(socket.emitted.find((e) => e.event === 'chat:mute').payload).toEqual({ roomId: 'r1', userId: 'u1', seconds: 300 });
    expect(await screen.findByText('Only the owner can mute.')).toBeInTheDocument();
  });

  it('rejoins after a reconnect and leaves on unmount', async () => {
    const socket = new FakeSocket();
    socket.answer('room:join', { room: { id: 'r1' }, live: false, viewers: 1, history });
    const view = render(
      <MemoryRouter><ChatPanel socket={socket} roomId="r1" user={null} /></MemoryRouter>,
    );
    await screen.findByText('earlier');
    act(() => socket.serverEmit('disconnect'));
    expect(screen.getByText('Connecting…')).toBeInTheDocument();
    act(() => socket.serverEmit('connect'));
    await screen.findByText('Connected');
    expect(socket.emitted.filter((e) => e.event === 'room:join')).toHaveLength(2);
    view.unmount();
    expect(socket.emitted.at(-1)).toEqual({ event: 'room:leave', payload: { roomId: 'r1' } });
    expect(socket.listenerCount('chat:message')).toBe(0);
  });

  it('shows why joining failed', async () => {
    const socket = new FakeSocket();
    render(<MemoryRouter><ChatPanel socket={socket} roomId="r1" user={null} /></MemoryRouter>);
    socket.answer('room:join', { error: { code: 'not_found', message: 'No such room.' } });
    act(() => socket.serverEmit('connect'));
    expect(await screen.findByText('No such room.')).toBeInTheDocument();
  });
});
