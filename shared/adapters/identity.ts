// The identity provider in use: Cognito in the cloud, the local issuer in local mode. Use cases only
// see its port (shared/use-cases/ports/identity.ts); the local runner installs its provider with
// useIdentityProvider().
import { CognitoIdentityProvider } from './cognito-identity';
import type { IdentityProvider } from '../use-cases/ports/identity';

export type { AdminCreateInput, IdentityProvider, SignUpInput } from '../use-cases/ports/identity';

let provider: IdentityProvider | undefined;

export function identity(): IdentityProvider {
  provider ??= new CognitoIdentityProvider();
  return provider;
}

export function useIdentityProvider(p: IdentityProvider): void {
  provider = p;
}
