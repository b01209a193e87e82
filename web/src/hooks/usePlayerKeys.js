import { useEffect, useRef } from 'react';

// Keys the player answers anywhere on the page, as on YouTube and Twitch:
// k or space play/pause, m mute, f full screen, t theatre mode. Never while
// the viewer types (chat box, forms) or with a modifier held, and space is
// left to a focused button or link, which it activates.
const typing = (el) => !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

export function playerAction(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key === ' ' && ['BUTTON', 'A', 'SUMMARY'].includes(event.target?.tagName)) return null;
  return { k: 'togglePlay', ' ': 'togglePlay', m: 'toggleMute', f: 'toggleFullscreen', t: 'toggleTheatre' }[key] || null;
}

/** Calls `actions[name]()` for the player's keys while `enabled`. */
export function usePlayerKeys(actions, enabled = true) {
  const current = useRef(actions);
  current.current = actions;
  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (event) => {
      const name = playerAction(event);
      const action = name && current.current[name];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
