import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderHook } from '@testing-library/react';
import { useDebouncedCallback } from './useDebouncedCallback.js';

describe('useDebouncedCallback', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('turns a burst of calls into one, but not later than the max wait', () => {
    const fn = vi.fn();
    const { result } = renderHook(() => useDebouncedCallback(fn, 300, 1000));
    for (let i = 0; i < 5; i++) { result.current(); vi.advanceTimersByTime(100); }
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300);
    expect(fn).toHaveBeenCalledTimes(1);

    // A steady stream still refreshes every max-wait interval.
    for (let i = 0; i < 12; i++) { result.current(); vi.advanceTimersByTime(100); }
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
