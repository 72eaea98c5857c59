// An idempotent request as the use cases see it (B14): who sent it, its key, and what it asked for.
export interface IdempotencyContext {
  userId: string;
  key: string;
  /** Hash of what the request asks for (route, path, body). */
  fingerprint: string;
}
