/**
 * The `Spreadsheet` resource as spreadsheets.get returns it, and as batchUpdate returns it in
 * `updatedSpreadsheet` (google-spreadsheet v5 rebuilds its sheet list from that).
 *
 * Follows proto3 JSON like Google: false/zero fields (`hidden`, `frozenRowCount`, `startRow`)
 * and empty lists (`protectedRanges`) are left out. Grid data carries one rowMetadata/columnMetadata
 * entry per row/column of the range because google-spreadsheet sizes its cell cache from them.
 */
import { readableRect } from "./grid-range.ts";
import type { sheets_v4 } from "@googleapis/sheets";
import { toCellData } from "./cell-value.ts";
import { invalidArgument } from "./errors.ts";
import { clipToGrid, resolveRange, type BoundedRect, type SheetState, type WorkbookState } from "./workbook.ts";

export interface SpreadsheetViewOptions {
  includeGridData?: boolean;
  /** A1 ranges; when given (or gridRanges), only the sheets they touch are returned. */
  ranges?: readonly string[];
  /** GridRanges, as getByDataFilter's `dataFilters[].gridRange` sends them. */
  gridRanges?: readonly sheets_v4.Schema$GridRange[];
  /** Reported as `spreadsheetUrl`; the model does not know where it is served. */
  spreadsheetUrl?: string;
}

const DEFAULT_ROW_PIXELS = 21;
const DEFAULT_COLUMN_PIXELS = 100;

export function sheetPropertiesView(sheet: SheetState, index: number): sheets_v4.Schema$SheetProperties {
  const { sheetId, title, sheetType, gridProperties, ...rest } = structuredClone(sheet.properties);
  const out: sheets_v4.Schema$SheetProperties = { sheetId, title, index, sheetType, gridProperties, ...rest };
  if (!out.hidden) delete out.hidden;
  return out;
}

function gridData(sheet: SheetState, rect: BoundedRect): sheets_v4.Schema$GridData {
  const data: sheets_v4.Schema$GridData = {};
  if (rect.startRow) data.startRow = rect.startRow;
  if (rect.startCol) data.startColumn = rect.startCol;
  const rowData: sheets_v4.Schema$RowData[] = [];
  let lastNonEmpty = -1;
  for (let r = rect.startRow; r < Math.min(rect.endRow, sheet.rows.length); r++) {
    const row = sheet.rows[r];
    const values: sheets_v4.Schema$CellData[] = [];
    let lastCell = -1;
    for (let c = rect.startCol; row && c < Math.min(rect.endCol, row.length); c++) {
      const cell = row[c];
      values.push(toCellData(cell));
      if (cell) lastCell = values.length - 1;
    }
    values.length = lastCell + 1;
    rowData.push(values.length ? { values } : {});
    if (values.length) lastNonEmpty = rowData.length - 1;
  }
  rowData.length = lastNonEmpty + 1;
  if (rowData.length) data.rowData = rowData;
  data.rowMetadata = Array.from({ length: rect.endRow - rect.startRow }, () => ({ pixelSize: DEFAULT_ROW_PIXELS }));
  data.columnMetadata = Array.from({ length: rect.endCol - rect.startCol }, () => ({
    pixelSize: DEFAULT_COLUMN_PIXELS,
  }));
  return data;
}

export function spreadsheetView(state: WorkbookState, opts: SpreadsheetViewOptions = {}): sheets_v4.Schema$Spreadsheet {
  const rangesBySheet = new Map<number, BoundedRect[]>();
  const add = (sheet: SheetState, rect: BoundedRect): void => {
    const list = rangesBySheet.get(sheet.properties.sheetId) ?? [];
    list.push(rect);
    rangesBySheet.set(sheet.properties.sheetId, list);
  };
  for (const a1 of opts.ranges ?? []) {
    const { sheet, rect } = resolveRange(state, a1);
    add(sheet, readableRect(sheet, rect));
  }
  for (const gr of opts.gridRanges ?? []) {
    const id = gr.sheetId ?? 0;
    const sheet = state.sheets.find((s) => s.properties.sheetId === id);
    if (!sheet) throw invalidArgument(`No grid with id: ${id}`);
    const rect = {
      startRow: gr.startRowIndex ?? null,
      endRow: gr.endRowIndex ?? null,
      startCol: gr.startColumnIndex ?? null,
      endCol: gr.endColumnIndex ?? null,
    };
    add(sheet, clipToGrid(rect, sheet.properties.gridProperties));
  }
  const filtered = (opts.ranges?.length ?? 0) + (opts.gridRanges?.length ?? 0) > 0;

  const sheets: sheets_v4.Schema$Sheet[] = [];
  state.sheets.forEach((sheet, index) => {
    const rects = rangesBySheet.get(sheet.properties.sheetId);
    if (filtered && !rects) return;
    const out: sheets_v4.Schema$Sheet = { properties: sheetPropertiesView(sheet, index) };
    if (sheet.protectedRanges.length) out.protectedRanges = structuredClone(sheet.protectedRanges);
    if (opts.includeGridData) {
      const whole = clipToGrid(
        { startRow: null, endRow: null, startCol: null, endCol: null },
        sheet.properties.gridProperties,
      );
      out.data = (rects ?? [whole]).map((rect) => gridData(sheet, rect));
    }
    sheets.push(out);
  });

  const result: sheets_v4.Schema$Spreadsheet = {
    spreadsheetId: state.spreadsheetId,
    properties: structuredClone(state.properties),
    sheets,
  };
  if (opts.spreadsheetUrl) result.spreadsheetUrl = opts.spreadsheetUrl;
  return result;
}
