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

  it('gives the owner one actions button per message, naming the author', async () => {
    const onModerate = vi.fn();
    const messages = [msg('1', 'ann', 'hi'), msg('2', 'owner', 'welcome', 'u-owner')];
    render(<ChatList messages={messages} currentUserId="u-owner" canModerate onModerate={onModerate} />);
    await userEvent.click(screen.getByRole('button', { name: 'Actions for the message from ann' }));
    expect(onModerate).toHaveBeenCalledWith(messages[0], expect.any(HTMLButtonElement));
    expect(screen.getAllByRole('button', { name: /^Actions for/ })).toHaveLength(2);
  });

  it('shows a deleted message as a placeholder, and links that are safe to click', () => {
    const messages = [{ id: '1', roomId: 'r1', user: { id: 'u', name: 'ann' }, ts: 1, deleted: true, deletedBy: 'owner' }, msg('2', 'bob', 'look https://example.org/clip 🎉')];
    render(<ChatList messages={messages} />);
    expect(screen.getByText('Message deleted by the host')).toBeInTheDocument();
    const link = screen.getByRole('link', { name: 'https://example.org/clip' });
    expect(link).toHaveAttribute('href', 'https://example.org/clip');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link.getAttribute('rel')).toMatch(/noopener/);
    expect(link.getAttribute('rel')).toMatch(/noreferrer/);
    expect(screen.getByTestId('chat-text').textContent).toBe('look https://example.org/clip 🎉');
    expect(document.querySelector('iframe, img, video')).toBeNull();
  });

  it('follows new messages at the bottom, but not while the reader has scrolled up', () => {
    const { rerender } = render(<ChatList messages={[msg('1', 'ann', 'a')]} />);
    const log = screen.getByRole('log');
    // jsdom has no layout: give the list a size to scroll.
    Object.defineProperty(log, 'scrollHeight', { configurable: true, get: () => 1000 });
    Object.defineProperty(log, 'clientHeight', { configurable: true, get: () => 200 });
    rerender(<ChatList messages={[msg('1', 'ann', 'a'), msg('2', 'ann', 'b')]} />);
    expect(log.scrollTop).toBe(1000);
    expect(screen.queryByRole('button', { name: /new message/i })).toBeNull();

    log.scrollTop = 100;
    log.dispatchEvent(new Event('scroll'));
    rerender(<ChatList messages={[msg('1', 'ann', 'a'), msg('2', 'ann', 'b'), msg('3', 'ann', 'c')]} />);
    expect(log.scrollTop).toBe(100);
    expect(screen.getByRole('button', { name: '1 new message ↓' })).toBeInTheDocument();
  });
});
