import { useFeatures } from '../context/FeaturesContext.jsx';

/** "Sign in with Google", shown only while the auth-google plugin is enabled. */
export default function GoogleButton({ redirect = '/' }) {
  const { has, get } = useFeatures();
  if (!has('auth-google')) return null;
  const loginUrl = get('auth-google')?.loginUrl || '/api/auth/google';
  const href = `${loginUrl}${loginUrl.includes('?') ? '&' : '?'}redirect=${encodeURIComponent(redirect)}`;
  return (
    <a
      href={href}
      className="flex items-center justify-center gap-2 rounded border border-zinc-600 bg-white px-3 py-2 font-semibold text-zinc-900 hover:bg-zinc-200"
    >
      <span aria-hidden="true" className="font-bold text-blue-600">G</span>
      Sign in with Google
    </a>
  );
}
