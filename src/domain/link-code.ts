/**
 * Short-link codes a volunteer taps in WeChat: 12 characters from a 56-letter alphabet with no
 * look-alikes (no 0/O/o, 1/l/I), about 70 bits, so guessing one is hopeless even unthrottled.
 * Pure: the caller passes in the random bytes (from `crypto.getRandomValues`, a CSPRNG).
 *
 * Bytes are mapped by rejection sampling — a byte is used only when it is below the largest
 * multiple of the alphabet size (224 = 4 × 56) — so every letter is equally likely.
 *
 * @example
 * const code = newLinkCode((n) => crypto.getRandomValues(new Uint8Array(n))); // "k7HqVw3NbZt9"
 * isLinkCode(code); // true
 */

export const LINK_CODE_ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
export const LINK_CODE_LENGTH = 12;

const LIMIT = Math.floor(256 / LINK_CODE_ALPHABET.length) * LINK_CODE_ALPHABET.length;
const pattern = new RegExp(`^[${LINK_CODE_ALPHABET}]{${LINK_CODE_LENGTH}}$`);

/** Bits of entropy of a code (log2(56) × 12 ≈ 69.7). */
export const LINK_CODE_BITS = Math.log2(LINK_CODE_ALPHABET.length) * LINK_CODE_LENGTH;

/** A code from these bytes, or undefined when too many were rejected to fill it. */
export function linkCodeFromBytes(bytes: Uint8Array): string | undefined {
  let code = "";
  for (const byte of bytes) {
    if (byte >= LIMIT) continue;
    code += LINK_CODE_ALPHABET[byte % LINK_CODE_ALPHABET.length];
    if (code.length === LINK_CODE_LENGTH) return code;
  }
  return undefined;
}

/** A fresh code; `randomBytes(n)` must come from a CSPRNG. */
export function newLinkCode(randomBytes: (n: number) => Uint8Array): string {
  for (;;) {
    // 12 of 20 bytes pass (224/256) with overwhelming likelihood; otherwise draw again.
    const code = linkCodeFromBytes(randomBytes(LINK_CODE_LENGTH + 8));
    if (code) return code;
  }
}

/** Whether a path segment can be a code at all (checked before any lookup). */
export function isLinkCode(text: string): boolean {
  return pattern.test(text);
}
