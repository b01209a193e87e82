import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { useAuth } from '../context/AuthContext.jsx';
import { useFeatures } from '../context/FeaturesContext.jsx';

const navClass = ({ isActive }) =>
  `rounded px-2 py-1 text-sm ${isActive ? 'bg-zinc-800 text-white' : 'text-zinc-300 hover:text-white'}`;

export default function Layout() {
  const { user, loading, signOut } = useAuth();
  const { error: featuresError } = useFeatures();
  const navigate = useNavigate();

  const onSignOut = async () => {
    await signOut().catch(() => {});
    navigate('/');
  };

  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-zinc-800 focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="border-b border-zinc-800 bg-zinc-900/80">
        <nav className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4" aria-label="Main">
          <Link to="/" className="mr-auto text-lg font-bold tracking-tight text-white">
            Sock<span className="text-brand-400">Stream</span>
          </Link>
          <NavLink to="/" end className={navClass}>Browse</NavLink>
          {user && <NavLink to="/me/room" className={navClass}>My room</NavLink>}
          {!loading && (user ? (
            <>
              <span className="hidden text-sm text-zinc-400 sm:inline" data-testid="signed-in-as">{user.name}</span>
              <button type="button" onClick={onSignOut} className="rounded border border-zinc-700 px-2 py-1 text-sm hover:bg-zinc-800">
                Sign out
              </button>
            </>
          ) : (
            <>
              <NavLink to="/signin" className={navClass}>Sign in</NavLink>
              <NavLink to="/signup" className="rounded bg-brand-600 px-2 py-1 text-sm font-semibold text-white hover:bg-brand-500">Sign up</NavLink>
            </>
          ))}
        </nav>
      </header>
      {featuresError && (
        <p role="alert" className="bg-amber-900/60 px-4 py-2 text-center text-sm">
          Could not load the server's features: {featuresError.message}
        </p>
      )}
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        <Outlet />
      </main>
    </div>
  );
}
