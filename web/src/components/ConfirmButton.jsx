import { useEffect, useId, useRef, useState } from 'react';

/**
 * A button whose action needs a second, informed click: it opens an inline
 * confirmation that says what will happen, with the action and "Cancel".
 * Inline rather than window.confirm so the words can be long, styled and read
 * by screen readers (role="alertdialog"), and tests can drive it like a user.
 */
export default function ConfirmButton({
  label, title, message, confirmLabel = label, onConfirm, disabled = false, danger = false, className = '',
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const dialogRef = useRef(null);
  const id = useId();

  useEffect(() => { if (open) dialogRef.current?.focus(); }, [open]);

  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };

  const tone = danger
    ? 'border-red-800 text-red-200 hover:bg-red-950'
    : 'border-zinc-600 text-zinc-100 hover:bg-zinc-800';
  if (!open) {
    return (
      <button type="button" disabled={disabled} onClick={() => setOpen(true)}
        className={`rounded border px-3 py-2 text-sm font-semibold disabled:opacity-50 ${tone} ${className}`}>
        {label}
      </button>
    );
  }
  return (
    <div ref={dialogRef} tabIndex={-1} role="alertdialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-message`}
      className="rounded border border-amber-700 bg-zinc-950 p-3 text-sm outline-none">
      <p id={`${id}-title`} className="font-semibold text-amber-200">{title}</p>
      <p id={`${id}-message`} className="mt-1 text-zinc-300">{message}</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="button" onClick={confirm} disabled={busy}
          className={`rounded px-3 py-1.5 font-semibold text-white disabled:opacity-50 ${danger ? 'bg-red-700 hover:bg-red-600' : 'bg-brand-600 hover:bg-brand-500'}`}>
          {confirmLabel}
        </button>
        <button type="button" onClick={() => setOpen(false)} disabled={busy}
          className="rounded border border-zinc-700 px-3 py-1.5 hover:bg-zinc-800">
          Cancel
        </button>
      </div>
    </div>
  );
}
