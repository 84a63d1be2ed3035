/**
 * The plain data the grid page renders (`EmulatorGridPage`), cut from a workbook so the page
 * never sees the model. Shows the data plus a small margin for new entries rather than the full
 * 1000x26 grid, which would make a multi-megabyte page of links.
 *
 * Protection is shown as stored: `sheet:init` protects a system tab whole (a range naming only
 * the sheet) and, on organizer tabs, only the system-owned columns (Check, the Paste tab's
 * Result: a range of whole columns). So a tab is "protected" only when a range covers all of it;
 * otherwise the protected columns, and any other protected cells, are marked where they are.
 */
import { cellA1, columnToLetters, formatCellRef, parseCellRef } from "../sheets/a1.ts";
import { editText, formattedValue, hasValue, type Cell } from "./cell-value.ts";
import {
  findSheetByTitle,
  getCell,
  lastValueRow,
  type SheetState,
  type StoredProtectedRange,
  type WorkbookState,
} from "./workbook.ts";

export interface EmulatorGridProps {
  spreadsheetId: string;
  spreadsheetTitle: string;
  tabs: string[];
  /** The selected tab's title. */
  tab: string;
  /** Formatted values, one array per displayed row, all of the same length. */
  rows: string[][];
  frozenRowCount: number;
  /** Cell (A1) -> allowed values, for displayed cells with data validation. */
  allowed: Record<string, string[]>;
  /** The cell being edited and the text that typing back reproduces it (formula, or '-prefixed text). */
  selected?: { cell: string; text: string };
  /** Whole sheet size, shown under the table. */
  gridSize: { rows: number; columns: number };
  /** True when a protected range covers the whole tab (system tabs). */
  protectedTab: boolean;
  /** Whole columns protected while the rest of the tab is not (the Check column of organizer tabs). */
  protectedColumns: Array<{ index: number; letter: string; header: string; warningOnly: boolean }>;
  /** Other protected ranges of the tab, in A1 ("B2:C5"), for the notice. */
  protectedRanges: string[];
  /** Displayed cells (A1) inside a protected range that is not the whole tab. */
  protectedCells: Record<string, true>;
}

const MARGIN_ROWS = 5;
const MARGIN_COLUMNS = 1;
const MIN_ROWS = 10;
const MIN_COLUMNS = 5;

function allowedValues(cell: Cell): string[] | null {
  const condition = cell.dv?.condition;
  if (!condition?.type) return null;
  const values = (condition.values ?? []).map((v) => v.userEnteredValue ?? "").filter((v) => v !== "");
  if (condition.type === "ONE_OF_LIST") return values;
  if (condition.type === "BOOLEAN") return values.length ? values : ["TRUE", "FALSE"];
  return [`${condition.type}${values.length ? ` ${values.join(", ")}` : ""}`];
}

function coversAll(start: number | null | undefined, end: number | null | undefined, size: number): boolean {
  return (start ?? 0) <= 0 && (end ?? size) >= size;
}

interface Protection {
  protectedTab: boolean;
  columns: EmulatorGridProps["protectedColumns"];
  ranges: string[];
  inside: (row: number, col: number) => boolean;
}

