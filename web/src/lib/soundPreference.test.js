import { describe, expect, it } from 'vitest';
import { loadSound, saveSound } from './soundPreference.js';

function memoryStorage() {
  const data = new Map();
  return { getItem: (k) => (data.has(k) ? data.get(k) : null), setItem: (k, v) => data.set(k, String(v)) };
}

describe('soundPreference', () => {
  it('keeps the viewer\'s volume and mute', () => {
    const storage = memoryStorage();
    expect(loadSound(storage)).toBeNull();
    saveSound({ volume: 0.35, muted: true }, storage);
    expect(loadSound(storage)).toEqual({ volume: 0.35, muted: true });
  });

  it('ignores a damaged value and storage that refuses', () => {
    const storage = memoryStorage();
    storage.setItem('sockstream.player.sound', '{"volume": 7}');
    expect(loadSound(storage)).toBeNull();
    storage.setItem('sockstream.player.sound', 'not json');
    expect(loadSound(storage)).toBeNull();
    const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); } };
    expect(loadSound(refusing)).toBeNull();
    expect(() => saveSound({ volume: 1, muted: false }, refusing)).not.toThrow();
  });
});
