import { describe, expect, it } from "vitest";
import { normalizePhone, phoneTail } from "../../src/domain/normalize.ts";

const NUMBER = "13800138000";

describe("normalizePhone reads a mainland mobile however it was typed", () => {
  it.each([
    "13800138000",
    "138 0013 8000",
    "138-0013-8000",
    "138.0013.8000",
    "(138) 0013 8000",
    "138–0013–8000",
    "+86 138 0013 8000",
    "+86-13800138000",
    "(+86)13800138000",
    "+8613800138000",
    "0086 13800138000",
    "008613800138000",
    "86 13800138000",
    "8613800138000",
    "１３８００１３８０００",
    "＋８６ １３８－００１３－８０００",
    " 138 0013 8000\u200B ",
  ])("%j -> 13800138000", (input) => {
    expect(normalizePhone(input)).toEqual({ ok: true, value: NUMBER });
  });

  it("accepts every mobile prefix 13x to 19x", () => {
    for (const second of "3456789") {
      expect(normalizePhone(`1${second}800138000`).ok).toBe(true);
    }
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["1380013800", "too_short"],
    ["+86 1380013800", "too_short"],
    ["138001380001", "too_long"],
    ["13800138000 13900139000", "too_long"],
    ["12800138000", "not_mobile"],
    ["10086123456", "not_mobile"],
    ["021-12345678", "not_mobile"],
    ["+1 415 555 0100", "not_mobile"],
    ["+44 7700 900123", "not_mobile"],
    ["138OO138000", "letters"],
    ["手机13800138000", "letters"],
    ["abc", "letters"],
    ["138*0013*8000", "symbols"],
    ["138+00138000", "symbols"],
  ] as const)("%j fails with %s", (input, reason) => {
    const result = normalizePhone(input);
    expect(result).toMatchObject({ ok: false, reason });
  });

  it("explains failures in both languages so the Check column can show them", () => {
    const result = normalizePhone("1380013800");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.zh).toContain("11");
      expect(result.en).toContain("11 digits");
    }
  });
});

describe("phoneTail finds the 尾号 people use to tell namesakes apart", () => {
  it.each([
    ["尾号1234", "1234"],
    ["尾号:1234", "1234"],
    ["尾号：１２３４", "1234"],
    ["王芳 尾号 1234", "1234"],
    ["王芳尾号是1234", "1234"],
    ["后四位1234", "1234"],
    ["王芳(1234)", "1234"],
    ["王芳（1234）", "1234"],
    ["1234", "1234"],
    ["138 0013 8000", "8000"],
    ["王芳 13800138000", "8000"],
  ])("%j -> %s", (input, expected) => {
    expect(phoneTail(input)).toEqual({ ok: true, value: expected });
  });

  it.each(["王芳", "尾号123", "尾号12345", "(123)"])("%j has no tail", (input) => {
    expect(phoneTail(input)).toMatchObject({ ok: false, reason: "no_tail" });
  });

  it("reports a blank cell as empty", () => {
    expect(phoneTail(" ")).toMatchObject({ ok: false, reason: "empty" });
  });
});
