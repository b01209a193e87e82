import { describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import ChatPanel from './ChatPanel.jsx';
import { clockTime } from '../lib/chatErrors.js';
import { FakeSocket, mockFetch } from '../test/helpers.jsx';

const history = [
  { id: 'h1', roomId: 'r1', user: { id: 'u1', name: 'ann' }, text: 'earlier', ts: 1 },
];

function setup({ user = { id: 'u2', name: 'bob' }, canModerate = false, moderatorRole = undefined, socket = new FakeSocket() } = {}) {
  if (!socket.ackAnswers.has('room:join')) socket.answer('room:join', { room: { id: 'r1' }, live: true, viewers: 7, history });
  const onViewers = vi.fn();
  const onLive = vi.fn();
  const onSignedOut = vi.fn();
  render(
    <MemoryRouter initialEntries={['/r/r1']}>
      <ChatPanel socket={socket} roomId="r1" user={user} canModerate={canModerate} moderatorRole={moderatorRole} onViewers={onViewers} onLive={onLive} onSignedOut={onSignedOut} />
    </MemoryRouter>,
  );
  return { socket, onViewers, onLive, onSignedOut };
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

  it('adds pushed messages for its room only, once, and leaves a placeholder for deleted ones', async () => {
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
    act(() => socket.serverEmit('chat:deleted', { roomId: 'r1', messageId: 'h1', by: 'owner' }));
    expect(screen.queryByText('earlier')).toBeNull();
    expect(screen.getByText('Message deleted by the host')).toBeInTheDocument();
  });

  it('says who deleted a message as chat:deleted tells it, and plain "Message deleted" when it does not', async () => {
    const socket = new FakeSocket();
    const history = ['owner', 'moderator', 'admin', 'author', 'none', 'odd'].map((by, i) => (
      { id: `m-${by}`, roomId: 'r1', user: { id: `u${i}`, name: `user${i}` }, text: `text by ${by}`, ts: i + 1 }));
    socket.answer('room:join', { history, viewers: 1, live: true });
    setup({ socket });
    await screen.findByText('text by odd');
    act(() => {
      socket.serverEmit('chat:deleted', { roomId: 'r1', messageId: 'm-owner', by: 'owner' });
      socket.serverEmit('chat:deleted', { roomId: 'r1', messageId: 'm-moderator', by: 'moderator' });
      socket.serverEmit('chat:deleted', { roomId: 'r1', messageId: 'm-admin', by: 'admin' });
      socket.serverEmit('chat:deleted', { roomId: 'r1', messageId: 'm-author', by: 'author' });
      socket.serverEmit('chat:deleted', { roomId: 'r1', messageId: 'm-none' });
      socket.serverEmit('chat:deleted', { roomId: 'r1', messageId: 'm-odd', by: 42 });
    });
    const placeholder = (id) => document.querySelector(`[data-message-id="${id}"]`).textContent;
    expect(placeholder('m-owner')).toBe('Message deleted by the host');
    expect(placeholder('m-moderator')).toBe('Message deleted by a moderator');
    expect(placeholder('m-admin')).toBe('Message deleted by an admin');
    expect(placeholder('m-author')).toBe('Message deleted');
    expect(placeholder('m-none')).toBe('Message deleted');
    expect(placeholder('m-odd')).toBe('Message deleted');
  });

  it('gives an admin the moderation menu in a room they do not own, and tells them the room sees "by an admin"', async () => {
    const socket = new FakeSocket();
    socket.answer('chat:delete', { ok: true });
    setup({ socket, canModerate: true, user: { id: 'root', name: 'ada', role: 'admin' }, moderatorRole: 'admin' });
    await screen.findByText('earlier');
    await userEvent.click(screen.getByRole('button', { name: 'Actions for the message from ann' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete message…' }));
    expect(screen.getByRole('alertdialog', { name: 'Delete this message from ann?' })).toHaveTextContent('Message deleted by an admin');
    await userEvent.click(screen.getByRole('button', { name: 'Delete message' }));
    expect(socket.emitted.find((e) => e.event === 'chat:delete').payload).toEqual({ roomId: 'r1', messageId: 'h1' });
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

  it('keeps the text and says why in a sentence when the server refuses (rate limit)', async () => {
    const socket = new FakeSocket();
    socket.answer('chat:send', { error: { code: 'rate_limited', message: 'too many messages; wait a little' } });
    setup({ socket });
    await screen.findByText('earlier');
    const box = screen.getByLabelText('Chat message');
    await userEvent.type(box, 'spam{enter}');
    expect(await screen.findByText('You are sending messages too fast. Wait a few seconds, then send again.')).toBeInTheDocument();
    expect(box).toHaveValue('spam');
  });

  it('counts down before the 500-character limit and never cuts a long paste', async () => {
    setup();
    await screen.findByText('earlier');
    const box = screen.getByLabelText('Chat message');
    await userEvent.click(box);
    await userEvent.paste('x'.repeat(450));
    expect(screen.getByTestId('chat-counter')).toHaveTextContent('50 characters left');
    await userEvent.paste('y'.repeat(174));
    expect(box).toHaveValue(`${'x'.repeat(450)}${'y'.repeat(174)}`);
    expect(screen.getByTestId('chat-counter')).toHaveTextContent('124 characters too many (624/500)');
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
  });

  it('a session that ended elsewhere: the refused message stays, the app checks the session, the panel says so', async () => {
    const socket = new FakeSocket();
    socket.answer('chat:send', { error: { code: 'unauthorized', message: 'sign in first' } });
    const { onSignedOut } = setup({ socket });
    await screen.findByText('earlier');
    await userEvent.type(screen.getByLabelText('Chat message'), 'still here?{enter}');
    expect(await screen.findByText(/You were signed out/)).toBeInTheDocument();
    expect(onSignedOut).toHaveBeenCalled();
    act(() => socket.serverEmit('disconnect', 'io server disconnect'));
    expect(onSignedOut).toHaveBeenCalledTimes(2);
  });

  it('the server\'s signed_out answer and auth:signed-out event show the signed-out state', async () => {
    const socket = new FakeSocket();
    socket.answer('chat:send', { error: { code: 'signed_out', message: 'Your session ended; sign in again.' } });
    const { onSignedOut } = setup({ socket });
    await screen.findByText('earlier');
    await userEvent.type(screen.getByLabelText('Chat message'), 'after sign-out{enter}');
    expect(await screen.findByText(/You were signed out/)).toBeInTheDocument();
    expect(onSignedOut).toHaveBeenCalledTimes(1);
    act(() => socket.serverEmit('auth:signed-out', { reason: 'signed_out', message: 'Your session ended.' }));
    expect(onSignedOut).toHaveBeenCalledTimes(2);
  });

  it('shows the server\'s connection:warning in its words', async () => {
    const socket = new FakeSocket();
    setup({ socket });
    await screen.findByText('earlier');
    act(() => socket.serverEmit('connection:warning', { code: 'origin_refused', message: 'WebSockets are refused for this page\'s address; chat runs on long-polling.' }));
    expect(await screen.findByText(/WebSockets are refused for this page's address/)).toBeInTheDocument();
  });

  it('says why the chat cannot connect, in the server\'s words', async () => {
    const socket = new FakeSocket();
    setup({ socket });
    act(() => socket.serverEmit('connect_error', new Error('This page was opened at http://10.0.0.5:8080, which is not the server\'s address.')));
    expect(await screen.findByText(/^Chat could not connect: This page was opened at/)).toBeInTheDocument();
  });

  it('asks signed-out viewers to sign in, with a way back to the room', async () => {
    setup({ user: null });
    await screen.findByText('earlier');
    expect(screen.queryByLabelText('Chat message')).toBeNull();
    const link = screen.getByRole('link', { name: 'Sign in to chat' });
    expect(link).toHaveAttribute('href', '/signin?redirect=%2Fr%2Fr1');
  });

  it('lets the owner delete, time out and unmute from a message\'s menu, each confirmed', async () => {
    const socket = new FakeSocket();
    socket.answer('chat:delete', { ok: true });
    socket.answer('chat:mute', { ok: true });
    setup({ socket, canModerate: true, user: { id: 'owner', name: 'olga' } });
    await screen.findByText('earlier');
    const menu = () => screen.getByRole('button', { name: 'Actions for the message from ann' });

    await userEvent.click(menu());
    await userEvent.click(screen.getByRole('button', { name: 'Delete message…' }));
    const confirmDelete = screen.getByRole('alertdialog', { name: 'Delete this message from ann?' });
    expect(confirmDelete).toHaveTextContent('Message deleted by the host');
    expect(socket.emitted.find((e) => e.event === 'chat:delete')).toBeUndefined();
    await userEvent.click(screen.getByRole('button', { name: 'Delete message' }));
    expect(socket.emitted.find((e) => e.event === 'chat:delete').payload).toEqual({ roomId: 'r1', messageId: 'h1' });
    expect(await screen.findByText('Message deleted.')).toBeInTheDocument();
    expect(menu()).toHaveFocus();

    await userEvent.click(menu());
    await userEvent.selectOptions(screen.getByLabelText('Time-out length'), '1 hour');
    await userEvent.click(screen.getByRole('button', { name: 'Time out ann…' }));
    expect(screen.getByRole('alertdialog', { name: 'Time out ann for 1 hour?' })).toHaveTextContent(/cannot send messages until/);
    await userEvent.click(screen.getByRole('button', { name: 'Time out for 1 hour' }));
    expect(socket.emitted.filter((e) => e.event === 'chat:mute').at(-1).payload).toEqual({ roomId: 'r1', userId: 'u1', seconds: 3600 });
    expect(await screen.findByText('ann is timed out for 1 hour.')).toBeInTheDocument();

    await userEvent.click(menu());
    expect(screen.getByRole('dialog')).toHaveTextContent(/Muted by you until/);
    await userEvent.click(screen.getByRole('button', { name: 'Unmute ann…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Unmute' }));
    expect(socket.emitted.filter((e) => e.event === 'chat:mute').at(-1).payload).toEqual({ roomId: 'r1', userId: 'u1', seconds: 0 });
    expect(await screen.findByText('ann can send messages again.')).toBeInTheDocument();

    // Cancel and Escape change nothing.
    const sent = socket.emitted.length;
    await userEvent.click(menu());
    await userEvent.click(screen.getByRole('button', { name: 'Delete message…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(socket.emitted.length).toBe(sent);
  });

  it('says why a moderation action was refused, in a sentence', async () => {
    const socket = new FakeSocket();
    socket.answer('chat:mute', { error: { code: 'forbidden', message: 'forbidden' } });
    setup({ socket, canModerate: true, user: { id: 'owner', name: 'olga' } });
    await screen.findByText('earlier');
    await userEvent.click(screen.getByRole('button', { name: 'Actions for the message from ann' }));
    await userEvent.click(screen.getByRole('button', { name: 'Time out ann…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Time out for 10 minutes' }));
    expect(await screen.findByText('Only the room\'s host, its moderators or an admin can do that.')).toBeInTheDocument();
  });

  it('gives a moderator (from the join answer) the menu, with a confirmed ban', async () => {
    const socket = new FakeSocket();
    socket.answer('room:join', { room: { id: 'r1' }, live: true, viewers: 1, history, moderation: { role: 'moderator', moderators: ['u2'] } });
    socket.answer('chat:ban', { ok: true });
    setup({ socket });
    await screen.findByText('earlier');
    await userEvent.click(screen.getByRole('button', { name: 'Actions for the message from ann' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete message…' }));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Message deleted by a moderator');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.click(screen.getByRole('button', { name: 'Ban ann…' }));
    expect(screen.getByRole('alertdialog', { name: 'Ban ann from this room\'s chat?' })).toHaveTextContent(/can still watch and read/);
    await userEvent.click(screen.getByRole('button', { name: 'Ban from chat' }));
    expect(socket.emitted.find((e) => e.event === 'chat:ban').payload).toEqual({ roomId: 'r1', userId: 'u1' });
    expect(await screen.findByText('ann is banned from this room\'s chat.')).toBeInTheDocument();
  });

  it('lets the owner make a message\'s author a moderator, confirmed, over the HTTP API', async () => {
    const calls = [];
    mockFetch((method, path) => { calls.push({ method, path }); return { body: { moderator: { id: 'u1', name: 'ann' } } }; });
    const socket = new FakeSocket();
    socket.answer('room:join', { room: { id: 'r1' }, live: true, viewers: 1, history, moderation: { role: 'owner', moderators: [] } });
    setup({ socket, user: { id: 'owner', name: 'olga' } });
    await screen.findByText('earlier');
    await userEvent.click(screen.getByRole('button', { name: 'Actions for the message from ann' }));
    await userEvent.click(screen.getByRole('button', { name: 'Make ann a moderator…' }));
    expect(screen.getByRole('alertdialog', { name: 'Make ann a moderator of this room?' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Make moderator' }));
    expect(await screen.findByText('ann is now a moderator of this room.')).toBeInTheDocument();
    expect(calls).toEqual([{ method: 'PUT', path: '/api/rooms/r1/moderators/u1' }]);
  });

  it('gives a plain member no menu, and one once appointed (chat:moderators)', async () => {
    const socket = new FakeSocket();
    socket.answer('room:join', { room: { id: 'r1' }, live: true, viewers: 1, history, moderation: { role: 'member', moderators: [] } });
    setup({ socket });
    await screen.findByText('earlier');
    expect(screen.queryByRole('button', { name: 'Actions for the message from ann' })).toBeNull();
    act(() => socket.serverEmit('chat:moderators', { roomId: 'r1', moderators: ['u2'] }));
    expect(screen.getByRole('button', { name: 'Actions for the message from ann' })).toBeInTheDocument();
  });

  it('tells the user of their time-out with its end, stops sending until it is lifted', async () => {
    const socket = new FakeSocket();
    setup({ socket });
    await screen.findByText('earlier');
    const until = Date.now() + 3_600_000;
    act(() => socket.serverEmit('chat:moderation', { roomId: 'r1', action: 'timeout', userId: 'someone-else', until, by: 'owner' }));
    expect(screen.queryByTestId('chat-restriction')).toBeNull();
    act(() => socket.serverEmit('chat:moderation', { roomId: 'r1', action: 'timeout', userId: 'u2', until, by: 'moderator' }));
    // clockTime names the weekday when the end falls on another day (an hour
    // from 23:30), so the expected text comes from it rather than a fixed format.
    expect(screen.getByTestId('chat-restriction')).toHaveTextContent(`You are timed out until ${clockTime(until)}.`);
    await userEvent.type(screen.getByLabelText('Chat message'), 'hi');
    expect(screen.getByRole('button', { name: /send/i })).toBeDisabled();
    act(() => socket.serverEmit('chat:moderation', { roomId: 'r1', action: 'untimeout', userId: 'u2', by: 'moderator' }));
    expect(screen.queryByTestId('chat-restriction')).toBeNull();
    expect(screen.getByRole('button', { name: /send/i })).toBeEnabled();
  });

  it('tells a banned user at join, and a site ban from any room', async () => {
    const socket = new FakeSocket();
    socket.answer('room:join', { room: { id: 'r1' }, live: true, viewers: 1, history, moderation: { role: 'member', banned: true } });
    setup({ socket });
    expect(await screen.findByTestId('chat-restriction')).toHaveTextContent('You are banned from this room\'s chat');
    act(() => socket.serverEmit('chat:moderation', { roomId: null, action: 'site_ban', userId: 'u2', by: 'admin' }));
    expect(screen.getByTestId('chat-restriction')).toHaveTextContent('You are banned from chat on this site');
  });

  it('counts slow mode down after a message, and says a refused message\'s reason', async () => {
    const socket = new FakeSocket();
    socket.answer('room:join', { room: { id: 'r1' }, live: true, viewers: 1, history, moderation: { role: 'member', slowModeSeconds: 30 } });
    socket.answer('chat:send', { ok: true, id: 'm1' });
    setup({ socket });
    await screen.findByText('earlier');
    await userEvent.type(screen.getByLabelText('Chat message'), 'one{enter}');
    expect(await screen.findByTestId('chat-slow-mode')).toHaveTextContent(/Slow mode: you can send again in (30|29) s/);
    await userEvent.type(screen.getByLabelText('Chat message'), 'two');
    expect(screen.getByRole('button', { name: /send/i })).toBeDisabled();
  });

  it('words the moderation refusals of a message', async () => {
    const socket = new FakeSocket();
    socket.answer('chat:send', { error: { code: 'word_filtered', message: 'Your message contains a word or phrase this channel does not allow.' } });
    setup({ socket });
    await screen.findByText('earlier');
    await userEvent.type(screen.getByLabelText('Chat message'), 'rude{enter}');
    expect(await screen.findByText(/does not allow\. Rephrase it/)).toBeInTheDocument();
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
