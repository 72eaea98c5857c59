// "Answers where the finger is": the outcome of an action (an error or a success) drawn right next
// to the control that caused it, moved into view when it appears (a phone screen does not show a
// message 200 px above the button) and announced (role=alert / role=status are live regions).
// A success is one action's answer only: the next run clears it, so a stale "done" never stands
// beside a new error.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ErrorAlert, Success } from './parts';

export interface Answered {
  busy: boolean;
  error?: unknown;
  ok?: ComponentChildren;
  /** Grows with every answer, so the same message given twice still scrolls into view. */
  round: number;
  run: <T>(work: () => Promise<T>, ok?: (result: T) => ComponentChildren) => Promise<T | undefined>;
  clear: () => void;
}

export function useAnswer(): Answered {
  const [state, setState] = useState<{ busy: boolean; error?: unknown; ok?: ComponentChildren; round: number }>({ busy: false, round: 0 });
  const running = useRef(false);
  const run = useCallback(async <T,>(work: () => Promise<T>, ok?: (result: T) => ComponentChildren): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setState((s) => ({ busy: true, round: s.round }));
    try {
      const result = await work();
      setState((s) => ({ busy: false, ok: ok?.(result), round: s.round + 1 }));
      return result;
    } catch (error) {
      setState((s) => ({ busy: false, error, round: s.round + 1 }));
      return undefined;
    } finally {
      running.current = false;
    }
  }, []);
  const clear = useCallback(() => setState((s) => ({ busy: false, round: s.round })), []);
  return { ...state, run, clear };
}

/** Place right after the control (button, form) whose action `answered` ran. */
export function Answer({ answered, children }: { answered: Pick<Answered, 'error' | 'ok' | 'round'>; children?: ComponentChildren }) {
  const box = useRef<HTMLDivElement>(null);
  const shown = answered.error !== undefined || answered.ok !== undefined;
  useEffect(() => {
    if (shown && box.current && typeof box.current.scrollIntoView === 'function') box.current.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [answered.round, shown]);
  return (
    <div ref={box} class="answer">
      {answered.error !== undefined ? <ErrorAlert error={answered.error} /> : answered.ok !== undefined ? <Success>{answered.ok}</Success> : null}
      {children}
    </div>
  );
}
