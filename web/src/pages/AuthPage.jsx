import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../context/AuthContext.jsx';
import { useFeatures } from '../context/FeaturesContext.jsx';
import { describeAuthError } from '../api/describeError.js';
import { safeRedirect } from '../lib/safeRedirect.js';
import FormField from '../components/FormField.jsx';
import GoogleButton from '../components/GoogleButton.jsx';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';

/** Sign in (`mode="sign-in"`) or sign up (`mode="sign-up"`) with email and password. */
export default function AuthPage({ mode }) {
  const signingUp = mode === 'sign-up';
  const { signIn, signUp } = useAuth();
  const { has, loading: featuresLoading } = useFeatures();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const redirect = safeRedirect(params.get('redirect'));
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  useDocumentTitle(mode === 'sign-up' ? 'Sign up' : 'Sign in');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const update = (field) => (e) => setForm((f) => ({ ...f, [field]: e.target.value }));

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      if (signingUp) await signUp(form);
      else await signIn({ email: form.email, password: form.password });
      navigate(redirect, { replace: true });
    } catch (e) {
      setError(describeAuthError(e, mode));
    } finally {
      setBusy(false);
    }
  };

  const title = signingUp ? 'Create your account' : 'Sign in';
  const passwordEnabled = featuresLoading || has('auth-password');
  const otherHref = `${signingUp ? '/signin' : '/signup'}${redirect !== '/' ? `?redirect=${encodeURIComponent(redirect)}` : ''}`;

  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-6 text-2xl font-bold">{title}</h1>
      <div className="flex flex-col gap-4">
        <GoogleButton redirect={redirect} />
        {passwordEnabled ? (
          <form className="flex flex-col gap-4" onSubmit={submit} noValidate={false} aria-describedby={error ? 'auth-error' : undefined}>
            {signingUp && (
              <FormField id="name" label="Display name" autoComplete="nickname" required maxLength={64}
                value={form.name} onChange={update('name')} />
            )}
            <FormField id="email" label="Email" type="email" autoComplete="email" required
              value={form.email} onChange={update('email')} />
            <FormField id="password" label="Password" type="password" required
              autoComplete={signingUp ? 'new-password' : 'current-password'}
              minLength={signingUp ? 8 : undefined}
              hint={signingUp ? 'At least 8 characters.' : undefined}
              value={form.password} onChange={update('password')} />
            <p id="auth-error" role="alert" className="min-h-5 text-sm text-red-300">{error}</p>
            <button type="submit" disabled={busy}
              className="rounded bg-brand-600 px-3 py-2 font-semibold text-white hover:bg-brand-500 disabled:opacity-50">
              {busy ? 'Please wait…' : signingUp ? 'Sign up' : 'Sign in'}
            </button>
          </form>
        ) : (
          !has('auth-google') && <p role="status">Signing in is not available on this server.</p>
        )}
        {passwordEnabled && (
          <p className="text-sm text-zinc-400">
            {signingUp ? 'Already have an account? ' : 'New here? '}
            <Link to={otherHref} className="text-brand-400 underline">{signingUp ? 'Sign in' : 'Create an account'}</Link>
          </p>
        )}
      </div>
    </div>
  );
}
