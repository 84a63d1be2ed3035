/**
 * Who a Sheets API call acts as, for the emulator's quota and protections. Google counts quota
 * per user, and a service account is one user; so the emulator needs to tell credentials apart.
 *
 * - The local organizer token stands for the local default's service account (EMULATOR_ACCOUNT).
 * - `POST /emulator/oauth2/token` is Google's token endpoint for a service account's signed JWT
 *   (grant type jwt-bearer). It answers with an access token that names the JWT's `iss`, sealed
 *   with an HMAC of the organizer token so no caller can forge another account's token. The
 *   JWT's signature is not checked: the emulator has no registry of public keys (README).
 */
import { EMULATOR_ACCOUNT } from "./workbook.ts";

const PREFIX = "ya29.emu.";
const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): string {
  const padded = text.replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

async function seal(secret: string, email: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return base64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`emulator-token:${email}`))));
}

export async function mintAccessToken(secret: string, email: string): Promise<string> {
  return `${PREFIX}${base64url(encoder.encode(email))}.${await seal(secret, email)}`;
}

/** The user a bearer token acts as, or undefined when the emulator did not issue it. */
export async function userOfToken(secret: string, token: string | undefined): Promise<string | undefined> {
  if (!token) return undefined;
  if (token === secret) return EMULATOR_ACCOUNT;
  if (!token.startsWith(PREFIX)) return undefined;
  const [encoded, mac] = token.slice(PREFIX.length).split(".");
  if (!encoded || !mac) return undefined;
  let email: string;
  try {
    email = fromBase64url(encoded);
  } catch {
    return undefined;
  }
  return (await seal(secret, email)) === mac ? email : undefined;
}

/**
 * The service account a jwt-bearer assertion names, if the JWT is well formed and not expired;
 * otherwise Google's error code for the token endpoint.
 */
export function assertionIssuer(assertion: string, nowSeconds: number): { email: string } | { error: string } {
  const parts = assertion.split(".");
  if (parts.length !== 3) return { error: "invalid_grant" };
  try {
    const claims = JSON.parse(fromBase64url(parts[1]!)) as { iss?: unknown; exp?: unknown; scope?: unknown };
    if (typeof claims.iss !== "string" || !claims.iss.includes("@")) return { error: "invalid_grant" };
    if (typeof claims.exp !== "number" || claims.exp < nowSeconds) return { error: "invalid_grant" };
    if (typeof claims.scope !== "string" || !claims.scope.includes("spreadsheets")) return { error: "invalid_scope" };
    return { email: claims.iss };
  } catch {
    return { error: "invalid_grant" };
  }
}
