/**
 * Access tokens kept where they outlive an isolate.
 *
 * The isolate's memory (`isolateTokens`) serves most calls, but Cloudflare recycles isolates
 * often, and each fresh one would sign a JWT and call Google's token endpoint again. The outbox's
 * Durable Object stays put for its spreadsheet and already flushes every few seconds in an answer
 * wave, so it keeps the token in its own storage too: a new isolate running that Durable Object
 * finds it there and exchanges nothing until five minutes before the hour is up.
 */
import { isolateTokens, type CachedToken, type TokenCache } from "./service-account.ts";

/** The few synchronous calls the cache needs from durable storage. */
export interface TokenShelf {
  get(account: string): CachedToken | undefined;
  put(account: string, token: CachedToken): void;
}

/** Memory first, then the shelf; a token learned from either is kept in both. */
export function layeredTokenCache(shelf: TokenShelf, memory: TokenCache = isolateTokens): TokenCache {
  return {
    get(account) {
      const inMemory = memory.get(account);
      const stored = shelf.get(account);
      if (!stored || (inMemory && inMemory.expiresAt >= stored.expiresAt)) return inMemory;
      memory.set(account, stored);
      return stored;
    },
    set(account, token) {
      memory.set(account, token);
      shelf.put(account, token);
    },
    pending: memory.pending,
    stats: memory.stats,
  };
}

/** A shelf in a Durable Object's SQLite storage (synchronous, so the cache stays synchronous). */
export function sqlTokenShelf(sql: SqlStorage): TokenShelf {
  sql.exec(
    "CREATE TABLE IF NOT EXISTS tokens (account TEXT PRIMARY KEY, token TEXT NOT NULL, expires_at INTEGER NOT NULL)",
  );
  return {
    get(account) {
      const row = sql
        .exec<{ token: string; expires_at: number }>("SELECT token, expires_at FROM tokens WHERE account = ?", account)
        .toArray()[0];
      return row ? { token: row.token, expiresAt: row.expires_at } : undefined;
    },
    put(account, token) {
      sql.exec(
        "INSERT INTO tokens (account, token, expires_at) VALUES (?, ?, ?) ON CONFLICT (account) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at",
        account,
        token.token,
        token.expiresAt,
      );
    },
  };
}
