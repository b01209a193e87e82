import { ApiError, parseRetryAfter } from './ApiError.js';

const fallbackMessages = {
  400: 'The request was not accepted.',
  401: 'Please sign in first.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  409: 'That conflicts with the current state.',
  429: 'Too many requests. Please wait a moment and try again.',
};

/**
 * Calls the SockStream API on the same origin (the session is a cookie).
 * Resolves with the parsed JSON (null for 204) or rejects with an ApiError.
 */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal,
    });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!response.ok) {
    const error = data && typeof data === 'object' ? data.error : null;
    throw new ApiError(
      response.status,
      error?.code || `http_${response.status}`,
      error?.message || fallbackMessages[response.status] || `The server answered with status ${response.status}.`,
      parseRetryAfter(response.headers.get('Retry-After')),
    );
  }
  return data;
}
