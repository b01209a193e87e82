import { describe, expect, it, vi } from 'vitest';
import { keepNearest, loadWindow, messagesUpTo, windowsAround } from './chatReplay.js';

const m = (id, ts) => ({ id, ts, text: id, user: { id: 'u', name: 'U' } });

describe('windowsAround', () => {
  it('holds the window of the position, the one before and the one after', () => {
    expect(windowsAround(1000, 1000, 60)).toEqual([940, 1000, 1060]);
    expect(windowsAround(1000, 1179, 60)).toEqual([1060, 1120, 1180]);
  });
});

describe('loadWindow', () => {
  it('asks for one half-open window', async () => {
    const fetchPage = vi.fn(async () => ({ messages: [m('a', 5)], more: false }));
    expect(await loadWindow(fetchPage, 0, 60)).toEqual([m('a', 5)]);
    expect(fetchPage).toHaveBeenCalledWith(0, 60);
  });

  it('pages on more from the last ts, without repeating a message', async () => {
    const pages = [
      { messages: [m('a', 1), m('b', 3)], more: true },
      { messages: [m('b', 3), m('c', 3)], more: true },
      { messages: [m('c', 3), m('d', 9)], more: false },
    ];
    const fetchPage = vi.fn(async () => pages.shift());
    expect((await loadWindow(fetchPage, 0, 60)).map((x) => x.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(fetchPage.mock.calls).toEqual([[0, 60], [3, 60], [3, 60]]);
  });

  it('stops after ten pages even if the server keeps saying more', async () => {
    let n = 0;
    const fetchPage = vi.fn(async () => ({ messages: [m(`x${n++}`, n)], more: true }));
    await loadWindow(fetchPage, 0, 60);
    expect(fetchPage).toHaveBeenCalledTimes(10);
  });
});

describe('messagesUpTo', () => {
  it('shows what was sent at or before the moment, in order, the newest few', () => {
    const windows = new Map([[60, [m('c', 70), m('d', 100)]], [0, [m('a', 10), m('b', 50)]]]);
    expect(messagesUpTo(windows, 70).map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(messagesUpTo(windows, 9)).toEqual([]);
    expect(messagesUpTo(windows, 1000, 2).map((x) => x.id)).toEqual(['c', 'd']);
  });
});

describe('keepNearest', () => {
  const windowsAt = (...starts) => new Map(starts.map((s) => [s, []]));

  it('forgets the windows furthest from the position, not from the window that arrived last', () => {
    // The viewer is at 1000; a late answer for the window at 0 arrived.
    const kept = keepNearest(windowsAt(0, 900, 960, 1020, 1080), 1000, [960, 1020, 1080], 4);
    expect([...kept.keys()].sort((a, b) => a - b)).toEqual([900, 960, 1020, 1080]);
  });

  it('never forgets a window the position needs, even over the limit', () => {
    const kept = keepNearest(windowsAt(0, 60, 120), 5000, [0, 60, 120], 2);
    expect(kept.size).toBe(3);
  });

  it('leaves a map within the limit alone', () => {
    const windows = windowsAt(0, 60);
    expect([...keepNearest(windows, 0, [], 12).keys()]).toEqual([0, 60]);
  });
});
