import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client.js';
import { reconnectChannelSockets } from '../lib/channelSockets.js';

const AuthContext = createContext(null);

// Tabs of the app tell each other when someone signs in or out, so a tab
// left open does not go on showing (and chatting as) a user who signed out
// elsewhere. The server refuses a dead session's messages too; this makes the
// page say so at once.
const tabsChannelName = 'sockstream-auth';
function openTabsChannel() {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(tabsChannelName) : null;
}

export function AuthProvider({ children }) {
  const [user, setUser] = useState(null);
  const [loading, setLoading] = useState(true);
  const userId = useRef(null);
  const tabs = useRef(null);

  /** Asks the server who is signed in; resolves with { user, changed }. */
  const refresh = useCallback(async () => {
    let next = null;
    try {
      const data = await api('/api/auth/session');
      next = data?.user || null;
    } catch {
      next = null;
    } finally {
      setLoading(false);
    }
    setUser(next);
    const changed = (next?.id || null) !== userId.current;
    userId.current = next?.id || null;
    return { user: next, changed };
  }, []);

  useEffect(() => { refresh(); }, [refresh]);

  /** refresh(), and the sockets reconnect when the user changed (signed out elsewhere, expired). */
  const recheck = useCallback(async () => {
    const { changed } = await refresh();
    if (changed) reconnectChannelSockets();
  }, [refresh]);

  // Another tab signed in or out, or this tab comes back into view: check.
  useEffect(() => {
    const channel = openTabsChannel();
    tabs.current = channel;
    const onVisible = () => { if (document.visibilityState === 'visible') recheck(); };
    channel?.addEventListener('message', recheck);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      channel?.close();
      tabs.current = null;
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [recheck]);
  const tellOtherTabs = () => { try { tabs.current?.postMessage('auth-changed'); } catch { /* closed */ } };

  const signIn = useCallback(async ({ email, password }) => {
    const data = await api('/api/auth/sign-in/email', { method: 'POST', body: { email, password } });
    setUser(data?.user || null);
    userId.current = data?.user?.id || null;
    reconnectChannelSockets();
    tellOtherTabs();
    return data?.user;
  }, []);

  const signUp = useCallback(async ({ name, email, password }) => {
    const data = await api('/api/auth/sign-up/email', { method: 'POST', body: { name, email, password } });
    setUser(data?.user || null);
    userId.current = data?.user?.id || null;
    reconnectChannelSockets();
    tellOtherTabs();
    return data?.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api('/api/auth/sign-out', { method: 'POST', body: {} });
    } finally {
      setUser(null);
      userId.current = null;
      reconnectChannelSockets();
      tellOtherTabs();
    }
  }, []);

  const value = useMemo(() => ({ user, loading, signIn, signUp, signOut, refresh, recheck }),
    [user, loading, signIn, signUp, signOut, refresh, recheck]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth() {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth needs an AuthProvider');
  return value;
}
