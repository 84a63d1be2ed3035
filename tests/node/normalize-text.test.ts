import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldKey, foldText, parseChineseNumeral, tidyText } from "../../src/domain/normalize.ts";

describe("foldText: what WeChat pastes is read as what was meant", () => {
  it.each([
    ["１２３", "123"],
    ["ＡＢＣ ａｂｃ", "ABC abc"],
    ["８：３０", "8:30"],
    ["（１２３４）", "(1234)"],
    ["  a \t b\n\nc  ", "a b c"],
    ["王\u3000芳", "王 芳"],
    ["a\u00A0b", "a b"],
    ["\uFEFF2022-04-18", "2022-04-18"],
    ["138\u200B0013\u200C8000\u200D", "13800138000"],
    ["a\u2060b\u00ADc", "abc"],
  ])("folds %j to %j", (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });

  it("keeps case; foldKey is the case-insensitive form", () => {
    expect(foldText("Ｙｅｓ")).toBe("Yes");
    expect(foldKey(" ＹＥＳ ")).toBe("yes");
  });

  it("returns an empty string for invisible-only input, so blank checks need no extra trim", () => {
    expect(foldText("\uFEFF\u200B \u3000")).toBe("");
  });
});

describe("format characters never reach a page, a calendar entry or a message", () => {
  const bidi = [
    "\u202A",
    "\u202B",
    "\u202C",
    "\u202D",
    "\u202E",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200E",
    "\u200F",
  ];

  it.each(bidi.map((c) => [c.codePointAt(0)!.toString(16).toUpperCase()]))(
    "strips U+%s from free text (tidyText) and identifiers (foldText)",
    (hex) => {
      const c = String.fromCodePoint(parseInt(hex, 16));
      expect(tidyText(`东门${c}口，集合`)).toBe("东门口，集合");
      expect(foldText(`3${c}号楼`)).toBe("3号楼");
    },
  );

  it("no \\p{Cf} survives either step, whatever else the text holds", () => {
    const anyText = fc.string({
      unit: fc.oneof(
        fc.constantFrom(...bidi, "\u200D", "\uFEFF", "\u00AD"),
        fc.string({ unit: "binary", maxLength: 1 }),
      ),
    });
    fc.assert(
      fc.property(anyText, (text) => {
        expect(tidyText(text)).not.toMatch(/\p{Cf}/u);
        expect(foldText(text)).not.toMatch(/\p{Cf}/u);
      }),
      { seed: 20221205, numRuns: 2000 },
    );
  });

  it("keeps full-width punctuation in free text; a compound emoji falls apart into its faces", () => {
    expect(tidyText("阳性，隔离中（3天）")).toBe("阳性，隔离中（3天）");
    expect(tidyText("👨\u200D👩\u200D👧")).toBe("👨👩👧");
  });
});

describe("parseChineseNumeral reads building, month and hour numbers up to 九十九", () => {
  it.each([
    ["一", 1],
    ["两", 2],
    ["九", 9],
    ["十", 10],
    ["十二", 12],
    ["二十", 20],
    ["二十三", 23],
    ["九十九", 99],
  ])("%s = %d", (input, expected) => {
    expect(parseChineseNumeral(input)).toBe(expected);
  });

  it.each(["", "百", "一百", "十十", "二二", "零十", "十零", "abc", "一二三四"])(
    "refuses %j rather than guess",
    (input) => {
      expect(parseChineseNumeral(input)).toBeUndefined();
    },
  );
});
