import { useState } from 'react';

async function copyText(text) {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch { /* fall through to the selection trick below */ }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch { ok = false; }
  area.remove();
  return ok;
}

/** A read-only value with a copy button; a secret one stays masked until revealed. */
export default function CopyField({ id, label, value, secret = false }) {
  const [revealed, setRevealed] = useState(!secret);
  const [copied, setCopied] = useState('');

  const onCopy = async () => {
    setCopied((await copyText(value)) ? 'Copied' : 'Copy failed: select the text and copy it by hand');
    setTimeout(() => setCopied(''), 2500);
  };

  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-zinc-200">{label}</label>
      <div className="flex flex-wrap gap-2">
        <input
          id={id}
          readOnly
          type={revealed ? 'text' : 'password'}
          value={value}
          className="min-w-0 basis-full rounded border border-zinc-700 bg-zinc-950 px-3 py-2 font-mono text-sm sm:basis-0 sm:flex-1"
          onFocus={(e) => revealed && e.target.select()}
        />
        {secret && (
          <button type="button" onClick={() => setRevealed((r) => !r)} aria-pressed={revealed}
            className="rounded border border-zinc-700 px-3 py-2 text-sm hover:bg-zinc-800">
            {revealed ? `Hide ${label.toLowerCase()}` : `Reveal ${label.toLowerCase()}`}
          </button>
        )}
        <button type="button" onClick={onCopy} className="rounded bg-zinc-700 px-3 py-2 text-sm hover:bg-zinc-600">
          Copy {label.toLowerCase()}
        </button>
      </div>
      <p className="h-4 text-xs text-emerald-300" role="status" aria-live="polite">{copied}</p>
    </div>
  );
}
