import { describe, expect, it } from "vitest";
import { hashCode, linkKeys, randomLinkCode } from "../../src/services/link-keys.ts";

const secret = "a-test-secret-that-is-long-enough-0123456789";

describe("link keys", () => {
  it("seals a code so only the same secret opens it, with a fresh IV each time", async () => {
    const keys = await linkKeys(secret);
    const code = randomLinkCode();
    const a = await keys.seal(code);
    const b = await keys.seal(code);
    expect(a).not.toBe(b);
    expect(a).not.toContain(code);
    expect(await keys.open(a)).toBe(code);
    expect(await (await linkKeys(`${secret}-rotated`)).open(a)).toBeUndefined();
    expect(await keys.open("v1.garbage.garbage")).toBeUndefined();
    expect(await keys.open("not sealed")).toBeUndefined();
  });

  it("hashes codes to hex SHA-256 for lookup", async () => {
    expect(await hashCode("k7HqVw3NbZt9")).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashCode("k7HqVw3NbZt9")).toBe(await hashCode("k7HqVw3NbZt9"));
  });

  it("signs the answer form for one link and date only", async () => {
    const keys = await linkKeys(secret);
    const token = await keys.formToken("hash-a", "2022-04-19");
    expect(await keys.formTokenMatches(token, "hash-a", "2022-04-19")).toBe(true);
    expect(await keys.formTokenMatches(token, "hash-b", "2022-04-19")).toBe(false);
    expect(await keys.formTokenMatches(token, "hash-a", "2022-04-20")).toBe(false);
    expect(await keys.formTokenMatches("", "hash-a", "2022-04-19")).toBe(false);
    expect(await (await linkKeys(`${secret}-other`)).formTokenMatches(token, "hash-a", "2022-04-19")).toBe(false);
  });
});
