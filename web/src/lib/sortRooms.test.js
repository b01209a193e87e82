import { describe, expect, it } from 'vitest';
import { sortChannels, sortRooms } from './sortRooms.js';

describe('sortRooms', () => {
  it('puts live rooms first, most watched first', () => {
    const rooms = [
      { id: 'off-new', live: false, updatedAt: '2024-02-01' },
      { id: 'live-few', live: true, viewers: 2 },
      { id: 'off-old', live: false, updatedAt: '2024-01-01' },
      { id: 'live-many', live: true, viewers: 9 },
    ];
    expect(sortRooms(rooms).map((r) => r.id)).toEqual(['live-many', 'live-few', 'off-new', 'off-old']);
  });
});

describe('sortChannels', () => {
  it('puts channels with live rooms first, otherwise keeps the configured order', () => {
    const channels = [{ id: 'a', order: 1 }, { id: 'b', order: 2 }, { id: 'c', order: 3 }];
    expect(sortChannels(channels, { c: [{ live: true }] }).map((c) => c.id)).toEqual(['c', 'a', 'b']);
    expect(sortChannels(channels, {}).map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });
});
