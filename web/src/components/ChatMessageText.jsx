import { splitLinks } from '../lib/chatText.js';

/**
 * A message's text as React text nodes (markup typed by a viewer shows as the
 * characters typed), with http(s) addresses as links that open in a new tab
 * and give the other site neither this page nor where the click came from.
 */
export default function ChatMessageText({ text }) {
  return splitLinks(text).map((part, i) => (part.type === 'link' ? (
    // The parts of one text never move, so their index is a stable key.
    <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow ugc" className="break-all text-sky-300 underline">
      {part.value}
    </a>
  ) : part.value));
}
