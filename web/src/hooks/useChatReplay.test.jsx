import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { useChatReplay } from './useChatReplay.js';
import { loadWindow } from '../lib/chatReplay.js';
import { mockFetch } from '../test/helpers.jsx';

// The real loader, watched: a test can wait until every window has answered.
vi.mock('../lib/chatReplay.js', async (importOriginal) => {
  const real = await importOriginal();
  return { ...real, loadWindow: vi.fn(real.loadWindow) };
});

const minute = 60_000;

afterEach(() => { vi.unstubAllGlobals(); });

describe('useChatReplay', () => {
  it('keeps the windows around the position when a window it seeked away from answers late', async () => {
    // Each window holds one message, said a second into it. The windows of
    // the first position (before 2 min) answer only when released.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    mockFetch(async (_method, url) => {
      const from = Number(new URL(url, 'http://x').searchParams.get('from'));
      if (from < 2 * minute) await held;
      return { body: { messages: [{ id: `m${from}`, ts: from + 1000, text: 'hi', user: { id: 'u', name: 'U' } }], more: false } };
    });
    const { result, rerender } = renderHook(({ at }) => useChatReplay('r1', 0, at), { initialProps: { at: 30_000 } });
    // Four seeks, far apart: 4 × 3 windows fill the 12 the replay keeps.
    for (const at of [10, 20, 30, 40].map((m) => m * minute + 30_000)) {
      rerender({ at });
      await waitFor(() => expect(result.current.loading).toBe(false));
    }
    expect(loadWindow).toHaveBeenCalledTimes(15);
    // The hook stores each answer before this await resumes (its handler came first).
    await act(async () => { release(); await Promise.all(loadWindow.mock.results.map((r) => r.value)); });
    // The late answers must not push out the windows of 40 min.
    expect(result.current.loading).toBe(false);
    expect(result.current.messages.map((m) => m.id)).toEqual([`m${39 * minute}`, `m${40 * minute}`]);
  });
});