function protection(sheet: SheetState, headerRow: number): Protection {
  const { rowCount, columnCount } = sheet.properties.gridProperties;
  const partial: StoredProtectedRange["range"][] = [];
  const result: Protection = { protectedTab: false, columns: [], ranges: [], inside: () => false };
  for (const p of sheet.protectedRanges) {
    const r = p.range;
    const allRows = coversAll(r.startRowIndex, r.endRowIndex, rowCount);
    const allColumns = coversAll(r.startColumnIndex, r.endColumnIndex, columnCount);
    if (allRows && allColumns && !p.unprotectedRanges?.length) {
      result.protectedTab = true;
      continue;
    }
    partial.push(r);
    if (allRows) {
      const end = Math.min(r.endColumnIndex ?? columnCount, columnCount);
      for (let index = r.startColumnIndex ?? 0; index < end; index++) {
        if (result.columns.some((c) => c.index === index)) continue;
        const header = headerRow >= 0 ? formattedValue(getCell(sheet, headerRow, index)) : "";
        result.columns.push({ index, letter: columnToLetters(index), header, warningOnly: p.warningOnly === true });
      }
    } else {
      result.ranges.push(
        formatCellRef({
          startRow: r.startRowIndex ?? null,
          endRow: r.endRowIndex ?? null,
          startCol: r.startColumnIndex ?? null,
          endCol: r.endColumnIndex ?? null,
        }),
      );
    }
  }
  result.columns.sort((a, b) => a.index - b.index);
  result.inside = (row, col) =>
    partial.some(
      (r) =>
        row >= (r.startRowIndex ?? 0) &&
        row < (r.endRowIndex ?? Infinity) &&
        col >= (r.startColumnIndex ?? 0) &&
        col < (r.endColumnIndex ?? Infinity),
    );
  return result;
}

export function gridPageProps(
  state: WorkbookState,
  opts: { tab?: string | null; cell?: string | null },
): EmulatorGridProps {
  const sheet = (opts.tab ? findSheetByTitle(state, opts.tab) : undefined) ?? state.sheets[0];
  if (!sheet) throw new Error("a spreadsheet always has a sheet");
  const grid = sheet.properties.gridProperties;
  const frozenRowCount = grid.frozenRowCount ?? 0;

  const selectedRect = opts.cell ? parseCellRef(opts.cell) : null;
  const selectedAt =
    selectedRect && selectedRect.startRow !== null && selectedRect.startCol !== null
      ? { row: selectedRect.startRow, col: selectedRect.startCol }
      : null;
  const inGrid = selectedAt && selectedAt.row < grid.rowCount && selectedAt.col < grid.columnCount ? selectedAt : null;

  let lastCol = -1;
  for (const row of sheet.rows) row?.forEach((c, i) => hasValue(c) && (lastCol = Math.max(lastCol, i)));
  const lastRow = lastValueRow(sheet, 0, 0, grid.columnCount);
  const height = Math.min(grid.rowCount, Math.max(lastRow + 1 + MARGIN_ROWS, MIN_ROWS, (inGrid?.row ?? 0) + 1));
  const width = Math.min(grid.columnCount, Math.max(lastCol + 1 + MARGIN_COLUMNS, MIN_COLUMNS, (inGrid?.col ?? 0) + 1));

  const guarded = protection(sheet, frozenRowCount - 1);
  const rows: string[][] = [];
  const allowed: Record<string, string[]> = {};
  const protectedCells: Record<string, true> = {};
  for (let r = 0; r < height; r++) {
    const line: string[] = [];
    for (let c = 0; c < width; c++) {
      const cell = getCell(sheet, r, c);
      line.push(formattedValue(cell));
      const values = cell ? allowedValues(cell) : null;
      if (values) allowed[cellA1(r, c)] = values;
      if (!guarded.protectedTab && guarded.inside(r, c)) protectedCells[cellA1(r, c)] = true;
    }
    rows.push(line);
  }

  const props: EmulatorGridProps = {
    spreadsheetId: state.spreadsheetId,
    spreadsheetTitle: state.properties.title,
    tabs: state.sheets.map((s) => s.properties.title),
    tab: sheet.properties.title,
    rows,
    frozenRowCount,
    allowed,
    gridSize: { rows: grid.rowCount, columns: grid.columnCount },
    protectedTab: guarded.protectedTab,
    protectedColumns: guarded.protectedTab ? [] : guarded.columns,
    protectedRanges: guarded.protectedTab ? [] : guarded.ranges,
    protectedCells,
  };
  if (inGrid) {
    props.selected = { cell: cellA1(inGrid.row, inGrid.col), text: editText(getCell(sheet, inGrid.row, inGrid.col)) };
  }
  return props;
}
