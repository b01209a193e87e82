import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import AuthPage from './AuthPage.jsx';
import { mockFetch, renderWithApp } from '../test/helpers.jsx';

const passwordOnly = { 'auth-password': { enabled: true } };
const withGoogle = { ...passwordOnly, 'auth-google': { enabled: true, loginUrl: '/api/auth/google' } };
const signedOut = (method, path) => (path === '/api/auth/session' ? { status: 401, body: { error: { code: 'unauthenticated', message: 'Not signed in' } } } : undefined);

async function fillSignIn(email = 'ann@example.com', password = 'hunter22hunter') {
  await userEvent.type(screen.getByLabelText('Email'), email);
  await userEvent.type(screen.getByLabelText('Password'), password);
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign in', () => {
  it('says "wrong email or password" on 401', async () => {
    mockFetch((method, path) => signedOut(method, path) || (path === '/api/auth/sign-in/email'
      ? { status: 401, body: { error: { code: 'invalid_credentials', message: 'Invalid email or password' } } } : undefined));
    renderWithApp(<AuthPage mode="sign-in" />, { path: '/signin', route: '/signin', features: passwordOnly });
    await fillSignIn();
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.');
  });

  it('tells how long to wait when rate limited', async () => {
    mockFetch((method, path) => signedOut(method, path) || (path === '/api/auth/sign-in/email'
      ? { status: 429, headers: { 'Retry-After': '42' }, body: { error: { code: 'rate_limited', message: 'Too many requests' } } } : undefined));
    renderWithApp(<AuthPage mode="sign-in" />, { path: '/signin', route: '/signin', features: passwordOnly });
    await fillSignIn();
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts. Please wait 42 seconds and try again.');
  });

  it('says the server cannot be reached when the network fails', async () => {
    mockFetch((method, path) => {
      if (path === '/api/auth/sign-in/email') throw new TypeError('Failed to fetch');
      return signedOut(method, path);
    });
    renderWithApp(<AuthPage mode="sign-in" />, { path: '/signin', route: '/signin', features: passwordOnly });
    await fillSignIn();
    expect(await screen.findByRole('alert')).toHaveTextContent(/cannot reach the server/i);
  });

  it('signs in with what was typed and goes to the redirect path', async () => {
    const fetchMock = mockFetch((method, path, body) => signedOut(method, path) || (path === '/api/auth/sign-in/email'
      ? { status: 200, body: { user: { id: 'u1', name: 'Ann', email: body.email } } } : undefined));
    renderWithApp(<AuthPage mode="sign-in" />, { path: '/signin?redirect=%2Fr%2Fabc', route: '/signin', features: passwordOnly });
    await fillSignIn('ann@example.com', 'correct horse');
    expect(await screen.findByText('elsewhere')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/r/abc');
    const call = fetchMock.mock.calls.find(([url]) => url === '/api/auth/sign-in/email');
    expect(call[1].method).toBe('POST');
    expect(JSON.parse(call[1].body)).toEqual({ email: 'ann@example.com', password: 'correct horse' });
  });

  it('never follows a redirect to another site', async () => {
    mockFetch((method, path) => signedOut(method, path) || (path === '/api/auth/sign-in/email'
      ? { status: 200, body: { user: { id: 'u1', name: 'Ann' } } } : undefined));
    renderWithApp(<AuthPage mode="sign-in" />, { path: '/signin?redirect=%2F%2Fevil.example', route: '/signin', features: passwordOnly });
    await fillSignIn();
    expect(await screen.findByText('elsewhere')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/);
  });

  it('shows "Sign in with Google" only when auth-google is enabled, keeping the redirect', () => {
    mockFetch(signedOut);
    renderWithApp(<AuthPage mode="sign-in" />, { path: '/signin?redirect=%2Fme%2Froom', route: '/signin', features: withGoogle });
    expect(screen.getByRole('link', { name: /sign in with google/i })).toHaveAttribute('href', '/api/auth/google?redirect=%2Fme%2Froom');
  });

  it('has no Google button without auth-google', () => {
    mockFetch(signedOut);
    renderWithApp(<AuthPage mode="sign-in" />, { path: '/signin', route: '/signin', features: passwordOnly });
    expect(screen.queryByRole('link', { name: /google/i })).toBeNull();
    expect(screen.getByLabelText('Email')).toBeInTheDocument();
  });

  it('offers only Google when password sign-in is disabled', () => {
    mockFetch(signedOut);
    renderWithApp(<AuthPage mode="sign-in" />, { path: '/signin', route: '/signin', features: { 'auth-google': { enabled: true } } });
    expect(screen.queryByLabelText('Email')).toBeNull();
    expect(screen.getByRole('link', { name: /sign in with google/i })).toBeInTheDocument();
  });
});

describe('sign up', () => {
  async function fillSignUp() {
    await userEvent.type(screen.getByLabelText('Display name'), 'Ann');
    await userEvent.type(screen.getByLabelText('Email'), 'ann@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'long enough pw');
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }));
  }

  it('says the email is taken on 409', async () => {
    mockFetch((method, path) => signedOut(method, path) || (path === '/api/auth/sign-up/email'
      ? { status: 409, body: { error: { code: 'email_taken', message: 'Email already registered' } } } : undefined));
    renderWithApp(<AuthPage mode="sign-up" />, { path: '/signup', route: '/signup', features: passwordOnly });
    await fillSignUp();
    expect(await screen.findByRole('alert')).toHaveTextContent('An account with this email already exists.');
  });

  it("shows the server's own words for an invalid form", async () => {
    mockFetch((method, path) => signedOut(method, path) || (path === '/api/auth/sign-up/email'
      ? { status: 400, body: { error: { code: 'invalid_password', message: 'The password must have at least 8 characters.' } } } : undefined));
    renderWithApp(<AuthPage mode="sign-up" />, { path: '/signup', route: '/signup', features: passwordOnly });
    await fillSignUp();
    expect(await screen.findByRole('alert')).toHaveTextContent('The password must have at least 8 characters.');
  });

  it('sends name, email and password', async () => {
    const fetchMock = mockFetch((method, path, body) => signedOut(method, path) || (path === '/api/auth/sign-up/email'
      ? { status: 200, body: { user: { id: 'u9', name: body.name } } } : undefined));
    renderWithApp(<AuthPage mode="sign-up" />, { path: '/signup', route: '/signup', features: passwordOnly });
    await fillSignUp();
    expect(await screen.findByText('elsewhere')).toBeInTheDocument();
    const call = fetchMock.mock.calls.find(([url]) => url === '/api/auth/sign-up/email');
    expect(JSON.parse(call[1].body)).toEqual({ name: 'Ann', email: 'ann@example.com', password: 'long enough pw' });
  });
});
