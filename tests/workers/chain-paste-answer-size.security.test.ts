/**
 * A chain paste may be 200 KB and 2,000 entries; the answer to it must stay small whatever those
 * entries are (issue 13, finding 8: a 200 KB paste answered a 7.5 MB 422). Past the entry cap
 * the paste is refused with nothing listed (signups-import.test.ts); under it, every entry can
 * still be a line no volunteer matches, so the answer lists the first of those only and says how
 * many there were.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { seedDemo, sheetsCall, TOKEN } from "./support/emulator.ts";

const SHEET = "demo-compound";
const auth = { authorization: `Bearer ${TOKEN}` };
const LISTED = 100;
const SMALL = 64 * 1024;

interface Answer {
  error?: { code: string; zh: string; en: string };
  unmatched: Array<{ lineNumber: number; code: string }>;
  unmatchedCount: number;
  added?: number;
  notes?: Array<{ code: string; zh: string; en: string }>;
}

/** A name no roster has: four Han characters spelled from `i`. */
function stranger(i: number): string {
  const han = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉";
  let name = "";
  for (let n = i, k = 0; k < 4; k++, n = Math.floor(n / han.length)) name += han[n % han.length];
  return `路人${name}`;
}

/** A chain for tomorrow: `names` as numbered lines, each padded towards 100 bytes. */
function chain(names: string[]): string {
  const lines = names.map((name, i) => `${i + 1}. ${name} 全天 明早七点到岗听从安排谢谢大家辛苦了一起加油`);
  return ["#接龙 明天核酸志愿者", ...lines].join("\n");
}

async function post(text: string): Promise<{ status: number; size: number; body: Answer }> {
  const response = await SELF.fetch("http://local/api/demo/signups/import", {
    method: "POST",
    headers: { ...auth, "content-type": "text/plain; charset=utf-8" },
    body: text,
  });
  const raw = await response.text();
  return { status: response.status, size: new TextEncoder().encode(raw).length, body: JSON.parse(raw) as Answer };
}

describe("the answer to a 200 KB chain stays small", () => {
  it("a refused chain of 1,999 strangers lists the first 100 and counts them all", async () => {
    await seedDemo(SHEET);
    // The header and 1,999 entries: 2,000 lines, the most a paste may have.
    const text = chain(Array.from({ length: 1999 }, (_, i) => stranger(i)));
    const bytes = new TextEncoder().encode(text).length;
    expect(bytes).toBeGreaterThan(180 * 1024);
    expect(bytes).toBeLessThanOrEqual(200 * 1024);
    const { status, size, body } = await post(text);
    expect(status).toBe(422);
    expect(body.error!.code).toBe("foreign_chain");
    expect(size).toBeLessThan(SMALL);
    expect(body.unmatched).toHaveLength(LISTED);
    expect(body.unmatched[0]!.lineNumber).toBe(2);
    expect(body.unmatchedCount).toBe(1999);
  });

  it("an imported chain with many strangers lists the first 100, counts them all and says so in zh/en", async () => {
    await seedDemo(SHEET);
    const { values = [] } = (await (
      await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent("'志愿者 Volunteers'")}`)
    ).json()) as { values?: string[][] };
    // Active volunteers with a name of their own (a namesake would be ambiguous, not matched).
    const names = values.slice(1).map((r) => r[1]!);
    const unique = names.filter((n, i) => names.indexOf(n) === i && names.lastIndexOf(n) === i);
    const roster = unique.slice(0, 200);
    const strangers = Array.from({ length: roster.length - 20 }, (_, i) => stranger(i));
    // The report lists every volunteer added (up to the 2,000-entry cap), which is what the
    // organizer asked for; only the lines nobody matched, each with a reason, are cut short.
    const { status, body } = await post(chain([...roster, ...strangers]));
    expect(status).toBe(200);
    expect(body.unmatchedCount).toBeGreaterThanOrEqual(strangers.length);
    expect(body.unmatched).toHaveLength(LISTED);
    const cut = body.notes!.find((n) => n.code === "unmatched_not_listed")!;
    expect(cut.zh).toContain(`还有 ${body.unmatchedCount - LISTED} 行`);
    expect(cut.en).toContain(`${body.unmatchedCount - LISTED} more`);
  });
});
