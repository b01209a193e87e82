/** A labelled input: the label is always visible and tied to the control. */
export default function FormField({ id, label, hint, as = 'input', className = '', ...props }) {
  const Control = as;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium text-zinc-200">{label}</label>
      <Control
        id={id}
        aria-describedby={hintId}
        className="rounded border border-zinc-700 bg-zinc-950 px-3 py-2 text-zinc-100 placeholder:text-zinc-600"
        {...props}
      />
      {hint && <p id={hintId} className="text-xs text-zinc-400">{hint}</p>}
    </div>
  );
}
