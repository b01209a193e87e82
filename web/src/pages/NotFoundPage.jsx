import { Link } from 'react-router';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';

/**
 * What an unknown address (or a room or channel that is gone) shows: what
 * happened in words and the ways on from here.
 */
export default function NotFoundPage({
  title = 'Page not found',
  message = 'There is nothing at this address. It may have been mistyped, or what was here has moved.',
}) {
  useDocumentTitle(title);
  return (
    <div className="mx-auto max-w-md px-4 py-16 text-center">
      <p className="text-5xl font-bold text-zinc-400" aria-hidden="true">404</p>
      <h1 className="mt-2 text-2xl font-bold">{title}</h1>
      <p className="mt-3 text-zinc-300">{message}</p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Link to="/" className="rounded bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-500">See who is live</Link>
        <button type="button" onClick={() => window.history.back()} className="rounded border border-zinc-700 px-4 py-2 hover:bg-zinc-800">
          Go back
        </button>
      </div>
    </div>
  );
}
