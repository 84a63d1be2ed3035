/**
 * The organizer console's session: a signed cookie, no server state except sign-outs.
 *
 * The cookie value is `v1.<community>.<session id>.<expiry ms>.<token tag>.<mac>`, the MAC an
 * HMAC-SHA256 under a key derived (HKDF, its own label) from `services.linkSecret`. The token tag
 * is a short digest of the community's organizer token at sign-in, so rotating the token (or the
 * secret) signs every console out. Sessions last {@link SESSION_MS}; signing out records the
 * session id in D1 (`console_signouts`) so a copied cookie stops working too.
 *
 * CSRF: every form carries `csrf`, an HMAC of the session id (a per-session token), and every
 * POST must also come from our own origin. The sign-in form has no session yet, so it uses a
 * double-submit pair: a random pre-session cookie and its HMAC in the form.
 *
 * @example
 * const keys = await consoleKeys(services.linkSecret);
 * const cookie = await keys.issue({ community: "demo", tokenTag, now });
 * (await keys.verify(cookie.value, now))?.community === "demo";
 */

const encoder = new TextEncoder();

/** 12 hours: a day's shift, then sign in again. */
export const SESSION_MS = 12 * 60 * 60 * 1000;
export const SESSION_COOKIE = "zc_console";
export const LOGIN_COOKIE = "zc_console_login";

export interface ConsoleSession {
  community: string;
  id: string;
  expiresAt: number;
  tokenTag: string;
}

export interface ConsoleKeys {
  issue(input: { community: string; tokenTag: string; now: number }): Promise<ConsoleSession & { value: string }>;
  /** The session if the value is ours, unexpired and well formed; undefined otherwise. */
  verify(value: string | undefined, now: number): Promise<ConsoleSession | undefined>;
  csrf(session: Pick<ConsoleSession, "id">): Promise<string>;
  csrfMatches(session: Pick<ConsoleSession, "id">, given: unknown): Promise<boolean>;
  /** The sign-in form's token for a pre-session cookie value. */
  loginToken(nonce: string): Promise<string>;
}

const cache = new Map<string, Promise<ConsoleKeys>>();

export function consoleKeys(secret: string): Promise<ConsoleKeys> {
  let keys = cache.get(secret);
  if (!keys) cache.set(secret, (keys = deriveKeys(secret)));
  return keys;
}

/** A tag of the organizer token's SHA-256 hex digest: enough to notice a rotation. */
export async function tokenTag(tokenSha256Hex: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(`console|${tokenSha256Hex}`));
  return base64url(new Uint8Array(digest).subarray(0, 9));
}

export function randomId(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)));
}

async function deriveKeys(secret: string): Promise<ConsoleKeys> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  const hmac = await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode("zonecrew-console"), info: encoder.encode("session") },
    base,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign"],
  );
  const mac = async (label: string, text: string) =>
    base64url(new Uint8Array(await crypto.subtle.sign("HMAC", hmac, encoder.encode(`${label}|${text}`))));
  return {
    async issue({ community, tokenTag, now }) {
      const session = { community, id: randomId(), expiresAt: now + SESSION_MS, tokenTag };
      const body = `v1.${community}.${session.id}.${session.expiresAt}.${tokenTag}`;
      return { ...session, value: `${body}.${await mac("session", body)}` };
    },
    async verify(value, now) {
      const parts = (value ?? "").split(".");
      if (parts.length !== 6 || parts[0] !== "v1") return undefined;
      const [, community, id, expiry, tag, given] = parts as [string, string, string, string, string, string];
      if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(community) || !/^\d{1,16}$/.test(expiry)) return undefined;
      const body = parts.slice(0, 5).join(".");
      if (!sameText(given, await mac("session", body))) return undefined;
      const expiresAt = Number(expiry);
      if (now >= expiresAt) return undefined;
      return { community, id, expiresAt, tokenTag: tag };
    },
    csrf: (session) => mac("csrf", session.id),
    async csrfMatches(session, given) {
      return typeof given === "string" && sameText(given, await mac("csrf", session.id));
    },
    loginToken: (nonce) => mac("login", nonce),
  };
}

/** Constant-time comparison of two short strings. */
export function sameText(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ (y[i] ?? 0);
  return diff === 0;
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
