/**
 * The plain data of an emulated spreadsheet and the copy-on-write draft every write goes through.
 *
 * Google applies a batch of requests atomically: if one fails, none applies. Writes therefore run
 * against a `Draft` that copies a sheet the first time it is edited; the model swaps the draft in
 * only when every request succeeded. Cells are immutable values (replace, never mutate) so copying
 * a sheet only copies row arrays. The draft's `ChangeLog` records which 200-row chunks changed so
 * the Durable Object saves only those.
 */
import type { sheets_v4 } from "@googleapis/sheets";
import { cellA1, parseA1, quoteSheetTitle, type GridRect } from "../sheets/a1.ts";
import { invalidData, violates } from "./data-validation.ts";
import type { Cell } from "./cell-value.ts";
import { protectedCell } from "./errors.ts";
import { unparseableRange } from "./errors.ts";

export const CHUNK_ROWS = 200;
export const DEFAULT_ROW_COUNT = 1000;
export const DEFAULT_COLUMN_COUNT = 26;

export type Row = Array<Cell | null>;

export interface GridProps extends sheets_v4.Schema$GridProperties {
  rowCount: number;
  columnCount: number;
}

/** Stored without `index`: a sheet's position in `WorkbookState.sheets` is its index. */
export interface SheetProps extends Omit<sheets_v4.Schema$SheetProperties, "index"> {
  sheetId: number;
  title: string;
  sheetType: "GRID";
  gridProperties: GridProps;
}

export interface StoredProtectedRange extends sheets_v4.Schema$ProtectedRange {
  protectedRangeId: number;
  range: sheets_v4.Schema$GridRange & { sheetId: number };
}

export interface SheetState {
  properties: SheetProps;
  protectedRanges: StoredProtectedRange[];
  /** Row-major; may be shorter than rowCount and rows shorter than columnCount (the rest is empty). */
  rows: Array<Row | null>;
}

export interface SpreadsheetProps extends sheets_v4.Schema$SpreadsheetProperties {
  title: string;
  locale: string;
  timeZone: string;
}

export interface WorkbookState {
  spreadsheetId: string;
  properties: SpreadsheetProps;
  /** In tab order. */
  sheets: SheetState[];
  nextSheetId: number;
  nextProtectedRangeId: number;
}

/** What changed since the last save. */
export class ChangeLog {
  meta = false;
  readonly chunks = new Map<number, Set<number>>();
  /** Sheets whose rows moved (insert, delete, resize): every chunk is rewritten. */
  readonly structural = new Set<number>();
  readonly deleted = new Set<number>();

  rows(sheetId: number, fromRow: number, toRow: number): void {
    if (toRow <= fromRow) return;
    let set = this.chunks.get(sheetId);
    if (!set) this.chunks.set(sheetId, (set = new Set()));
    for (let c = Math.floor(fromRow / CHUNK_ROWS); c <= Math.floor((toRow - 1) / CHUNK_ROWS); c++) set.add(c);
  }

  merge(other: ChangeLog): void {
    this.meta ||= other.meta;
    for (const [id, set] of other.chunks) for (const c of set) this.rows(id, c * CHUNK_ROWS, c * CHUNK_ROWS + 1);
    for (const id of other.structural) this.structural.add(id);
    for (const id of other.deleted) this.deleted.add(id);
  }
}

function copySheet(sheet: SheetState): SheetState {
  return {
    properties: structuredClone(sheet.properties),
    protectedRanges: structuredClone(sheet.protectedRanges),
    rows: sheet.rows.map((r) => (r ? [...r] : null)),
  };
}

/**
 * The account the emulator's API callers act as: the local default's service account. A
 * protected range that is not warning-only refuses its cell writes unless its editors name it.
 */
export const EMULATOR_ACCOUNT = "zonecrew@emulator.iam.gserviceaccount.com";

/** A writable view of a workbook; the original is untouched until `commit`. */
export class Draft {
  readonly state: WorkbookState;
  readonly log = new ChangeLog();
  private readonly copied = new Set<number>();

  /**
   * `writer`: the account an API call acts as, whose cell writes strict protections refuse;
   * undefined for the spreadsheet's owner typing in the grid page (an owner may edit anything).
   */
  constructor(
    base: WorkbookState,
    readonly writer?: string,
  ) {
    this.state = { ...base, properties: structuredClone(base.properties), sheets: [...base.sheets] };
  }

  /** Read access (never mutate the result; use `edit`). */
  sheet(sheetId: number): SheetState | undefined {
    return this.state.sheets.find((s) => s.properties.sheetId === sheetId);
  }

  /** The sheet, copied on first write. */
  edit(sheetId: number): SheetState {
    const i = this.state.sheets.findIndex((s) => s.properties.sheetId === sheetId);
    const sheet = this.state.sheets[i];
    if (!sheet) throw new Error(`edit of unknown sheet ${sheetId}`);
    if (this.copied.has(sheetId)) return sheet;
    const copy = copySheet(sheet);
    this.state.sheets[i] = copy;
    this.copied.add(sheetId);
    return copy;
  }

  addSheet(sheet: SheetState, index: number): void {
    this.copied.add(sheet.properties.sheetId);
    this.state.sheets.splice(index, 0, sheet);
    this.log.meta = true;
  }

  removeSheet(sheetId: number): void {
    this.state.sheets = this.state.sheets.filter((s) => s.properties.sheetId !== sheetId);
    this.copied.delete(sheetId);
    this.log.deleted.add(sheetId);
    this.log.meta = true;
  }

