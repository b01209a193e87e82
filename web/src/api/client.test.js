import { describe, expect, it } from 'vitest';
import { api } from './client.js';
import { parseRetryAfter } from './ApiError.js';
import { describeAuthError } from './describeError.js';
import { mockFetch } from '../test/helpers.jsx';

describe('api', () => {
  it('turns an error body into an ApiError with the status, code, words and Retry-After', async () => {
    mockFetch(() => ({ status: 429, headers: { 'Retry-After': '7' }, body: { error: { code: 'rate_limited', message: 'Slow down' } } }));
    await expect(api('/api/x')).rejects.toMatchObject({ status: 429, code: 'rate_limited', message: 'Slow down', retryAfterSeconds: 7 });
  });

  it('has words of its own when the body is not the error format', async () => {
    mockFetch(() => ({ status: 502, body: undefined }));
    await expect(api('/api/x')).rejects.toMatchObject({ status: 502, message: expect.stringContaining('502') });
  });

  it('resolves 204 with null', async () => {
    mockFetch(() => ({ status: 204 }));
    await expect(api('/api/x', { method: 'DELETE' })).resolves.toBeNull();
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores junk', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:01:00 GMT', 0)).toBe(60);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});

describe('describeAuthError', () => {
  it('uses singular and plural seconds', () => {
    expect(describeAuthError({ status: 429, retryAfterSeconds: 1 }, 'sign-in')).toMatch('wait 1 second and');
    expect(describeAuthError({ status: 429, retryAfterSeconds: null }, 'sign-in')).toMatch('wait a moment');
  });
});
