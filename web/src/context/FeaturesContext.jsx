import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.js';

const FeaturesContext = createContext(null);

/** A plugin's feature is on when its key is present and not explicitly disabled. */
export function featureEnabled(features, name) {
  const entry = features?.[name];
  return !!entry && entry.enabled !== false;
}

export function FeaturesProvider({ children, initial = null }) {
  const [state, setState] = useState(() =>
    initial ? { loading: false, error: null, features: initial } : { loading: true, error: null, features: {} });

  useEffect(() => {
    if (initial) return undefined;
    const controller = new AbortController();
    api('/api/features', { signal: controller.signal })
      .then((data) => setState({ loading: false, error: null, features: data?.features || {} }))
      .catch((error) => {
        if (error.name === 'AbortError') return;
        setState({ loading: false, error, features: {} });
      });
    return () => controller.abort();
  }, [initial]);

  const value = useMemo(() => ({
    ...state,
    has: (name) => featureEnabled(state.features, name),
    get: (name) => state.features?.[name] || null,
  }), [state]);

  return <FeaturesContext.Provider value={value}>{children}</FeaturesContext.Provider>;
}

export function useFeatures() {
  const value = useContext(FeaturesContext);
  if (!value) throw new Error('useFeatures needs a FeaturesProvider');
  return value;
}