  moveSheet(sheetId: number, index: number): void {
    const sheet = this.sheet(sheetId);
    if (!sheet) return;
    const rest = this.state.sheets.filter((s) => s !== sheet);
    rest.splice(Math.min(index, rest.length), 0, sheet);
    this.state.sheets = rest;
    this.log.meta = true;
  }

  /** Replaces the cell at (row, col) of an edited sheet and records the chunk as changed. */
  setCell(sheet: SheetState, row: number, col: number, cell: Cell | null): void {
    if (this.writer !== undefined && !mayEdit(sheet, row, col, this.writer)) throw protectedCell();
    if (this.writer !== undefined && cell?.dv?.strict && valueChanged(sheet.rows[row]?.[col], cell)) {
      if (violates(cell.dv, cell)) throw invalidData(`${quoteSheetTitle(sheet.properties.title)}!${cellA1(row, col)}`);
    }
    let r = sheet.rows[row];
    if (!r) {
      if (cell === null) return;
      while (sheet.rows.length < row) sheet.rows.push(null);
      r = [];
      sheet.rows[row] = r;
    }
    if (cell === null && col >= r.length) return;
    while (r.length < col) r.push(null);
    r[col] = cell;
    this.log.rows(sheet.properties.sheetId, row, row + 1);
  }
}

/** A new value or formula (a rule or format set over an old value is not input to check). */
function valueChanged(before: Cell | null | undefined, after: Cell): boolean {
  return before?.v !== after.v || before?.f !== after.f;
}

/**
 * Google's rule for API writes: a protection that is only a warning never refuses; a strict one
 * refuses anyone its editors do not name, except inside its unprotected ranges. A protection with
 * no editors listed was made by the caller (as `sheet:init` makes the system tabs'), who may edit.
 */
export function mayEdit(sheet: SheetState, row: number, col: number, writer: string): boolean {
  const inside = (r: sheets_v4.Schema$GridRange) =>
    row >= (r.startRowIndex ?? 0) &&
    row < (r.endRowIndex ?? Infinity) &&
    col >= (r.startColumnIndex ?? 0) &&
    col < (r.endColumnIndex ?? Infinity);
  return sheet.protectedRanges.every(
    (p) =>
      p.warningOnly === true ||
      !p.range ||
      !inside(p.range) ||
      (p.unprotectedRanges ?? []).some(inside) ||
      !p.editors?.users ||
      p.editors.users.includes(writer),
  );
}

export function getCell(sheet: SheetState, row: number, col: number): Cell | null {
  return sheet.rows[row]?.[col] ?? null;
}

/** Titles are unique ignoring case in Google; an exact match wins when both exist in old data. */
export function findSheetByTitle(state: WorkbookState, title: string): SheetState | undefined {
  const exact = state.sheets.find((s) => s.properties.title === title);
  if (exact) return exact;
  const lower = title.toLowerCase();
  return state.sheets.find((s) => s.properties.title.toLowerCase() === lower);
}

export interface BoundedRect {
  startRow: number;
  endRow: number;
  startCol: number;
  endCol: number;
}

export interface ResolvedRange {
  sheet: SheetState;
  /** As written, with unbounded sides still null. */
  rect: GridRect;
}

/** A1 text -> sheet + rectangle; a range without a sheet name means the first visible sheet. */
export function resolveRange(state: WorkbookState, a1: string): ResolvedRange {
  const parsed = parseA1(a1);
  if (!parsed.ok) throw unparseableRange(a1);
  const { sheetTitle, ...rect } = parsed.range;
  const sheet =
    sheetTitle === null
      ? (state.sheets.find((s) => !s.properties.hidden) ?? state.sheets[0])
      : findSheetByTitle(state, sheetTitle);
  if (!sheet) throw unparseableRange(a1);
  return { sheet, rect };
}

/**
 * Clips a rectangle to the grid, filling unbounded sides. A rectangle entirely outside the grid
 * keeps its start and one row/column so it can still be printed.
 */
export function clipToGrid(rect: GridRect, grid: GridProps): BoundedRect {
  const startRow = rect.startRow ?? 0;
  const startCol = rect.startCol ?? 0;
  const endRow = Math.max(startRow + 1, Math.min(rect.endRow ?? grid.rowCount, grid.rowCount));
  const endCol = Math.max(startCol + 1, Math.min(rect.endCol ?? grid.columnCount, grid.columnCount));
  return { startRow, endRow, startCol, endCol };
}

/** Grows the grid (as values writes do in Google) so that rows x cols fit. */
export function growGrid(draft: Draft, sheet: SheetState, rows: number, cols: number): void {
  const grid = sheet.properties.gridProperties;
  if (rows <= grid.rowCount && cols <= grid.columnCount) return;
  grid.rowCount = Math.max(grid.rowCount, rows);
  grid.columnCount = Math.max(grid.columnCount, cols);
  draft.log.meta = true;
}

/** Index of the last row holding a value inside columns [fromCol, toCol), or -1. */
export function lastValueRow(sheet: SheetState, fromRow: number, fromCol: number, toCol: number): number {
  for (let r = sheet.rows.length - 1; r >= fromRow; r--) {
    const row = sheet.rows[r];
    if (!row) continue;
    for (let c = fromCol; c < Math.min(toCol, row.length); c++) {
      const cell = row[c];
      if (cell && (cell.v !== undefined || cell.f !== undefined)) return r;
    }
  }
  return -1;
}
