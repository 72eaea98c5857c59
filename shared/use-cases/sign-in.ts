// POST /auth/login with the login limit of B11: a username with 5 failed logins in a row is refused
// for 15 minutes (429 RATE_LIMITED, Retry-After), even with the right password; a success resets the
// streak. Known and unknown usernames go through the same steps (the same reads and writes here, the
// same password hashing in the provider), so neither the answer nor its time tells them apart.
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from '../adapters/abuse-limits';
import { identity } from '../adapters/identity';
import { Unauthenticated } from '../errors';

export async function signIn(username: string, password: string, now: Date): Promise<{ token: string; expiresIn: number }> {
  await assertLoginAllowed(username, now);
  let result: { token: string; expiresIn: number };
  try {
    result = await identity().login(username, password);
  } catch (e) {
    // Only a refused login counts; a provider outage is not the caller's failure.
    if (e instanceof Unauthenticated) await recordLoginFailure(username, now);
    throw e;
  }
  await recordLoginSuccess(username, now);
  return result;
}
