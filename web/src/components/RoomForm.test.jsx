import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import RoomForm from './RoomForm.jsx';
import { ApiError } from '../api/ApiError.js';

const channels = [{ id: 'gaming', title: 'Gaming' }, { id: 'music', title: 'Music' }];

describe('RoomForm', () => {
  it('creates a room with the chosen channel, trimmed title and description', async () => {
    const onSubmit = vi.fn(async () => {});
    render(<RoomForm channels={channels} onSubmit={onSubmit} />);
    await userEvent.selectOptions(screen.getByLabelText('Channel'), 'music');
    await userEvent.type(screen.getByLabelText('Title'), '  Jazz night ');
    await userEvent.type(screen.getByLabelText('Description'), 'Standards');
    await userEvent.click(screen.getByRole('button', { name: 'Create room' }));
    expect(onSubmit).toHaveBeenCalledWith({ channelId: 'music', title: 'Jazz night', description: 'Standards' });
    expect(await screen.findByText('Room created.')).toBeInTheDocument();
  });

  it('asks for a title instead of sending a blank one', async () => {
    const onSubmit = vi.fn();
    render(<RoomForm channels={channels} onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Title'), '   ');
    await userEvent.click(screen.getByRole('button', { name: 'Create room' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('Give your room a title.');
  });

  it("shows the server's words when it refuses", async () => {
    const onSubmit = vi.fn(async () => { throw new ApiError(409, 'room_exists', 'You already have a room.'); });
    render(<RoomForm channels={channels} onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Title'), 'Second');
    await userEvent.click(screen.getByRole('button', { name: 'Create room' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('You already have a room.');
  });

  it('edits an existing room starting from its values', async () => {
    const onSubmit = vi.fn(async () => {});
    const room = { id: 'r1', channelId: 'gaming', title: 'Old', description: 'd' };
    render(<RoomForm channels={channels} room={room} onSubmit={onSubmit} />);
    expect(screen.getByLabelText('Channel')).toHaveValue('gaming');
    const title = screen.getByLabelText('Title');
    await userEvent.clear(title);
    await userEvent.type(title, 'New');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(onSubmit).toHaveBeenCalledWith({ channelId: 'gaming', title: 'New', description: 'd' });
    expect(await screen.findByText('Changes saved.')).toBeInTheDocument();
  });
});
