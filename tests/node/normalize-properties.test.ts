import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildBuildingIndex,
  buildingKey,
  foldText,
  matchOption,
  matchOptionList,
  nameKey,
  normalizeAvailability,
  normalizeBoolean,
  normalizeDate,
  normalizeName,
  normalizePhone,
  normalizeTime,
  normalizeTimeRange,
  parseDecimal,
  parseInteger,
  phoneTail,
} from "../../src/domain/normalize.ts";

// Properties over what organizers could paste into any cell: the sync reads every cell of every
// tab, so one throw would stop validation for the whole sheet.

const DAY_MS = 86_400_000;
const roles = [
  { value: "captain", zh: "队长", en: "Captain" },
  { value: "gate", zh: "门岗分拣", en: "Gate crew" },
];
const resolveBuilding = buildBuildingIndex([
  { building: "3号楼", aliases: "3栋,B3" },
  { building: "A3" },
  { building: "12号楼" },
]);

/** A day between 2000 and 2099 as "YYYY-MM-DD" (test code may use Date; the domain may not). */
const isoDay = fc
  .integer({ min: 0, max: 36524 })
  .map((n) => new Date(Date.UTC(2000, 0, 1) + n * DAY_MS).toISOString().slice(0, 10));

// Pieces of real cells, so random strings reach deep into the parsers and not just "unrecognized".
const pieces = fc.constantFrom(
  ..."0123456789０１２３４５６７８９".split(""),
  ..."一二三十两年月日号点半分时:：-/.~～至到、，,;；()（）+# ".split(""),
  "上午",
  "下午",
  "晚上",
  "中午",
  "凌晨",
  "周二",
  "星期天",
  "明天",
  "今天",
  "am",
  "pm",
  "tue",
  "尾号",
  "号楼",
  "栋",
  "单元",
  "室",
  "+86",
  "0086",
  "全天",
  "是",
  "否",
  "Yes",
  "No",
  "🌸",
  "☀️",
  "·",
  "\u200B",
  "\uFEFF",
);
const sheetLike = fc.array(pieces, { maxLength: 24 }).map((parts) => parts.join(""));
// Any UTF-16 code units, lone surrogates included: what a broken paste can produce.
const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }), // the full Unicode range (fast-check 3's fullUnicodeString)
  fc.string({ unit: "grapheme" }),
  codeUnits,
  sheetLike,
);
const longText = fc.oneof(
  fc.string({ unit: "binary", minLength: 5000, maxLength: 5000 }),
  fc.array(pieces, { minLength: 2500, maxLength: 2500 }).map((parts) => parts.join("")),
);

/** Runs every normalizer on one text; each must return a well-formed result, never throw. */
function everyNormalizer(text: string, today: string): void {
  const results = [
    normalizePhone(text),
    phoneTail(text),
    normalizeDate(text, { today }),
    normalizeTime(text),
    normalizeTimeRange(text),
    normalizeBoolean(text),
    matchOption(text, roles),
    matchOptionList(text, roles),
    normalizeAvailability(text),
    parseInteger(text),
    parseDecimal(text),
    buildingKey(text),
    resolveBuilding(text),
  ];
  for (const result of results) {
    if (!result.ok) {
      expect(result.reason).toMatch(/^[a-z_]+$/);
      expect(result.zh.length).toBeGreaterThan(0);
      expect(result.en.length).toBeGreaterThan(0);
    }
  }
  expect(typeof normalizeName(text)).toBe("string");
  expect(typeof foldText(text)).toBe("string");
}

describe("no normalizer throws, whatever is in the cell", () => {
  it("on arbitrary strings, including full Unicode and lone surrogates", () => {
    fc.assert(
      fc.property(anyText, isoDay, (text, today) => everyNormalizer(text, today)),
      { numRuns: 1000 },
    );
  });

  it("on 5,000-character strings, quickly", () => {
    const started = performance.now();
    fc.assert(
      fc.property(longText, (text) => everyNormalizer(text, "2022-04-18")),
      { numRuns: 40 },
    );
    // Linear-time patterns: 40 runs of 13 normalizers on 5,000 characters take milliseconds each.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("on long runs of one character, the classic trigger of regex backtracking", () => {
    for (const ch of ["1", " ", "点", "-", "·", "a", "号", "🌸", "\u200B"]) {
      everyNormalizer(ch.repeat(5000), "2022-04-18");
    }
  });
});

describe("normalizing a normalized value changes nothing", () => {
  it("dates: an ISO day reads as itself, and any result reads as itself", () => {
    fc.assert(
      fc.property(isoDay, isoDay, (day, today) => {
        expect(normalizeDate(day, { today })).toEqual({ ok: true, value: day });
      }),
    );
    fc.assert(
      fc.property(sheetLike, isoDay, (text, today) => {
        const first = normalizeDate(text, { today });
        if (first.ok) expect(normalizeDate(first.value, { today })).toEqual(first);
      }),
      { numRuns: 2000 },
    );
  });

  it("times: HH:MM reads as itself, and any result reads as itself", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1440 }), (minutes) => {
        const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
        expect(normalizeTime(hhmm)).toEqual({ ok: true, value: { minutes, hhmm } });
      }),
    );
    fc.assert(
      fc.property(sheetLike, (text) => {
        const first = normalizeTime(text);
        if (first.ok) expect(normalizeTime(first.value.hhmm)).toEqual(first);
        const span = normalizeTimeRange(text);
        if (span.ok) expect(normalizeTimeRange(`${span.value.start.hhmm}-${span.value.end.hhmm}`)).toEqual(span);
      }),
      { numRuns: 2000 },
    );
  });

  it("phones: however a mobile is dressed up, it reads as its 11 digits, which read as themselves", () => {
    const mobile = fc
      .tuple(fc.constantFrom(..."3456789"), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }))
      .map(([second, rest]) => `1${second}${rest.join("")}`);
    const prefix = fc.constantFrom("", "+86 ", "+86-", "0086 ", "86 ", "(+86)", "＋８６ ");
    const separator = fc.constantFrom("", " ", "-", ".", "\u3000");
    fc.assert(
      fc.property(mobile, prefix, separator, fc.boolean(), (digits, pre, sep, wide) => {
        let dressed = `${pre}${digits.slice(0, 3)}${sep}${digits.slice(3, 7)}${sep}${digits.slice(7)}`;
        if (wide) dressed = dressed.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
        expect(normalizePhone(dressed)).toEqual({ ok: true, value: digits });
        expect(normalizePhone(digits)).toEqual({ ok: true, value: digits });
      }),
    );
  });

  it("text, names, numbers and building keys are idempotent too", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const folded = foldText(text);
        expect(foldText(folded)).toBe(folded);
        const name = normalizeName(text);
        expect(normalizeName(name)).toBe(name);
        expect(nameKey(name)).toBe(nameKey(text));
        const integer = parseInteger(text);
        if (integer.ok) expect(parseInteger(String(integer.value))).toEqual(integer);
        const key = buildingKey(text);
        if (key.ok) expect(buildingKey(key.value)).toEqual(key);
      }),
      { numRuns: 1000 },
    );
  });
});
