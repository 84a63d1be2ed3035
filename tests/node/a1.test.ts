/**
 * A1 notation: the emulator must read every range form the gateway and google-spreadsheet send,
 * and print ranges exactly as Google prints them, because clients parse the printed form.
 */
import { describe, expect, it } from "vitest";
import {
  cellA1,
  columnToLetters,
  formatA1,
  lettersToColumn,
  parseA1,
  quoteSheetTitle,
  type A1Range,
} from "../../src/sheets/a1.ts";

function parsed(input: string): A1Range {
  const r = parseA1(input);
  if (!r.ok) throw new Error(`expected ${input} to parse`);
  return r.range;
}

describe("column letters", () => {
  it("round-trips indices through letters, including two and three letters", () => {
    for (const [i, l] of [
      [0, "A"],
      [25, "Z"],
      [26, "AA"],
      [701, "ZZ"],
      [702, "AAA"],
      [18277, "ZZZ"],
    ] as const) {
      expect(columnToLetters(i)).toBe(l);
      expect(lettersToColumn(l)).toBe(i);
    }
  });

  it("accepts lower-case letters and rejects what is not a column", () => {
    expect(lettersToColumn("ab")).toBe(27);
    expect(lettersToColumn("")).toBeNull();
    expect(lettersToColumn("A1")).toBeNull();
    expect(lettersToColumn("AAAA")).toBeNull();
  });

  it("names a cell from 0-based coordinates", () => {
    expect(cellA1(6, 1)).toBe("B7");
  });
});

describe("parseA1", () => {
  it("reads a bounded range as 0-based half-open coordinates", () => {
    expect(parsed("Sheet1!A1:C5")).toEqual({ sheetTitle: "Sheet1", startRow: 0, endRow: 5, startCol: 0, endCol: 3 });
  });

  it("reads a single cell as a 1x1 range", () => {
    expect(parsed("Sheet1!B2")).toEqual({ sheetTitle: "Sheet1", startRow: 1, endRow: 2, startCol: 1, endCol: 2 });
  });

  it("leaves unbounded sides null: whole columns, open-ended rows, whole rows, whole sheet", () => {
    expect(parsed("Sheet1!A:C")).toMatchObject({ startRow: null, endRow: null, startCol: 0, endCol: 3 });
    expect(parsed("Sheet1!A2:Z")).toMatchObject({ startRow: 1, endRow: null, startCol: 0, endCol: 26 });
    expect(parsed("Sheet1!2:4")).toMatchObject({ startRow: 1, endRow: 4, startCol: null, endCol: null });
    expect(parsed("Sheet1")).toEqual({
      sheetTitle: "Sheet1",
      startRow: null,
      endRow: null,
      startCol: null,
      endCol: null,
    });
  });

  it("reads quoted titles with spaces, CJK and doubled quotes", () => {
    expect(parsed("'志愿者 Volunteers'!A2:Z")).toMatchObject({ sheetTitle: "志愿者 Volunteers", startRow: 1 });
    expect(parsed("'It''s'!A:A")).toMatchObject({ sheetTitle: "It's", startCol: 0, endCol: 1 });
    expect(parsed("'It''s'")).toMatchObject({ sheetTitle: "It's", startRow: null });
  });

  it("accepts lower-case columns and normalizes reversed corners", () => {
    expect(parsed("Sheet1!c5:a1")).toMatchObject({ startRow: 0, endRow: 5, startCol: 0, endCol: 3 });
  });

  it("treats a range without a sheet name as a range of the first sheet (sheetTitle null)", () => {
    expect(parsed("A1:B2")).toEqual({ sheetTitle: null, startRow: 0, endRow: 2, startCol: 0, endCol: 2 });
  });

  it("treats a bare word that is not a cell reference as a sheet title", () => {
    expect(parsed("Volunteers").sheetTitle).toBe("Volunteers");
    expect(parsed("AB").sheetTitle).toBe("AB");
  });

  it("returns a failure value instead of throwing for text that is not a range", () => {
    for (const bad of [
      "",
      "Sheet1!",
      "Sheet1!A0",
      "Sheet1!A1:B2:C3",
      "'unterminated!A1",
      "'x'A1",
      "!A1",
      "Sheet1!AAAA1",
    ]) {
      expect(parseA1(bad)).toEqual({ ok: false, input: bad });
    }
  });
});

describe("formatA1", () => {
  const all = { startRow: 0, endRow: 1000, startCol: 0, endCol: 26 };

  it("prints plain titles bare and quotes the rest, doubling quotes", () => {
    expect(formatA1("Sheet1", all)).toBe("Sheet1!A1:Z1000");
    expect(formatA1("志愿者 Volunteers", all)).toBe("'志愿者 Volunteers'!A1:Z1000");
    expect(formatA1("It's", all)).toBe("'It''s'!A1:Z1000");
    expect(quoteSheetTitle("my_tab2")).toBe("my_tab2");
  });

  it("quotes a title that looks like a cell so it cannot be read back as one", () => {
    expect(quoteSheetTitle("A1")).toBe("'A1'");
    expect(quoteSheetTitle("R2C3")).toBe("'R2C3'");
  });

  it("prints a single cell, open ranges and a whole sheet the way Google does", () => {
    expect(formatA1("Sheet1", { startRow: 6, endRow: 7, startCol: 1, endCol: 2 })).toBe("Sheet1!B7");
    expect(formatA1("Sheet1", { startRow: null, endRow: null, startCol: 0, endCol: 3 })).toBe("Sheet1!A:C");
    expect(formatA1("Sheet1", { startRow: 1, endRow: null, startCol: 0, endCol: 26 })).toBe("Sheet1!A2:Z");
    expect(formatA1("Sheet1", { startRow: 1, endRow: 4, startCol: null, endCol: null })).toBe("Sheet1!2:4");
    expect(formatA1("Sheet1", { startRow: null, endRow: null, startCol: null, endCol: null })).toBe("Sheet1");
    expect(formatA1(null, { startRow: 0, endRow: 2, startCol: 0, endCol: 2 })).toBe("A1:B2");
  });

  it("round-trips through parseA1", () => {
    for (const text of [
      "Sheet1!A1:C5",
      "'志愿者 Volunteers'!A2:Z",
      "'It''s'!A:A",
      "Sheet1!2:4",
      "Sheet1!B2",
      "Sheet1",
    ]) {
      const { sheetTitle, ...rect } = parsed(text);
      expect(formatA1(sheetTitle, rect)).toBe(text);
    }
  });
});
