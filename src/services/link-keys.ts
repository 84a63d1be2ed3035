/**
 * What keeps volunteer links safe at rest and their answer forms unforgeable:
 * - codes are looked up by their SHA-256 (`hashCode`): D1 never holds a code in clear;
 * - a copy of each code is sealed with AES-GCM (`sealCode`/`openCode`) under a key derived from
 *   LINK_SECRET, so re-publishing can print the same links again (the group message must list
 *   every volunteer, including those whose links were issued before);
 * - the answer form carries an HMAC of the code's hash and the date (`formToken`).
 * Both keys come from the one secret by HKDF with different labels.
 *
 * @example
 * const keys = await linkKeys(services.linkSecret);
 * const sealed = await keys.seal(code); await keys.open(sealed) === code;
 */
import { newLinkCode } from "../domain/link-code.ts";

const encoder = new TextEncoder();

export interface LinkKeys {
  seal(code: string): Promise<string>;
  /** The code, or undefined when it was sealed under another secret. */
  open(sealed: string): Promise<string | undefined>;
  formToken(codeHash: string, date: string): Promise<string>;
  formTokenMatches(token: string, codeHash: string, date: string): Promise<boolean>;
}

const cache = new Map<string, Promise<LinkKeys>>();

export function linkKeys(secret: string): Promise<LinkKeys> {
  let keys = cache.get(secret);
  if (!keys) cache.set(secret, (keys = deriveKeys(secret)));
  return keys;
}

export async function hashCode(code: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(code));
  return hex(new Uint8Array(digest));
}

export function randomLinkCode(): string {
  return newLinkCode((n) => crypto.getRandomValues(new Uint8Array(n)));
}

async function deriveKeys(secret: string): Promise<LinkKeys> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  const derive = (info: string, algorithm: SubtleCryptoImportKeyAlgorithm, usages: string[]) =>
    crypto.subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: encoder.encode("zonecrew-links"), info: encoder.encode(info) },
      base,
      algorithm,
      false,
      usages,
    );
  const [aes, hmac] = await Promise.all([
    derive("seal link codes", { name: "AES-GCM", length: 256 }, ["encrypt", "decrypt"]),
    derive("answer form token", { name: "HMAC", hash: "SHA-256", length: 256 }, ["sign", "verify"]),
  ]);
  const sign = async (codeHash: string, date: string) =>
    new Uint8Array(await crypto.subtle.sign("HMAC", hmac, encoder.encode(`${codeHash}|${date}`)));
  return {
    async seal(code) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, aes, encoder.encode(code)));
      return `v1.${base64url(iv)}.${base64url(sealed)}`;
    },
    async open(sealed) {
      const [version, iv, data] = sealed.split(".");
      if (version !== "v1" || !iv || !data) return undefined;
      try {
        const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: unbase64url(iv) }, aes, unbase64url(data));
        return new TextDecoder().decode(plain);
      } catch {
        return undefined;
      }
    },
    async formToken(codeHash, date) {
      return base64url((await sign(codeHash, date)).subarray(0, 16));
    },
    async formTokenMatches(token, codeHash, date) {
      const expected = encoder.encode(base64url((await sign(codeHash, date)).subarray(0, 16)));
      const given = encoder.encode(token);
      if (given.length !== expected.length) return false;
      let diff = 0;
      for (let i = 0; i < given.length; i++) diff |= given[i]! ^ expected[i]!;
      return diff === 0;
    },
  };
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function unbase64url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
