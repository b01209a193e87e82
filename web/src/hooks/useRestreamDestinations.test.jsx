import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { useRestreamDestinations } from './useRestreamDestinations.js';
import { mockFetch } from '../test/helpers.jsx';

const path = '/api/rooms/r1/restream-destinations';
const answer = (state) => ({ roomId: 'r1', destinations: [{ id: 'd1', name: 'Twitch', enabled: true, status: { state } }], presets: [], maxDestinations: 5 });

function serve(state = { now: 'connecting' }, calls = []) {
  mockFetch((method, url) => {
    calls.push(url);
    if (url === path) return { body: answer(state.now) };
    return undefined;
  });
  return calls;
}
const asked = (calls) => calls.filter((p) => p === path).length;

afterEach(() => { vi.useRealTimers(); vi.unstubAllGlobals(); });

describe('useRestreamDestinations', () => {
  it('asks every 3 s while live and follows the changes', async () => {
    const state = { now: 'connecting' };
    const calls = serve(state);
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { result } = renderHook(() => useRestreamDestinations('r1', { live: true }));
    await waitFor(() => expect(result.current.data?.destinations[0].status.state).toBe('connecting'));
    state.now = 'live';
    await act(async () => { await vi.advanceTimersByTimeAsync(3100); });
    await waitFor(() => expect(result.current.data.destinations[0].status.state).toBe('live'));
    expect(asked(calls)).toBe(2);
  });

  it('asks every 15 s while offline', async () => {
    const calls = serve();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    renderHook(() => useRestreamDestinations('r1', { live: false }));
    await waitFor(() => expect(asked(calls)).toBe(1));
    await act(async () => { await vi.advanceTimersByTimeAsync(10000); });
    expect(asked(calls)).toBe(1);
    await act(async () => { await vi.advanceTimersByTimeAsync(6000); });
    expect(asked(calls)).toBe(2);
  });

  it('asks again at once when the broadcast starts', async () => {
    const calls = serve();
    const { rerender } = renderHook(({ live }) => useRestreamDestinations('r1', { live }), { initialProps: { live: false } });
    await waitFor(() => expect(asked(calls)).toBe(1));
    rerender({ live: true });
    await waitFor(() => expect(asked(calls)).toBe(2));
  });

  it('stops asking when the restream plugin is absent (404 not_found)', async () => {
    const calls = [];
    mockFetch((method, url) => { calls.push(url); return undefined; });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { result } = renderHook(() => useRestreamDestinations('r1', { live: true }));
    await waitFor(() => expect(result.current.absent).toBe(true));
    await act(async () => { await vi.advanceTimersByTimeAsync(10000); });
    expect(asked(calls)).toBe(1);
    expect(result.current.data).toBeNull();
  });

  it('asks nothing when switched off or without a room', async () => {
    const calls = serve();
    renderHook(() => useRestreamDestinations('r1', { enabled: false, live: true }));
    renderHook(() => useRestreamDestinations(undefined, { live: true }));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toHaveLength(0);
  });
});
