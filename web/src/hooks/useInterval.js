import { useEffect, useRef } from 'react';

/** Runs `callback` every `ms` milliseconds while `ms` is a number. */
export function useInterval(callback, ms) {
  const saved = useRef(callback);
  saved.current = callback;
  useEffect(() => {
    if (ms == null) return undefined;
    const id = setInterval(() => saved.current(), ms);
    return () => clearInterval(id);
  }, [ms]);
}
