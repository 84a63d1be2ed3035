import { describe, expect, it } from "vitest";
import { normalizeBoolean } from "../../src/domain/normalize.ts";

describe("normalizeBoolean reads yes/no cells", () => {
  it.each([
    "是",
    "对",
    "有",
    "Y",
    "y",
    "yes",
    "YES",
    "TRUE",
    "true",
    "1",
    "１",
    "✓",
    "✔",
    "√",
    "☑",
    "在",
    "有效",
    "是 Yes",
    "是(Yes)",
    "Yes 是",
  ])("%j is true", (input) => {
    expect(normalizeBoolean(input)).toEqual({ ok: true, value: true });
  });

  it.each([
    "否",
    "错",
    "无",
    "N",
    "n",
    "no",
    "No",
    "FALSE",
    "false",
    "0",
    "✗",
    "✘",
    "×",
    "☐",
    "不在",
    "无效",
    "否 No",
    "否/No",
  ])("%j is false", (input) => {
    expect(normalizeBoolean(input)).toEqual({ ok: true, value: false });
  });

  it("leaves a blank cell undefined so the caller applies the column default", () => {
    for (const input of ["", "  ", "\u3000", "\uFEFF"]) {
      expect(normalizeBoolean(input)).toEqual({ ok: true, value: undefined });
    }
  });

  it("refuses a label whose two languages disagree", () => {
    expect(normalizeBoolean("是 No")).toMatchObject({ ok: false, reason: "unrecognized" });
  });

  it("refuses x, which means ticked in a checkbox and no elsewhere", () => {
    expect(normalizeBoolean("x")).toMatchObject({ ok: false, reason: "unrecognized" });
  });

  it.each(["也许", "maybe", "2", "是是否"])("%j is unrecognized, with a hint in both languages", (input) => {
    const result = normalizeBoolean(input);
    expect(result).toMatchObject({ ok: false, reason: "unrecognized" });
    if (!result.ok) expect(result.zh + result.en).toMatch(/是.*否|Yes.*No/);
  });
});
