// Which of their centers a staff member (or investigator) is working at: one of the centers in
// their token, chosen once and kept for the tab, so every desk page acts on the same center.
import { useEffect, useState } from 'preact/hooks';
import { currentSession } from '../core/session';

const KEY = 'lmb.desk.center';
const listeners = new Set<() => void>();

export function currentCenterId(): string {
  const mine = currentSession()?.centerIds ?? [];
  const kept = sessionStorage.getItem(KEY);
  return kept && mine.includes(kept) ? kept : (mine[0] ?? '');
}

export function chooseCenter(centerId: string): void {
  sessionStorage.setItem(KEY, centerId);
  for (const l of listeners) l();
}

export function useCenterId(): string {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return currentCenterId();
}
