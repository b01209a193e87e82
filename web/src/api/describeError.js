function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Words for a rate-limit answer, using Retry-After when the server sent it. */
export function rateLimitMessage(retryAfterSeconds) {
  if (retryAfterSeconds && retryAfterSeconds > 0) {
    return `Too many attempts. Please wait ${plural(retryAfterSeconds, 'second')} and try again.`;
  }
  return 'Too many attempts. Please wait a moment and try again.';
}

/** Turns an auth failure into a sentence a person understands. */
export function describeAuthError(error, action) {
  if (!error) return '';
  switch (error.status) {
    case 401:
      return action === 'sign-in' ? 'Wrong email or password.' : error.message;
    case 409:
      return action === 'sign-up'
        ? 'An account with this email already exists. Sign in instead.'
        : error.message;
    case 429:
      return rateLimitMessage(error.retryAfterSeconds);
    default:
      return error.message || 'Something went wrong. Please try again.';
  }
}
