import { describe, expect, it } from "vitest";
import { parseDecimal, parseInteger } from "../../src/domain/normalize.ts";

describe("parseInteger reads counts", () => {
  it.each([
    ["12", 12],
    ["１２", 12],
    ["12户", 12],
    ["12 人", 12],
    ["12件", 12],
    ["12 pcs", 12],
    ["12.0", 12],
    ["1,200", 1200],
    ["１，２００", 1200],
    ["1,234,567", 1234567],
    [" 0 ", 0],
    ["-0", 0],
    ["+3", 3],
    ["-3", -3],
    ["十二", 12],
    ["十二户", 12],
  ])("%j -> %d", (input, expected) => {
    expect(parseInteger(input)).toEqual({ ok: true, value: expected });
  });

  it("says a decimal is not whole, naming it", () => {
    const result = parseInteger("12.5");
    expect(result).toMatchObject({ ok: false, reason: "not_whole" });
    if (!result.ok) expect(result.en).toContain("12.5");
  });

  it.each([
    ["abc", "not_a_number"],
    ["12abc", "not_a_number"],
    ["1,2", "not_a_number"],
    ["12,00", "not_a_number"],
    ["1.2.3", "not_a_number"],
    ["-", "not_a_number"],
    [".", "not_a_number"],
    ["户", "not_a_number"],
    ["99999999999999999999", "too_large"],
    ["", "empty"],
  ] as const)("%j fails with %s", (input, reason) => {
    expect(parseInteger(input)).toMatchObject({ ok: false, reason });
  });
});

describe("parseDecimal reads amounts for number columns", () => {
  it.each([
    ["0.5", 0.5],
    [".5", 0.5],
    ["０．５", 0.5],
    ["0.2升", 0.2],
    ["2", 2],
    ["1,200.5", 1200.5],
  ])("%j -> %d", (input, expected) => {
    expect(parseDecimal(input)).toEqual({ ok: true, value: expected });
  });

  it.each(["abc", "1/2", "50%", "0,5"])("%j is not a number", (input) => {
    expect(parseDecimal(input)).toMatchObject({ ok: false, reason: "not_a_number" });
  });
});
