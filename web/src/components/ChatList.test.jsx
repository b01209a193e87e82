import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ChatList from './ChatList.jsx';

const msg = (id, name, text, userId = `u-${name}`) => ({ id, roomId: 'r1', user: { id: userId, name }, text, ts: 1700000000000 });

describe('ChatList', () => {
  it('renders message text as text, never as HTML', () => {
    const hostile = '<img src=x onerror="window.pwned=1"><b>bold</b><script>window.pwned=2</script>';
    const { container } = render(<ChatList messages={[msg('m1', '<i>eve</i>', hostile)]} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('i')).toBeNull();
    expect(screen.getByTestId('chat-text').textContent).toBe(hostile);
    expect(screen.getByText('<i>eve</i>')).toBeInTheDocument();
    expect(window.pwned).toBeUndefined();
  });

  it('shows messages in order inside a labelled log', () => {
    render(<ChatList messages={[msg('1', 'ann', 'first'), msg('2', 'bob', 'second')]} />);
    const log = screen.getByRole('log', { name: 'Chat messages' });
    const items = within(log).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('[data-testid="chat-text"]').textContent)).toEqual(['first', 'second']);
  });

  it('says so when there are no messages', () => {
    render(<ChatList messages={[]} />);
    expect(screen.getByText(/no messages yet/i)).toBeInTheDocument();
  });

  it('has no moderation controls for viewers', () => {
    render(<ChatList messages={[msg('1', 'ann', 'hi')]} currentUserId="u-bob" canModerate={false} />);
    expect(screen.queryByRole('button', { name: /delete/i })).toBeNull();
    expect(screen.queryByRole('button', { name: /mute/i })).toBeNull();
  });

  it('gives the owner delete and mute buttons that name the author, and no mute for their own messages', async () => {
    const onDelete = vi.fn();
    const onMute = vi.fn();
    const messages = [msg('1', 'ann', 'hi'), msg('2', 'owner', 'welcome', 'u-owner')];
    render(<ChatList messages={messages} currentUserId="u-owner" canModerate onDelete={onDelete} onMute={onMute} />);
    await userEvent.click(screen.getByRole('button', { name: 'Delete message from ann' }));
    expect(onDelete).toHaveBeenCalledWith(messages[0]);
    await userEvent.click(screen.getByRole('button', { name: 'Mute ann for 5 minutes' }));
    expect(onMute).toHaveBeenCalledWith(messages[0]);
    expect(screen.getByRole('button', { name: 'Delete message from owner' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Mute owner for 5 minutes' })).toBeNull();
  });

  it('follows new messages at the bottom, but not while the reader has scrolled up', () => {
    const { rerender } = render(<ChatList messages={[msg('1', 'ann', 'a')]} />);
    const log = screen.getByRole('log');
    // jsdom has no layout: give the list a size to scroll.
    Object.defineProperty(log, 'scrollHeight', { configurable: true, get: () => 1000 });
    Object.defineProperty(log, 'clientHeight', { configurable: true, get: () => 200 });
    rerender(<ChatList messages={[msg('1', 'ann', 'a'), msg('2', 'ann', 'b')]} />);
    expect(log.scrollTop).toBe(1000);
    expect(screen.queryByRole('button', { name: /new messages/i })).toBeNull();

    log.scrollTop = 100;
    log.dispatchEvent(new Event('scroll'));
    rerender(<ChatList messages={[msg('1', 'ann', 'a'), msg('2', 'ann', 'b'), msg('3', 'ann', 'c')]} />);
    expect(log.scrollTop).toBe(100);
    expect(screen.getByRole('button', { name: /new messages/i })).toBeInTheDocument();
  });
});
