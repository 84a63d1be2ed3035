import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  isLinkCode,
  LINK_CODE_ALPHABET,
  LINK_CODE_BITS,
  LINK_CODE_LENGTH,
  linkCodeFromBytes,
  newLinkCode,
} from "../../src/domain/link-code.ts";

const csprng = (n: number) => new Uint8Array(randomBytes(n));

describe("link codes", () => {
  it("are at least 10 characters with at least 56 bits and no look-alike characters", () => {
    expect(LINK_CODE_LENGTH).toBeGreaterThanOrEqual(10);
    expect(LINK_CODE_BITS).toBeGreaterThanOrEqual(56);
    for (const c of "0Oo1lI") expect(LINK_CODE_ALPHABET).not.toContain(c);
    expect(new Set(LINK_CODE_ALPHABET).size).toBe(LINK_CODE_ALPHABET.length);
    const code = newLinkCode(csprng);
    expect(code).toHaveLength(LINK_CODE_LENGTH);
    expect(isLinkCode(code)).toBe(true);
  });

  it("uses every letter equally often (rejection sampling, no modulo bias)", () => {
    // Every byte value once: bytes 0..223 map 4 times onto each of the 56 letters, 224..255 are skipped.
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const counts = new Map<string, number>();
    for (let start = 0; start + 12 <= 224; start += 12) {
      for (const ch of linkCodeFromBytes(all.subarray(start))!) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(linkCodeFromBytes(all.subarray(224))).toBeUndefined();
    const spread = [...counts.values()];
    expect(Math.max(...spread) - Math.min(...spread)).toBeLessThanOrEqual(1);
  });

  it("draws again when the bytes run out, and 100,000 codes never collide", () => {
    let calls = 0;
    const stingy = (n: number) => (++calls === 1 ? new Uint8Array(n).fill(255) : csprng(n));
    expect(isLinkCode(newLinkCode(stingy))).toBe(true);
    expect(calls).toBe(2);
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(newLinkCode(csprng));
    expect(seen.size).toBe(100_000);
  });

  it("rejects anything that is not a code before it reaches the database", () => {
    for (const bad of ["", "short", "abcdefghijk0", "abcdefghijkl", "abcdefghijk/", "a".repeat(13)]) {
      expect(isLinkCode(bad), bad).toBe(false);
    }
  });
});
