// The clock handlers and the sweeper read "now" from. Domain rules never read a clock: they take
// `now` as an argument. In the cloud this is the system clock; the local runner can move it
// (POST /_local/clock) and time runs on from the new instant. Token expiry is checked against
// real time, so moving this clock never logs anyone out.

export interface Clock {
  now(): Date;
}

let offsetMs = 0;

export const clock: Clock = {
  now: () => new Date(Date.now() + offsetMs),
};

/** Local mode only: make `clock.now()` return `at` now and run on from there. */
export function setClock(at: Date): void {
  offsetMs = at.getTime() - Date.now();
}

export function resetClock(): void {
  offsetMs = 0;
}
