/**
 * A1 notation as the Sheets API reads and writes it, so the emulator answers with the same
 * `range` strings Google does (clients parse them: google-spreadsheet reads the row number out of
 * an append's `updatedRange`).
 *
 * Coordinates are 0-based and half-open like Google's GridRange; `null` is an unbounded side
 * (`A:C` has no row bounds, `A2:Z` has no end row). Parse failures are values, not throws: the
 * caller decides whether that is a 400 (`Unable to parse range: ...`).
 *
 * Not supported (Google accepts them): R1C1 ranges, named ranges, `$` absolute markers.
 *
 * @example
 * parseA1("'It''s'!A2:Z"); // { ok: true, range: { sheetTitle: "It's", startRow: 1, endRow: null, startCol: 0, endCol: 26 } }
 * formatA1("志愿者 Volunteers", { startRow: 0, endRow: 1000, startCol: 0, endCol: 26 }); // "'志愿者 Volunteers'!A1:Z1000"
 */

/** A rectangle of the grid; null means "to the edge of the sheet" on that side. */
export interface GridRect {
  startRow: number | null;
  endRow: number | null;
  startCol: number | null;
  endCol: number | null;
}

/** A parsed range; `sheetTitle: null` means the range named no sheet (Google uses the first visible one). */
export interface A1Range extends GridRect {
  sheetTitle: string | null;
}

export type A1Parse = { ok: true; range: A1Range } | { ok: false; input: string };

/** ZZZ: Google's column limit is 18,278. */
const MAX_COLUMN_LETTERS = 3;

/** 0 -> "A", 25 -> "Z", 26 -> "AA". */
export function columnToLetters(index0: number): string {
  let n = index0 + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** "A" -> 0, "aa" -> 26; null for anything that is not 1-3 letters. */
export function lettersToColumn(letters: string): number | null {
  if (!/^[A-Za-z]+$/.test(letters) || letters.length > MAX_COLUMN_LETTERS) return null;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "B7" for row 6, column 1. */
export function cellA1(row0: number, col0: number): string {
  return `${columnToLetters(col0)}${row0 + 1}`;
}

/**
 * Quotes a sheet title the way Google prints it in ranges. Titles that look like a cell
 * reference (`A1`, `AB12`, R1C1 `R2C3`) are quoted too, so they cannot be read back as cells.
 */
export function quoteSheetTitle(title: string): string {
  const looksLikeCell = /^[A-Za-z]{1,3}[0-9]+$/.test(title) || /^[Rr][0-9]*[Cc][0-9]*$/.test(title);
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) && !looksLikeCell;
  return plain ? title : `'${title.replace(/'/g, "''")}'`;
}

interface Endpoint {
  col: number | null;
  row: number | null;
}

function parseEndpoint(token: string): Endpoint | null {
  const m = /^([A-Za-z]*)([0-9]*)$/.exec(token);
  if (!m || token === "") return null;
  const [, letters = "", digits = ""] = m;
  const col = letters === "" ? null : lettersToColumn(letters);
  if (letters !== "" && col === null) return null;
  let row: number | null = null;
  if (digits !== "") {
    const n = Number(digits);
    if (!Number.isSafeInteger(n) || n < 1) return null;
    row = n - 1;
  }
  return { col, row };
}

/** One dimension of a two-endpoint range: both given -> sorted, one given -> open on the other side. */
function span(a: number | null, b: number | null): [number | null, number | null] {
  if (a !== null && b !== null) return [Math.min(a, b), Math.max(a, b) + 1];
  if (a !== null) return [a, null];
  if (b !== null) return [null, b + 1];
  return [null, null];
}

/** Parses the part after `!`: `B2`, `A1:C5`, `A:C`, `A2:Z`, `2:4`. */
export function parseCellRef(ref: string): GridRect | null {
  const parts = ref.split(":");
  if (parts.length === 1) {
    const p = parseEndpoint(parts[0] ?? "");
    // A lone column ("A") or row ("5") is not a range; Google reads it as a sheet title.
    if (!p || p.col === null || p.row === null) return null;
    return { startRow: p.row, endRow: p.row + 1, startCol: p.col, endCol: p.col + 1 };
  }
  if (parts.length !== 2) return null;
  const a = parseEndpoint(parts[0] ?? "");
  const b = parseEndpoint(parts[1] ?? "");
  if (!a || !b) return null;
  const [startCol, endCol] = span(a.col, b.col);
  const [startRow, endRow] = span(a.row, b.row);
  return { startRow, endRow, startCol, endCol };
}

const wholeSheet = (sheetTitle: string): A1Range => ({
  sheetTitle,
  startRow: null,
  endRow: null,
  startCol: null,
  endCol: null,
});

/**
 * Parses `Sheet1!A1:C5`, `'It''s'!A:A`, `Sheet1` (whole sheet), `B2` (first sheet).
 * An input without `!` that is not a cell reference is a sheet title, as in Google.
 */
export function parseA1(input: string): A1Parse {
  const fail: A1Parse = { ok: false, input };
  if (input === "") return fail;

  if (input.startsWith("'")) {
    let title = "";
    let i = 1;
    for (;;) {
      const q = input.indexOf("'", i);
      if (q < 0) return fail;
      title += input.slice(i, q);
      if (input[q + 1] === "'") {
        title += "'";
        i = q + 2;
        continue;
      }
      i = q + 1;
      break;
    }
    if (title === "") return fail;
    const rest = input.slice(i);
    if (rest === "") return { ok: true, range: wholeSheet(title) };
    if (!rest.startsWith("!")) return fail;
    const rect = parseCellRef(rest.slice(1));
    return rect ? { ok: true, range: { sheetTitle: title, ...rect } } : fail;
  }

  const bang = input.lastIndexOf("!");
  if (bang >= 0) {
    const title = input.slice(0, bang);
    const rect = parseCellRef(input.slice(bang + 1));
    if (title === "" || !rect) return fail;
    return { ok: true, range: { sheetTitle: title, ...rect } };
  }

  const rect = parseCellRef(input);
  if (rect) return { ok: true, range: { sheetTitle: null, ...rect } };
  return { ok: true, range: wholeSheet(input) };
}

/** Formats the cell part: `A1:C5`, `A1` for a single cell, `A:C`, `A2:Z`, `2:4`; "" for a whole sheet. */
export function formatCellRef(rect: GridRect): string {
  const { startRow, endRow, startCol, endCol } = rect;
  let first = (startCol !== null ? columnToLetters(startCol) : "") + (startRow !== null ? String(startRow + 1) : "");
  const second = (endCol !== null ? columnToLetters(endCol - 1) : "") + (endRow !== null ? String(endRow) : "");
  if (first === "" && second === "") return "";
  if (first === "") {
    // ":C5" is not A1; an open start with a closed end means "from the first row/column".
    first = (endCol !== null ? "A" : "") + (endRow !== null ? "1" : "");
  }
  const isCell = startRow !== null && startCol !== null && endRow === startRow + 1 && endCol === startCol + 1;
  return isCell ? first : `${first}:${second}`;
}

/** `Sheet1!A1:C5`, `'志愿者 Volunteers'!A2:Z`, `Sheet1` (whole sheet), `A1:B2` when no title. */
export function formatA1(sheetTitle: string | null, rect: GridRect): string {
  const ref = formatCellRef(rect);
  if (sheetTitle === null) return ref;
  const quoted = quoteSheetTitle(sheetTitle);
  return ref === "" ? quoted : `${quoted}!${ref}`;
}
