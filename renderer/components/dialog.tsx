/**
 * The accessible modal used by every dialog and wizard: role="dialog" with aria-modal, labelled
 * by its title, focus moved in on open (the first field, or `[data-autofocus]`), trapped (Tab and
 * Shift+Tab wrap), Escape closes, and focus goes back to where it was on close. Dialogs stack
 * (a passphrase prompt over a wizard): only the top one is interactive, the ones below are inert.
 * A wizard shows its steps with {@link Steps}; each step is a <form>, so Enter goes on.
 */
import { useEffect, useId, useLayoutEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/* ------------------------------------------------------------------ the stack of open dialogs */
let stack: string[] = [];
const listeners = new Set<() => void>();
const subscribe = (l: () => void): (() => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const notify = (): void => listeners.forEach((l) => l());
const topOfStack = (): string | undefined => stack[stack.length - 1];
const CSS_ESCAPE = (s: string): string =>
  typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : s.replace(/[^A-Za-z0-9_-]/g, (c) => `\\${c}`);

/** Styles of the dialogs (the app's CSP allows inline styles; styles.css belongs to the shell). */
const STYLES = `
.dlg-backdrop { position: fixed; inset: 0; background: rgba(15, 20, 25, 0.45); display: flex; align-items: flex-start; justify-content: center; padding: 6vh 16px; z-index: 50; overflow: auto; }
.dlg-backdrop.dlg-stacked { background: rgba(15, 20, 25, 0.25); z-index: 60; }
.dlg { background: var(--bg-raised); color: var(--fg); border: 1px solid var(--border); border-radius: 10px; box-shadow: 0 12px 40px rgba(0,0,0,0.35); width: min(620px, 100%); max-height: 88vh; display: flex; flex-direction: column; }
.dlg.dlg-wide { width: min(820px, 100%); }
.dlg-head { display: flex; align-items: flex-start; justify-content: space-between; gap: 12px; padding: 14px 16px 8px; border-bottom: 1px solid var(--border); }
.dlg-head h2 { font-size: 17px; word-break: break-word; }
.dlg-body { padding: 12px 16px; overflow: auto; }
.dlg-body p { margin: 0 0 10px; }
.dlg-actions { display: flex; justify-content: flex-end; gap: 8px; padding: 10px 16px 14px; border-top: 1px solid var(--border); flex-wrap: wrap; }
.dlg-actions .dlg-spacer { flex: 1; }
.dlg-close { background: none; border: 1px solid transparent; color: var(--muted); font-size: 18px; line-height: 1; padding: 2px 8px; }
.dlg-close:hover { border-color: var(--border); color: var(--fg); }
.dlg label { display: block; font-weight: 600; margin: 10px 0 4px; }
.dlg label.dlg-inline, .dlg .dlg-choice label { display: inline; font-weight: 400; margin: 0 0 0 6px; }
.dlg .dlg-choice { display: flex; align-items: flex-start; gap: 2px; margin: 6px 0; }
.dlg .dlg-choice input { margin-top: 3px; }
.dlg .dlg-choice .muted { display: block; font-size: 12px; }
.dlg input[type='text'], .dlg input[type='password'], .dlg select { width: 100%; font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 6px; padding: 6px 8px; }
.dlg fieldset { border: 1px solid var(--border); border-radius: 8px; padding: 6px 12px 10px; margin: 8px 0; }
.dlg legend { font-weight: 600; padding: 0 4px; }
.dlg dl.dlg-facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 8px 0 12px; }
.dlg dl.dlg-facts dt { color: var(--muted); }
.dlg dl.dlg-facts dd { margin: 0; word-break: break-all; }
.dlg .dlg-field-error { color: var(--err-fg); background: var(--err-bg); border-radius: 4px; padding: 2px 6px; margin: 4px 0 0; font-size: 12.5px; }
.dlg .dlg-hint { color: var(--muted); font-size: 12.5px; margin: 6px 0 0; }
.dlg-body input + p, .dlg-body select + p, .dlg-body input + datalist + p, .dlg-body fieldset + p { margin-top: 8px; }
.dlg .dlg-warning { background: var(--warn-bg); color: var(--warn-fg); border-radius: 6px; padding: 8px 10px; margin: 8px 0; }
.dlg .dlg-info { background: var(--info-bg); color: var(--info-fg); border-radius: 6px; padding: 8px 10px; margin: 8px 0; }
.dlg .dlg-success { background: var(--ok-bg); color: var(--ok-fg); border-radius: 6px; padding: 8px 10px; margin: 8px 0; font-weight: 600; }
.dlg .error-explanation { background: var(--err-bg); color: var(--err-fg); border-radius: 6px; padding: 8px 10px; margin: 8px 0; }
.dlg .error-explanation p { margin: 0 0 4px; }
.dlg .error-explanation .muted { color: inherit; opacity: 0.85; }
.dlg-steps { display: flex; gap: 4px; list-style: none; margin: 0; padding: 8px 16px 0; flex-wrap: wrap; font-size: 12px; }
.dlg-steps li { padding: 2px 8px; border-radius: 10px; background: var(--neutral-bg); color: var(--neutral-fg); }
.dlg-steps li[aria-current='step'] { background: var(--accent); color: var(--accent-fg); font-weight: 600; }
.dlg-steps li.dlg-done { background: var(--ok-bg); color: var(--ok-fg); }
.dlg table.dlg-table { width: 100%; border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
.dlg table.dlg-table th, .dlg table.dlg-table td { text-align: left; border-bottom: 1px solid var(--border); padding: 4px 6px; vertical-align: top; }
.dlg table.dlg-table caption { text-align: left; font-weight: 600; padding: 4px 0; }
.dlg .dlg-strength { font-size: 12.5px; margin: 4px 0 0; }
.dlg .dlg-strength[data-level='weak'] { color: var(--err-fg); }
.dlg .dlg-strength[data-level='fair'] { color: var(--warn-fg); }
.dlg .dlg-strength[data-level='strong'] { color: var(--ok-fg); }
.dlg pre.dlg-warning { white-space: pre-wrap; font-family: inherit; font-size: 12.5px; }
.dlg button.danger { background: var(--err-fg); border-color: var(--err-fg); color: var(--bg); }
.dlg ul.dlg-list { margin: 4px 0 10px; padding-left: 20px; }
.dlg .dlg-wrap { overflow-wrap: anywhere; }
`;

/** Where focus goes in a dialog or a new step: [data-autofocus], the first field, the main action, any button. */
function firstFocus(el: HTMLElement): HTMLElement | null {
  return (
    el.querySelector<HTMLElement>('[data-autofocus]:not([disabled])') ??
    el.querySelector<HTMLElement>(
      '.dlg-body input:not([disabled]):not([type="hidden"]), .dlg-body select:not([disabled]), .dlg-body textarea:not([disabled])',
    ) ??
    el.querySelector<HTMLElement>('.dlg-actions button[type="submit"]:not([disabled])') ??
    el.querySelector<HTMLElement>('.dlg-body button:not([disabled]), .dlg-actions button:not([disabled])')
  );
}

function DialogStyles(): ReactNode {
  return <style data-signet-dialogs="">{STYLES}</style>;
}

export interface DialogProps {
  /** The heading (also the dialog's accessible name). */
  title: ReactNode;
  /** Escape, the × button, and the backdrop's Cancel all call this. */
  onClose: () => void;
  children: ReactNode;
  /** Buttons row (usually a form's submit is inside the body and the row uses form=…). */
  actions?: ReactNode;
  /** A line under the title describing the dialog (aria-describedby). */
  description?: ReactNode;
  /** Steps of a wizard, shown under the title. */
  steps?: ReactNode;
  wide?: boolean;
  /** While true, Escape and × do nothing (an operation is running and cannot be stopped here). */
  busy?: boolean;
  /** Class added to the dialog box (tests and screenshots find it). */
  className?: string;
  /** alertdialog for confirmations that interrupt (passphrase prompts, destructive confirmations). */
  role?: 'dialog' | 'alertdialog';
  /** Label of the × button (default "Close"). */
  closeLabel?: string;
}

export function Dialog({
  title,
  onClose,
  children,
  actions,
  description,
  steps,
  wide,
  busy,
  className,
  role = 'dialog',
  closeLabel = 'Close',
}: DialogProps): ReactNode {
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const box = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const top = useSyncExternalStore(subscribe, topOfStack, topOfStack);
  const isTop = top === id;

  // register on the stack, remember the opener, restore focus on close
  useLayoutEffect(() => {
    opener.current = document.activeElement;
    stack = [...stack, id];
    notify();
    return () => {
      stack = stack.filter((s) => s !== id);
      notify();
      const back = opener.current as HTMLElement | null;
      // the next frame: the element may be re-rendered by the close itself
      queueMicrotask(() => {
        if (back && back.isConnected && back !== document.body && typeof back.focus === 'function') {
          back.focus();
          if (document.activeElement === back) return;
        }
        // the opener is gone or cannot take focus (disabled while busy): focus the dialog now on top
        const below = topOfStack();
        const el = below ? document.querySelector<HTMLElement>(`[data-dlg-id="${CSS_ESCAPE(below)}"]`) : null;
        if (el && !el.contains(document.activeElement)) (el.querySelector<HTMLElement>(FOCUSABLE) ?? el).focus();
      });
    };
  }, [id]);

  // initial focus: [data-autofocus], else the first field, else the first button, else the box
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    (firstFocus(el) ?? el).focus();
  }, []);

  // a step change re-renders the body: keep focus inside (move it to the new step's first field)
  useEffect(() => {
    const el = box.current;
    if (!el || !isTop) return;
    const focusLost = (): void => {
      if (!el.contains(document.activeElement)) {
        (firstFocus(el) ?? el).focus();
      }
    };
    const observer = new MutationObserver(() => queueMicrotask(focusLost));
    observer.observe(el, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [isTop]);

  // Escape must reach the top dialog even when focus fell outside every dialog (e.g. onto <body>)
  useEffect(() => {
    if (!isTop) return;
    const onDocKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const active = document.activeElement;
      if (active && active !== document.body && active.closest('[role="dialog"], [role="alertdialog"]')) return;
      e.preventDefault();
      if (!busyRef.current) closeRef.current();
    };
    document.addEventListener('keydown', onDocKey);
    return () => document.removeEventListener('keydown', onDocKey);
  }, [isTop]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>): void => {
    if (!isTop) return;
    if (e.key === 'Escape') {
      e.stopPropagation();
      e.preventDefault();
      if (!busyRef.current) closeRef.current();
      return;
    }
    if (e.key !== 'Tab') return;
    const el = box.current;
    if (!el) return;
    const items = [...el.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((n) => !n.closest('[inert], [hidden]'));
    if (items.length === 0) {
      e.preventDefault();
      el.focus();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = document.activeElement;
    if (e.shiftKey && (active === first || active === el)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div
      className={`dlg-backdrop${stack.indexOf(id) > 0 ? ' dlg-stacked' : ''}`}
      inert={!isTop && top !== undefined ? true : undefined}
      onMouseDown={(e) => e.target === e.currentTarget && e.preventDefault()}
    >
      <DialogStyles />
      <div
        ref={box}
        className={`dlg${wide ? ' dlg-wide' : ''}${className ? ` ${className}` : ''}`}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        aria-busy={busy || undefined}
        tabIndex={-1}
        data-dlg-id={id}
        onKeyDown={onKeyDown}
      >
        <div className="dlg-head">
          <div>
            <h2 id={titleId}>{title}</h2>
            {description && (
              <p id={descId} className="muted small-text">
                {description}
              </p>
            )}
          </div>
          <button
            type="button"
            className="dlg-close"
            aria-label={closeLabel}
            onClick={() => !busy && onClose()}
            disabled={busy}
          >
            ×
          </button>
        </div>
        {steps}
        <div className="dlg-body">{children}</div>
        {actions && <div className="dlg-actions">{actions}</div>}
      </div>
    </div>
  );
}

/** A wizard's steps: the current one is aria-current="step"; the ones before are marked done. */
export function Steps({
  steps,
  current,
  label = 'Steps',
}: {
  steps: readonly string[];
  current: number;
  label?: string;
}): ReactNode {
  return (
    <ol className="dlg-steps" aria-label={label}>
      {steps.map((s, i) => (
        <li key={s} aria-current={i === current ? 'step' : undefined} className={i < current ? 'dlg-done' : undefined}>
          <span className="sr-only">{i < current ? 'done: ' : i === current ? 'current: ' : ''}</span>
          {i + 1}. {s}
        </li>
      ))}
    </ol>
  );
}

/** "<role> key <7>", docker's way of naming a key in prompts ("repository key 731396b"). */
export function keyName(role: string, keyId: string): string {
  const alias = role === 'targets' || role === 'snapshot' || role === 'default' ? 'repository' : role;
  return keyId ? `${alias} key ${keyId.slice(0, 7)}` : `${alias} key`;
}
