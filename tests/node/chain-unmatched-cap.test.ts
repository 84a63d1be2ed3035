import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chainImportReport,
  MAX_CHAIN_BYTES,
  MAX_CHAIN_LINES,
  planChainImport,
  UNMATCHED_LISTED,
  unmatchedLines,
} from "../../src/domain/chain.ts";
import { ROSTER, TODAY, TOMORROW } from "./chain-fixtures.ts";

// A 200 KB chain may hold up to 2,000 lines that match nobody; a report or a refusal that lists
// each with its reason in two languages grows to most of a megabyte (issue 13, finding 8). Only
// the first UNMATCHED_LISTED are listed; the count is always complete.

const HAN = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉";

/** A name nobody on the roster has, spelled from `i`. */
function stranger(i: number): string {
  let name = "路人";
  for (let n = i, k = 0; k < 4; k++, n = Math.floor(n / HAN.length)) name += HAN[n % HAN.length];
  return name;
}

function chain(names: string[]): string {
  const lines = names.map((name, i) => `${i + 1}. ${name} 全天 明早七点到岗听从安排谢谢大家辛苦了一起加油`);
  return ["#接龙 明天核酸志愿者", ...lines].join("\n");
}

const plan = (text: string) => planChainImport({ text, today: TODAY, date: TOMORROW, roster: ROSTER, existing: [] });

describe("lines nobody matches are listed up to a cap, and always counted", () => {
  it("a 200 KB chain of 1,999 strangers: refused, 100 listed, 1,999 counted", () => {
    const text = chain(Array.from({ length: MAX_CHAIN_LINES - 1 }, (_, i) => stranger(i)));
    const bytes = new TextEncoder().encode(text).length;
    expect(bytes).toBeGreaterThan(0.9 * MAX_CHAIN_BYTES);
    expect(bytes).toBeLessThanOrEqual(MAX_CHAIN_BYTES);
    const p = plan(text);
    expect(p.refusal?.code).toBe("foreign_chain");
    const listed = unmatchedLines(p);
    expect(listed.unmatchedCount).toBe(1999);
    expect(listed.unmatched).toHaveLength(UNMATCHED_LISTED);
    expect(listed.unmatched.map((u) => u.lineNumber)).toEqual(
      Array.from({ length: UNMATCHED_LISTED }, (_, i) => i + 2),
    );
    expect(JSON.stringify(listed).length).toBeLessThan(40 * 1024);
  });

  it("any mix of roster names and strangers: min(count, cap) listed, the rest said in the report's notes", () => {
    const names = ROSTER.map((v) => v.name);
    let cutShown = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 25 }), (strangers, copies) => {
        // Roster names on `copies + 1` lines each; with fewer than half matched the chain is refused.
        const known = Array.from({ length: copies + 1 }, () => names).flat();
        const all = [...known, ...Array.from({ length: strangers }, (_, i) => stranger(i))];
        const p = plan(chain(all));
        const report = p.refusal ? undefined : chainImportReport(p);
        const listed = unmatchedLines(p);
        expect(listed.unmatchedCount).toBe(p.unmatched.length);
        expect(listed.unmatched).toHaveLength(Math.min(p.unmatched.length, UNMATCHED_LISTED));
        if (!report) return;
        expect(report.unmatchedCount).toBe(p.unmatched.length);
        const cut = report.notes.find((n) => n.code === "unmatched_not_listed");
        if (p.unmatched.length > UNMATCHED_LISTED) {
          const more = p.unmatched.length - UNMATCHED_LISTED;
          expect(cut?.zh).toContain(`还有 ${more} 行没有列出`);
          expect(cut?.en).toContain(`${more} more are not`);
          cutShown += 1;
        } else {
          expect(cut).toBeUndefined();
        }
      }),
      { seed: 20221208, numRuns: 60 },
    );
    // The runs did reach an imported chain with more unmatched lines than are listed.
    expect(cutShown).toBeGreaterThan(0);
  });
});
