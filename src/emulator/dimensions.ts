/**
 * Inserting and deleting rows or columns, and what moves with them.
 *
 * Organizers insert and delete rows while the Worker reads the sheet, so the emulator shifts
 * everything Google shifts: cells (with their rules and formats), the frozen header count when
 * the change touches it, and protected ranges (a range grows when rows are inserted strictly
 * inside it, shrinks when rows inside it are deleted, and disappears when nothing is left).
 * Argument checks (bounds, "delete all rows") are the caller's job.
 */
import type { sheets_v4 } from "@googleapis/sheets";
import type { Cell } from "./cell-value.ts";
import type { Draft, Row, SheetState } from "./workbook.ts";

export type Dimension = "ROWS" | "COLUMNS";

/** A new row/column takes the rule and format of its neighbour, as inserting in the Sheets UI does. */
function inherited(cell: Cell | null | undefined): Cell | null {
  if (!cell || (!cell.dv && !cell.fmt)) return null;
  const next: Cell = {};
  if (cell.dv) next.dv = cell.dv;
  if (cell.fmt) next.fmt = cell.fmt;
  return next;
}

type Shift = (index: number, isEnd: boolean) => number;

function shiftRanges(sheet: SheetState, dim: Dimension, shift: Shift): void {
  const [startKey, endKey] =
    dim === "ROWS" ? (["startRowIndex", "endRowIndex"] as const) : (["startColumnIndex", "endColumnIndex"] as const);
  const move = (r: sheets_v4.Schema$GridRange): boolean => {
    const start = r[startKey];
    const end = r[endKey];
    if (typeof start === "number") r[startKey] = shift(start, false);
    if (typeof end === "number") r[endKey] = shift(end, true);
    const s = r[startKey];
    const e = r[endKey];
    return !(typeof s === "number" && typeof e === "number" && e <= s);
  };
  sheet.protectedRanges = sheet.protectedRanges.filter((p) => {
    if (p.unprotectedRanges) p.unprotectedRanges = p.unprotectedRanges.filter(move);
    return move(p.range);
  });
}

function setFrozen(sheet: SheetState, dim: Dimension, value: number): void {
  const key = dim === "ROWS" ? "frozenRowCount" : "frozenColumnCount";
  if (value > 0) sheet.properties.gridProperties[key] = value;
  else delete sheet.properties.gridProperties[key];
}

function frozen(sheet: SheetState, dim: Dimension): number {
  const g = sheet.properties.gridProperties;
  return (dim === "ROWS" ? g.frozenRowCount : g.frozenColumnCount) ?? 0;
}

/**
 * Inserts `count` empty rows/columns before index `at`. `inheritFrom` is the neighbour whose
 * rules and formats the new ones take (Google's inheritFromBefore), or null.
 */
export function insertDimension(
  draft: Draft,
  sheet: SheetState,
  dim: Dimension,
  at: number,
  count: number,
  inheritFrom: number | null,
): void {
  if (count <= 0) return;
  const grid = sheet.properties.gridProperties;
  if (dim === "ROWS") {
    const template = inheritFrom === null ? null : sheet.rows[inheritFrom];
    const fresh = (): Row | null => {
      const row = template?.map(inherited) ?? null;
      return row && row.some((c) => c !== null) ? row : null;
    };
    if (at < sheet.rows.length) sheet.rows.splice(at, 0, ...Array.from({ length: count }, fresh));
    else if (template) {
      while (sheet.rows.length < at) sheet.rows.push(null);
      for (let i = 0; i < count; i++) sheet.rows.push(fresh());
    }
    grid.rowCount += count;
  } else {
    sheet.rows = sheet.rows.map((row) => {
      if (!row) return row;
      const fill = inherited(inheritFrom === null ? null : row[inheritFrom]);
      if (at >= row.length && !fill) return row;
      const next = [...row];
      while (next.length < at) next.push(null);
      next.splice(at, 0, ...Array.from({ length: count }, () => fill));
      return next;
    });
    grid.columnCount += count;
  }
  const f = frozen(sheet, dim);
  if (at < f) setFrozen(sheet, dim, f + count);
  shiftRanges(sheet, dim, (i, isEnd) => (isEnd ? (i > at ? i + count : i) : i >= at ? i + count : i));
  draft.log.structural.add(sheet.properties.sheetId);
  draft.log.meta = true;
}

/** Deletes rows/columns [start, end). */
export function deleteDimension(draft: Draft, sheet: SheetState, dim: Dimension, start: number, end: number): void {
  const count = end - start;
  if (count <= 0) return;
  const grid = sheet.properties.gridProperties;
  if (dim === "ROWS") {
    if (start < sheet.rows.length) sheet.rows.splice(start, count);
    grid.rowCount -= count;
  } else {
    sheet.rows = sheet.rows.map((row) => {
      if (!row || start >= row.length) return row;
      const next = [...row];
      next.splice(start, count);
      return next;
    });
    grid.columnCount -= count;
  }
  const f = frozen(sheet, dim);
  setFrozen(sheet, dim, f - Math.max(0, Math.min(end, f) - start));
  shiftRanges(sheet, dim, (i) => (i <= start ? i : i >= end ? i - count : start));
  draft.log.structural.add(sheet.properties.sheetId);
  draft.log.meta = true;
}

/**
 * deleteRange / insertRange on part of the grid: cells of `rect` are removed (or blanks inserted)
 * and the cells after them in the same columns (ROWS) or rows (COLUMNS) move to close (or open)
 * the gap. The grid keeps its size except that an insert grows it so no value falls off the end.
 */
export function shiftCells(
  draft: Draft,
  sheet: SheetState,
  rect: { startRow: number; endRow: number; startCol: number; endCol: number },
  dim: Dimension,
  mode: "delete" | "insert",
): void {
  const rowsAxis = dim === "ROWS";
  const n = rowsAxis ? rect.endRow - rect.startRow : rect.endCol - rect.startCol;
  if (n <= 0) return;
  const grid = sheet.properties.gridProperties;
  const limit = rowsAxis ? Math.max(grid.rowCount, sheet.rows.length) : grid.columnCount;
  const [laneFrom, laneTo] = rowsAxis ? [rect.startCol, rect.endCol] : [rect.startRow, rect.endRow];
  const from = rowsAxis ? rect.startRow : rect.startCol;
  const at = (lane: number, i: number) => (rowsAxis ? sheet.rows[i]?.[lane] : sheet.rows[lane]?.[i]) ?? null;
  const put = (lane: number, i: number, cell: Cell | null) =>
    rowsAxis ? draft.setCell(sheet, i, lane, cell) : draft.setCell(sheet, lane, i, cell);

  for (let lane = laneFrom; lane < laneTo; lane++) {
    if (mode === "delete") {
      for (let i = from; i < limit; i++) put(lane, i, i + n < limit ? at(lane, i + n) : null);
    } else {
      let last = limit - 1;
      while (last >= from && at(lane, last) === null) last--;
      for (let i = last; i >= from; i--) put(lane, i + n, at(lane, i));
      for (let i = from; i < from + n; i++) put(lane, i, null);
      if (last >= from) {
        if (rowsAxis) grid.rowCount = Math.max(grid.rowCount, last + n + 1);
        else grid.columnCount = Math.max(grid.columnCount, last + n + 1);
      }
    }
  }
  draft.log.structural.add(sheet.properties.sheetId);
  draft.log.meta = true;
}
