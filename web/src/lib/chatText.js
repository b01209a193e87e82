// How a chat message's text is shown and measured. Text is never HTML: links
// are the only thing made of it, and only http(s) addresses, each opened in a
// new tab without handing the room page to it (rel="noopener noreferrer") and
// never embedded or previewed.

/** The server's limit, in characters (Unicode code points, so an emoji counts once). */
export const maxChatLength = 500;
/** The counter shows from this many characters on. */
export const counterFrom = 400;

export function chatLength(text) {
  return [...(text || '')].length;
}

const urlPattern = /\bhttps?:\/\/[^\s<>"']+/gi;
// Punctuation that ends a sentence rather than the address.
const trailing = '.,;:!?)]}\'"»';

/** The address without the sentence's punctuation after it; a ")" that closes a "(" of the address stays. */
function trimUrl(url) {
  let end = url.length;
  const count = (ch) => [...url.slice(0, end)].filter((c) => c === ch).length;
  while (end > 0 && trailing.includes(url[end - 1])) {
    if (url[end - 1] === ')' && count('(') >= count(')')) break;
    end -= 1;
  }
  return url.slice(0, end);
}

/** [{ type: 'text', value } | { type: 'link', value, href }], in order. */
export function splitLinks(text) {
  const parts = [];
  let last = 0;
  for (const match of (text || '').matchAll(urlPattern)) {
    const url = trimUrl(match[0]);
    let href;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') continue;
      href = parsed.href;
    } catch {
      continue;
    }
    if (match.index > last) parts.push({ type: 'text', value: text.slice(last, match.index) });
    parts.push({ type: 'link', value: url, href });
    last = match.index + url.length;
  }
  if (last < (text || '').length) parts.push({ type: 'text', value: text.slice(last) });
  return parts;
}
