import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.js';
import { reconnectChannelSockets } from '../lib/channelSockets.js';

const AuthContext = createContext(null);

export function AuthProvider({ children }) {
  const [user, setUser] = useState(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      const data = await api('/api/auth/session');
      setUser(data?.user || null);
    } catch {
      setUser(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => { refresh(); }, [refresh]);

  const signIn = useCallback(async ({ email, password }) => {
    const data = await api('/api/auth/sign-in/email', { method: 'POST', body: { email, password } });
    setUser(data?.user || null);
    reconnectChannelSockets();
    return data?.user;
  }, []);

  const signUp = useCallback(async ({ name, email, password }) => {
    const data = await api('/api/auth/sign-up/email', { method: 'POST', body: { name, email, password } });
    setUser(data?.user || null);
    reconnectChannelSockets();
    return data?.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api('/api/auth/sign-out', { method: 'POST', body: {} });
    } finally {
      setUser(null);
      reconnectChannelSockets();
    }
  }, []);

  const value = useMemo(() => ({ user, loading, signIn, signUp, signOut, refresh }),
    [user, loading, signIn, signUp, signOut, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth() {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth needs an AuthProvider');
  return value;
}
