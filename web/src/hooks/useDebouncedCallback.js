import { useCallback, useEffect, useRef } from 'react';

/**
 * Calls `callback` once, `waitMs` after the last of a burst of calls, but no
 * later than `maxWaitMs` after the first: a flood of room events becomes one refresh.
 */
export function useDebouncedCallback(callback, waitMs = 300, maxWaitMs = 2000) {
  const callbackRef = useRef(callback);
  const timer = useRef(null);
  const firstCall = useRef(0);
  callbackRef.current = callback;

  useEffect(() => () => clearTimeout(timer.current), []);

  return useCallback(() => {
    const now = Date.now();
    if (!timer.current) firstCall.current = now;
    clearTimeout(timer.current);
    const delay = Math.max(0, Math.min(waitMs, firstCall.current + maxWaitMs - now));
    timer.current = setTimeout(() => {
      timer.current = null;
      callbackRef.current();
    }, delay);
  }, [waitMs, maxWaitMs]);
}
