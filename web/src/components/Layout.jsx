import { useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import { useAuth } from '../context/AuthContext.jsx';
import { useFeatures } from '../context/FeaturesContext.jsx';

const navClass = ({ isActive }) =>
  `whitespace-nowrap rounded px-2 py-1 text-sm ${isActive ? 'bg-zinc-800 text-white' : 'text-zinc-300 hover:text-white'}`;
const menuItemClass = ({ isActive }) =>
  `block rounded px-3 py-2.5 text-base ${isActive ? 'bg-zinc-800 text-white' : 'text-zinc-200 hover:bg-zinc-800'}`;

/**
 * The frame of every page: a header with the site's links (inline from small
 * tablets up, behind a "Menu" button on phones so nothing wraps) and the page.
 * A room page fills the screen on phones (video on top, chat below, nothing
 * scrolls but the chat), and spans the whole width in theatre mode, which the
 * room page asks for through the outlet context (`setWide`).
 */
export default function Layout() {
  const { user, loading, signOut } = useAuth();
  const { error: featuresError } = useFeatures();
  const navigate = useNavigate();
  const location = useLocation();
  // A past broadcast's page is laid out like the live room's (video, chat beside or below).
  const inRecording = !!useMatch('/r/:roomId/recordings/:recordingId');
  const inRoom = !!useMatch('/r/:roomId') || inRecording;
  const [menuOpen, setMenuOpen] = useState(false);
  const [wide, setWide] = useState(false);

  // A followed link closes the menu; leaving a room leaves theatre mode.
  useEffect(() => { setMenuOpen(false); }, [location.pathname]);
  useEffect(() => { if (!inRoom) setWide(false); }, [inRoom]);

  const onSignOut = async () => {
    setMenuOpen(false);
    await signOut().catch(() => {});
    navigate('/');
  };

  const links = (itemClass) => (
    <>
      <NavLink to="/" end className={itemClass}>Browse</NavLink>
      {user && <NavLink to="/me/room" className={itemClass}>My room</NavLink>}
    </>
  );
  const frame = inRoom
    ? 'flex h-[100dvh] flex-col overflow-hidden lg:h-auto lg:min-h-screen lg:overflow-visible'
    : 'flex min-h-screen flex-col';
  const mainClass = inRoom
    ? `flex min-h-0 w-full flex-1 flex-col lg:mx-auto lg:block lg:px-4 lg:py-4 ${wide ? '' : 'lg:max-w-7xl'}`
    : 'mx-auto w-full max-w-7xl flex-1 px-4 py-6';

  return (
    <div className={frame}>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-zinc-800 focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className={`relative shrink-0 border-b border-zinc-800 bg-zinc-900/80 ${inRoom ? 'phone-landscape:hidden' : ''}`}>
        <nav className="mx-auto flex h-12 max-w-7xl items-center gap-3 px-4 sm:h-14" aria-label="Main">
          <Link to="/" className="mr-auto whitespace-nowrap text-lg font-bold tracking-tight text-white">
            Sock<span className="text-brand-400">Stream</span>
          </Link>
          <div className="hidden items-center gap-3 sm:flex">
            {links(navClass)}
            {!loading && (user ? (
              <>
                <span className="max-w-[12rem] truncate text-sm text-zinc-300" data-testid="signed-in-as">{user.name}</span>
                <button type="button" onClick={onSignOut} className="whitespace-nowrap rounded border border-zinc-700 px-2 py-1 text-sm hover:bg-zinc-800">
                  Sign out
                </button>
              </>
            ) : (
              <>
                <NavLink to="/signin" className={navClass}>Sign in</NavLink>
                <NavLink to="/signup" className="whitespace-nowrap rounded bg-brand-600 px-2 py-1 text-sm font-semibold text-white hover:bg-brand-500">Sign up</NavLink>
              </>
            ))}
          </div>
          <button
            type="button"
            className="rounded border border-zinc-700 px-3 py-1.5 text-sm sm:hidden"
            aria-expanded={menuOpen}
            aria-controls="site-menu"
            onClick={() => setMenuOpen((open) => !open)}
          >
            {menuOpen ? 'Close' : 'Menu'}
          </button>
        </nav>
        {menuOpen && (
          <div id="site-menu" className="absolute inset-x-0 top-full z-50 border-b border-zinc-800 bg-zinc-900 p-2 shadow-lg sm:hidden">
            <nav aria-label="Site menu" className="flex flex-col gap-1">
              {links(menuItemClass)}
              {!loading && (user ? (
                <>
                  <p className="px-3 pt-2 text-sm text-zinc-400">Signed in as <span className="text-zinc-200">{user.name}</span></p>
                  <button type="button" onClick={onSignOut} className="rounded px-3 py-2.5 text-left text-base text-zinc-200 hover:bg-zinc-800">Sign out</button>
                </>
              ) : (
                <>
                  <NavLink to="/signin" className={menuItemClass}>Sign in</NavLink>
                  <NavLink to="/signup" className={menuItemClass}>Sign up</NavLink>
                </>
              ))}
            </nav>
          </div>
        )}
      </header>
      {featuresError && (
        <p role="alert" className="bg-amber-900/60 px-4 py-2 text-center text-sm">
          Could not load the server's features: {featuresError.message}
        </p>
      )}
      <main id="main" className={mainClass}>
        <Outlet context={{ setWide }} />
      </main>
    </div>
  );
}
