import { describe, expect, it } from 'vitest';
import { applyRoomEvent, parseRoomEvent } from './roomEvents.js';
import { normalizeRoom, roomStateOf, withStatus } from './roomState.js';

const a = { id: 'a', channelId: 'music', title: 'A', live: false, state: 'offline', viewers: 0 };
const b = { id: 'b', channelId: 'music', title: 'B', live: true, state: 'live', viewers: 3 };

describe('parseRoomEvent', () => {
  it('accepts each event in its documented shape', () => {
    expect(parseRoomEvent('room:created', { roomId: 'a', channelId: 'music', room: a })).toEqual({ type: 'room:created', roomId: 'a', channelId: 'music', room: a });
    expect(parseRoomEvent('room:deleted', { roomId: 'a', channelId: 'music' })).toEqual({ type: 'room:deleted', roomId: 'a', channelId: 'music' });
    expect(parseRoomEvent('room:status', { roomId: 'a', channelId: 'music', live: false, state: 'offline', reason: 'ended_by_host' }))
      .toEqual({ type: 'room:status', roomId: 'a', channelId: 'music', live: false, state: 'offline', reason: 'ended_by_host' });
    expect(parseRoomEvent('room:viewers', { roomId: 'a', count: 2 })).toEqual({ type: 'room:viewers', roomId: 'a', count: 2 });
  });

  it('refuses what does not match: a bare room, a room of another id, missing fields', () => {
    expect(parseRoomEvent('room:updated', a)).toBeNull();
    expect(parseRoomEvent('room:updated', { roomId: 'b', channelId: 'music', room: a })).toBeNull();
    expect(parseRoomEvent('room:updated', { roomId: 'a', room: a })).toBeNull();
    expect(parseRoomEvent('room:status', { roomId: 'a' })).toBeNull();
    expect(parseRoomEvent('room:viewers', { roomId: 'a', count: 'many' })).toBeNull();
    expect(parseRoomEvent('room:status', null)).toBeNull();
    expect(parseRoomEvent('room:unknown', { roomId: 'a' })).toBeNull();
  });
});

describe('applyRoomEvent', () => {
  const ev = (name, payload) => parseRoomEvent(name, payload);

  it('updates, adds, removes and counts in place', () => {
    const list = [a, b];
    const renamed = applyRoomEvent(list, ev('room:updated', { roomId: 'a', channelId: 'music', room: { ...a, title: 'A2' } }), 'music');
    expect(renamed.map((r) => r.title)).toEqual(['A2', 'B']);
    const created = applyRoomEvent(list, ev('room:created', { roomId: 'c', channelId: 'music', room: { ...a, id: 'c' } }), 'music');
    expect(created.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(applyRoomEvent(list, ev('room:deleted', { roomId: 'b', channelId: 'music' }), 'music')).toEqual([a]);
    expect(applyRoomEvent(list, ev('room:viewers', { roomId: 'b', count: 9 }), 'music')[1].viewers).toBe(9);
  });

  it('follows the state of room:status, with `live` true only when live', () => {
    const list = [a, b];
    const lost = applyRoomEvent(list, ev('room:status', { roomId: 'b', channelId: 'music', live: false, state: 'reconnecting', reason: 'encoder_lost' }), 'music');
    expect(lost[1]).toMatchObject({ state: 'reconnecting', live: false });
    const older = applyRoomEvent(list, ev('room:status', { roomId: 'a', live: true }), 'music');
    expect(older[0]).toMatchObject({ state: 'live', live: true });
  });

  it('moves a room that changed channel out of the old list and into the new one', () => {
    const moved = ev('room:updated', { roomId: 'a', channelId: 'gaming', room: { ...a, channelId: 'gaming' } });
    expect(applyRoomEvent([a, b], moved, 'music')).toEqual([b]);
    expect(applyRoomEvent([], moved, 'gaming').map((r) => r.id)).toEqual(['a']);
  });

  it('leaves the list alone for rooms it does not hold', () => {
    const list = [a];
    expect(applyRoomEvent(list, ev('room:viewers', { roomId: 'zz', count: 1 }), 'music')).toBe(list);
    expect(applyRoomEvent(list, ev('room:status', { roomId: 'zz', live: true }), 'music')).toBe(list);
  });
});

describe('room state', () => {
  it('takes the server\'s state, else derives it from live', () => {
    expect(roomStateOf({ state: 'reconnecting', live: false })).toBe('reconnecting');
    expect(roomStateOf({ live: true })).toBe('live');
    expect(roomStateOf({ state: 'nonsense' })).toBe('offline');
    expect(normalizeRoom({ id: 'x', live: true, state: 'offline' })).toMatchObject({ state: 'offline', live: false });
  });

  it('keeps why a broadcast ended until the room is live again', () => {
    const ended = withStatus(b, { live: false, state: 'offline', reason: 'ended_by_host' });
    expect(ended).toMatchObject({ state: 'offline', endReason: 'ended_by_host' });
    expect(withStatus(ended, { live: false, state: 'offline' }).endReason).toBe('ended_by_host');
    expect(withStatus(ended, { live: true, state: 'live', reason: 'started' }).endReason).toBeNull();
  });
});
