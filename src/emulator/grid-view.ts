/**
 * The plain data the grid page renders (`EmulatorGridPage`), cut from a workbook so the page
 * never sees the model. Shows the data plus a small margin for new entries rather than the full
 * 1000x26 grid, which would make a multi-megabyte page of links.
 */
import { cellA1, parseCellRef } from "../sheets/a1.ts";
import { editText, formattedValue, hasValue, type Cell } from "./cell-value.ts";
import { findSheetByTitle, getCell, lastValueRow, type WorkbookState } from "./workbook.ts";

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
  /** True when the tab carries a protected range (system tabs). */
  protectedTab: boolean;
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

  const rows: string[][] = [];
  const allowed: Record<string, string[]> = {};
  for (let r = 0; r < height; r++) {
    const line: string[] = [];
    for (let c = 0; c < width; c++) {
      const cell = getCell(sheet, r, c);
      line.push(formattedValue(cell));
      const values = cell ? allowedValues(cell) : null;
      if (values) allowed[cellA1(r, c)] = values;
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
    protectedTab: sheet.protectedRanges.length > 0,
  };
  if (inGrid) {
    props.selected = { cell: cellA1(inGrid.row, inGrid.col), text: editText(getCell(sheet, inGrid.row, inGrid.col)) };
  }
  return props;
}
