import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chainLines,
  parseChain,
  planChainImport,
  type ExistingSignup,
  type SignupRowCells,
} from "../../src/domain/chain.ts";
import { foldText } from "../../src/domain/normalize.ts";
import { entries, ROSTER, TODAY, TOMORROW } from "./chain-fixtures.ts";

// Properties of the chain import. Parsing must never throw (an organizer pastes whatever the group
// produced), and importing must be idempotent: organizers will paste the same chain, or the next
// person's longer copy of it, several times an evening.

const context = { today: TODAY, expected: TOMORROW };

/** What WeChat and hand-typed chains are made of, to mix with arbitrary text. */
const fragment = fc.constantFrom(
  "#接龙",
  "明天志愿者报名",
  "4月19日（周二）",
  "例 张三 3号楼 全天",
  "1. 张伟 3号楼 全天",
  "2、李娜 12-301 上午",
  "３．王芳（１２３４）下午",
  "4) V005 赵磊 8-12点",
  "1. 张伟 全天 2. 李娜 上午",
  "🌸🙋‍♂️👍",
  "1️⃣",
  "收到",
  "尾号",
  "12栋301",
  '=HYPERLINK("x")',
  "今天",
  "后天",
  "周三",
  "8.30集合",
  "上午不行",
  "取消",
  "",
  "\u200b\u3000",
  "\r",
);
const chainish = fc
  .tuple(
    fc.array(fc.oneof(fragment, fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 })), {
      maxLength: 40,
    }),
    fc.constantFrom("\n", " ", "", "\r\n"),
  )
  .map(([parts, separator]) => parts.join(separator));
const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 400 }), fc.string({ maxLength: 400 }), chainish);

describe("parseChain never throws and never loses a line", () => {
  it("reads any text into lines, ignored lines (each with a reason) or a refusal", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const chain = parseChain(text, context);
        if (["empty", "too_many_lines", "too_many_entries"].includes(chain.refusal?.code ?? "")) return;
        // Every non-blank line of the paste is accounted for.
        const accounted = new Set([...chain.lines.map((l) => l.lineNumber), ...chain.ignored.map((l) => l.lineNumber)]);
        chainLines(text).forEach((line, i) => {
          if (foldText(line) !== "") expect(accounted.has(i + 1)).toBe(true);
        });
        for (const l of chain.ignored) expect(l.zh.length * l.en.length).toBeGreaterThan(0);
      }),
      { numRuns: 1500 },
    );
  });

  it("plans an import for any text and any sheet without throwing", () => {
    const existing = fc.array(
      fc.record({
        volunteerId: fc.oneof(fc.constantFrom(...ROSTER.map((v) => v.id)), fc.string({ maxLength: 6 })),
        availability: fc.constantFrom("all_day" as const, "am" as const, "pm" as const, null),
      }),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(anyText, existing, (text, sheet) => {
        const plan = planChainImport({ text, today: TODAY, date: TOMORROW, roster: ROSTER, existing: sheet });
        if (plan.refusal) expect(plan.rows).toEqual([]);
        for (const row of plan.rows) expect(ROSTER.some((v) => v.id === row.volunteer_id)).toBe(true);
      }),
      { numRuns: 800 },
    );
  });
});

// Active volunteers with a unique name, or a phone tail where the name is shared.
const signers = ROSTER.filter((v) => v.active);
const shared = new Set(signers.filter((v) => signers.filter((w) => w.name === v.name).length > 1).map((v) => v.id));
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const lineStyle = fc.record({
  number: fc.constantFrom("n. ", "n、", "n)", "(n) ", "n．"),
  availability: fc.constantFrom("全天", "上午", "下午", "AM", "PM", "8-12点", "13:00-17:00", "上下午", ""),
  building: fc.boolean(),
  tail: fc.boolean(),
  emoji: fc.boolean(),
  wide: fc.boolean(),
});
type LineStyle = typeof lineStyle extends fc.Arbitrary<infer T> ? T : never;

function line(index: number, v: (typeof signers)[number], style: LineStyle): string {
  const parts = [
    `${style.emoji ? "🌸" : ""}${v.name}`,
    style.building && v.homeBuilding ? v.homeBuilding : "",
    style.tail || shared.has(v.id) ? `尾号${v.phone.slice(-4)}` : "",
    style.availability,
  ];
  const text = `${style.number.replace("n", String(index))}${parts.filter((p) => p !== "").join(" ")}`;
  return style.wide ? fullWidth(text) : text;
}

/** A chain: a header, then the given volunteers one per line in the given styles. */
const chainOf = fc
  .uniqueArray(fc.constantFrom(...signers), { minLength: 1, maxLength: signers.length, selector: (v) => v.id })
  .chain((people) =>
    fc.tuple(fc.constant(people), fc.array(lineStyle, { minLength: people.length, maxLength: people.length })),
  );

function render(people: typeof signers, styles: LineStyle[], count = people.length): string {
  return ["#接龙", "明天志愿者报名", ...people.slice(0, count).map((v, i) => line(i + 1, v, styles[i]!))].join("\n");
}

/** The sheet after appending rows: what a second import sees. */
function sheetAfter(existing: readonly ExistingSignup[], rows: readonly SignupRowCells[]): ExistingSignup[] {
  return [...existing, ...rows.map((r) => ({ volunteerId: r.volunteer_id, availability: null }))];
}

const importOnce = (text: string, existing: ExistingSignup[]) =>
  planChainImport({ text, today: TODAY, date: TOMORROW, roster: ROSTER, existing });

describe("importing is idempotent", () => {
  it("reads a chain pasted twice exactly as once", () => {
    fc.assert(
      fc.property(chainOf, ([people, styles]) => {
        const text = render(people, styles);
        expect(entries(parseChain(`${text}\n${text}`, context))).toEqual(entries(parseChain(text, context)));
      }),
      { numRuns: 200 },
    );
  });

  it("a generated chain imports every line; importing it again adds nothing", () => {
    fc.assert(
      fc.property(chainOf, ([people, styles]) => {
        const text = render(people, styles);
        const first = importOnce(text, []);
        expect(first.refusal).toBeNull();
        expect(first.unmatched).toEqual([]);
        expect(first.rows.map((r) => r.volunteer_id)).toEqual(people.map((v) => v.id));
        const again = importOnce(text, sheetAfter([], first.rows));
        expect(again.rows).toEqual([]);
        expect(again.merge.alreadyPresent).toHaveLength(people.length);
      }),
      { numRuns: 300 },
    );
  });

  it("a chain, then its longer re-posted copy, appends exactly the new lines", () => {
    fc.assert(
      fc.property(chainOf, fc.nat(), fc.boolean(), ([people, styles], cut, pasteBoth) => {
        const count = 1 + (cut % people.length);
        const short = render(people, styles, count);
        const long = render(people, styles);
        const first = importOnce(short, []);
        // Organizers may paste only the newest copy, or the whole conversation with both copies.
        const second = importOnce(pasteBoth ? `${short}\n${long}` : long, sheetAfter([], first.rows));
        expect(second.refusal).toBeNull();
        expect(second.rows.map((r) => r.volunteer_id)).toEqual(people.slice(count).map((v) => v.id));
        const third = importOnce(long, sheetAfter(sheetAfter([], first.rows), second.rows));
        expect(third.rows).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
