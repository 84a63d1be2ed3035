/**
 * Pure pieces of the organizer console: both languages complete, the session cookie's signature
 * and expiry, the CSRF token bound to its session, and QR codes that are real QR codes.
 */
import { encode } from "uqr";
import { describe, expect, it } from "vitest";
import { consoleTexts } from "../../src/pages/console-texts.ts";
import { consoleKeys, SESSION_MS, tokenTag } from "../../src/services/console-session.ts";
import { qrSvg } from "../../src/services/qr-svg.ts";

describe("the console's words", () => {
  it("has every sentence in Chinese and English, of the same kind", () => {
    const walk = (zh: Record<string, unknown>, en: Record<string, unknown>, path: string) => {
      expect(Object.keys(en).sort(), path).toEqual(Object.keys(zh).sort());
      for (const [key, value] of Object.entries(zh)) {
        const other = en[key];
        expect(typeof other, `${path}.${key}`).toBe(typeof value);
        if (typeof value === "object" && value !== null) {
          walk(value as Record<string, unknown>, other as Record<string, unknown>, `${path}.${key}`);
        }
        if (typeof value === "string") expect(other, `${path}.${key}`).not.toBe("");
      }
    };
    walk(consoleTexts.zh, consoleTexts.en, "texts");
    expect(consoleTexts.zh.status.at_risk).toBe("未回复");
    expect(consoleTexts.en.status.at_risk).toBe("not answered");
  });
});

describe("console sessions", () => {
  const now = Date.UTC(2022, 3, 18, 13);

  it("verifies its own cookie until it expires after 12 hours", async () => {
    const keys = await consoleKeys("a-secret-of-at-least-32-characters!!");
    const tag = await tokenTag("ab".repeat(32));
    const session = await keys.issue({ community: "demo", tokenTag: tag, now });
    expect(session.expiresAt - now).toBe(SESSION_MS);
    expect(await keys.verify(session.value, now)).toEqual({
      community: "demo",
      id: session.id,
      expiresAt: session.expiresAt,
      tokenTag: tag,
    });
    expect(await keys.verify(session.value, now + SESSION_MS - 1)).toBeDefined();
    expect(await keys.verify(session.value, now + SESSION_MS)).toBeUndefined();
  });

  it("refuses any change to the value, and another secret's cookie", async () => {
    const keys = await consoleKeys("a-secret-of-at-least-32-characters!!");
    const { value } = await keys.issue({ community: "demo", tokenTag: "t", now });
    const parts = value.split(".");
    for (let i = 1; i < parts.length; i++) {
      const changed = [...parts];
      changed[i] = i === 3 ? String(Number(parts[3]) + 1) : `${parts[i]}x`;
      expect(await keys.verify(changed.join("."), now), `part ${i}`).toBeUndefined();
    }
    const other = await consoleKeys("another-secret-of-32-characters!!!!!");
    expect(await other.verify(value, now)).toBeUndefined();
    expect(await keys.verify(undefined, now)).toBeUndefined();
  });

  it("binds the CSRF token to the session, and the sign-in token to its pre-session cookie", async () => {
    const keys = await consoleKeys("a-secret-of-at-least-32-characters!!");
    const a = await keys.issue({ community: "demo", tokenTag: "t", now });
    const b = await keys.issue({ community: "demo", tokenTag: "t", now });
    expect(a.id).not.toBe(b.id);
    const token = await keys.csrf(a);
    expect(await keys.csrfMatches(a, token)).toBe(true);
    expect(await keys.csrfMatches(b, token)).toBe(false);
    expect(await keys.csrfMatches(a, undefined)).toBe(false);
    expect(await keys.loginToken("n1")).not.toBe(await keys.loginToken("n2"));
  });

  it("notices a rotated organizer token by its tag", async () => {
    expect(await tokenTag("ab".repeat(32))).not.toBe(await tokenTag("cd".repeat(32)));
  });
});

describe("QR codes", () => {
  it("draws exactly the dark modules uqr encodes, inside a quiet zone, with the three finder patterns", () => {
    const url = "https://zonecrew.example/c/AbCdEfGhJkMn";
    const svg = qrSvg(url, { border: 4, title: "V001 <script>" });
    const { data, size } = encode(url, { ecc: "M", border: 0 });
    expect(svg).toContain(`viewBox="0 0 ${size + 8} ${size + 8}"`);
    expect(svg).toContain("<title>V001 &#60;script&#62;</title>");
    // Paint the path back into a grid and compare with the encoder's modules.
    const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
    for (const [, x, y, run] of svg.matchAll(/M(\d+),(\d+)h(\d+)v1h-\d+z/g)) {
      for (let i = 0; i < Number(run); i++) grid[Number(y) - 4]![Number(x) - 4 + i] = true;
    }
    expect(grid).toEqual(data);
    for (const [r, c] of [
      [0, 0],
      [0, size - 7],
      [size - 7, 0],
    ] as const) {
      expect(grid[r]!.slice(c, c + 7)).toEqual(Array(7).fill(true));
      expect(grid[r + 1]!.slice(c, c + 7)).toEqual([true, false, false, false, false, false, true]);
    }
  });
});
