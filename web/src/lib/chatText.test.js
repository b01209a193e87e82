import { describe, expect, it } from 'vitest';
import { chatLength, splitLinks } from './chatText.js';
import { describeChatError, signedOutCodes } from './chatErrors.js';

describe('chatText', () => {
  it('counts characters as people see them: an emoji is one', () => {
    expect(chatLength('hi 👋🏽')).toBe(5);
    expect(chatLength('')).toBe(0);
  });

  it('makes links of http(s) addresses only, without the sentence\'s punctuation', () => {
    expect(splitLinks('see https://example.org/a?b=1, then')).toEqual([
      { type: 'text', value: 'see ' },
      { type: 'link', value: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { type: 'text', value: ', then' },
    ]);
    expect(splitLinks('javascript:alert(1) and ftp://x.org')).toEqual([{ type: 'text', value: 'javascript:alert(1) and ftp://x.org' }]);
    expect(splitLinks('(https://en.wikipedia.org/wiki/Jazz_(word))').map((p) => p.value)).toEqual(['(', 'https://en.wikipedia.org/wiki/Jazz_(word)', ')']);
    expect(splitLinks('no links')).toEqual([{ type: 'text', value: 'no links' }]);
  });
});

describe('chatErrors', () => {
  it('words the server\'s codes as sentences, and keeps a filter\'s own words', () => {
    expect(describeChatError({ code: 'rate_limited', message: 'too many messages; wait a little' }, 'x')).toMatch(/^You are sending messages too fast\./);
    expect(describeChatError({ code: 'muted', message: 'muted' }, 'x')).toMatch(/You are timed out/);
    expect(describeChatError({ code: 'muted', message: 'x', until: Date.now() + 60000 }, 'x')).toMatch(/timed out until \d/);
    expect(describeChatError({ code: 'slow_mode', message: 'x' }, 'x')).toMatch(/Slow mode/);
    expect(describeChatError({ code: 'profanity', message: 'Please keep it friendly.' }, 'x')).toBe('Please keep it friendly.');
    expect(describeChatError(new Error('The server did not answer in time.'), 'x')).toBe('The server did not answer in time.');
    expect(describeChatError(null, 'fallback')).toBe('fallback');
    expect(signedOutCodes.has('unauthorized')).toBe(true);
  });
});
