import { useEffect } from 'react';

export const siteName = 'SockStream';

/** "<title> · SockStream" in the browser's tab while the page is shown; the site's name alone without one. */
export function useDocumentTitle(title) {
  useEffect(() => {
    document.title = title ? `${title} · ${siteName}` : siteName;
  }, [title]);
}
