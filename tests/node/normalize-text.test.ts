import { describe, expect, it } from "vitest";
import { foldKey, foldText, parseChineseNumeral } from "../../src/domain/normalize.ts";

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
