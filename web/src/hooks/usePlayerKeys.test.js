import { describe, expect, it } from 'vitest';
import { playerAction } from './usePlayerKeys.js';

const key = (k, target = { tagName: 'BODY' }, mods = {}) => playerAction({ key: k, target, ...mods });

describe('playerAction', () => {
  it('maps k, space, m, f and t, in either case', () => {
    expect(key('k')).toBe('togglePlay');
    expect(key('K')).toBe('togglePlay');
    expect(key(' ')).toBe('togglePlay');
    expect(key('m')).toBe('toggleMute');
    expect(key('f')).toBe('toggleFullscreen');
    expect(key('t')).toBe('toggleTheatre');
    expect(key('x')).toBeNull();
    expect(key('ArrowLeft')).toBeNull();
  });

  it('leaves typing, modified keys and a focused button\'s space alone', () => {
    expect(key('m', { tagName: 'INPUT' })).toBeNull();
    expect(key('k', { tagName: 'TEXTAREA' })).toBeNull();
    expect(key('f', { tagName: 'DIV', isContentEditable: true })).toBeNull();
    expect(key('f', { tagName: 'BODY' }, { ctrlKey: true })).toBeNull();
    expect(key(' ', { tagName: 'BUTTON' })).toBeNull();
    expect(key('k', { tagName: 'BUTTON' })).toBe('togglePlay');
  });
});
