/**
 * spreadsheets.values.*: the A1-range API that the gateway and google-spreadsheet use for rows.
 *
 * Reads return what Google returns: the requested range clipped to the grid, trailing empty rows
 * and trailing empty cells trimmed, `values` omitted when nothing is there. Writes grow the grid
 * like Google, leave a cell untouched for JSON null and clear it for "", and report counts in
 * proto3 JSON style (a zero count is omitted). Reads take the committed state; writes take a
 * `Draft` so a failing range in a batch changes nothing.
 */
import { readableRect } from "./grid-range.ts";
import type { sheets_v4 } from "@googleapis/sheets";
import { columnToLetters, formatA1, type GridRect } from "../sheets/a1.ts";
import {
  enteredFromJson,
  hasValue,
  renderValue,
  withEntered,
  type Entered,
  type Scalar,
  type ValueInputOption,
  type ValueRenderOption,
} from "./cell-value.ts";
import { insertDimension } from "./dimensions.ts";
import { invalidArgument } from "./errors.ts";
import {
  clipToGrid,
  getCell,
  growGrid,
  lastValueRow,
  resolveRange,
  type BoundedRect,
  type Draft,
  type SheetState,
  type WorkbookState,
} from "./workbook.ts";

/** Query flags arrive as strings over HTTP; both forms are accepted. */
export type Flag = boolean | "true" | "false" | null | undefined;

export interface ReadOptions {
  valueRenderOption?: string | null;
  majorDimension?: string | null;
  dateTimeRenderOption?: string | null;
}

export interface WriteOptions {
  valueInputOption?: string | null;
  includeValuesInResponse?: Flag;
  responseValueRenderOption?: string | null;
}

export interface AppendOptions extends WriteOptions {
  insertDataOption?: string | null;
}

type Major = "ROWS" | "COLUMNS";

function enumOption<T extends string>(
  value: string | null | undefined,
  allowed: readonly T[],
  field: string,
): T | null {
  if (value === null || value === undefined || value === "") return null;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw invalidArgument(`Invalid value at '${field}' (TYPE_ENUM), "${value}"`);
}

const renderOptions = ["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"] as const;

function renderOption(value: string | null | undefined, field: string): ValueRenderOption {
  return enumOption(value, renderOptions, field) ?? "FORMATTED_VALUE";
}

function majorOption(value: string | null | undefined): Major {
  const m = enumOption(value, ["ROWS", "COLUMNS", "DIMENSION_UNSPECIFIED"] as const, "major_dimension");
  return m === "COLUMNS" ? "COLUMNS" : "ROWS";
}

/** Google rejects a write that does not say how to read its input. */
export function requireInputOption(value: string | null | undefined): ValueInputOption {
  const v = enumOption(value, ["RAW", "USER_ENTERED", "INPUT_VALUE_OPTION_UNSPECIFIED"] as const, "value_input_option");
  if (v === null || v === "INPUT_VALUE_OPTION_UNSPECIFIED") {
    throw invalidArgument("'valueInputOption' is required but not specified");
  }
  return v;
}

const isTrue = (flag: Flag): boolean => flag === true || flag === "true";

/** Cells of `rect` in `major` order, trimmed the way Google trims; undefined when all empty. */
function readRect(
  sheet: SheetState,
  rect: BoundedRect,
  render: ValueRenderOption,
  major: Major,
): Scalar[][] | undefined {
  const outer = major === "ROWS" ? [rect.startRow, rect.endRow] : [rect.startCol, rect.endCol];
  const inner = major === "ROWS" ? [rect.startCol, rect.endCol] : [rect.startRow, rect.endRow];
  const lines: Scalar[][] = [];
  let lastNonEmpty = -1;
  for (let o = outer[0]!; o < outer[1]!; o++) {
    const line: Scalar[] = [];
    let lastCell = -1;
    for (let i = inner[0]!; i < inner[1]!; i++) {
      const cell = major === "ROWS" ? getCell(sheet, o, i) : getCell(sheet, i, o);
      line.push(renderValue(cell, render));
      if (hasValue(cell)) lastCell = line.length - 1;
    }
    line.length = lastCell + 1;
    lines.push(line);
    if (lastCell >= 0) lastNonEmpty = lines.length - 1;
  }
  lines.length = lastNonEmpty + 1;
  return lines.length > 0 ? lines : undefined;
}

function valueRange(
  sheet: SheetState,
  rect: BoundedRect,
  render: ValueRenderOption,
  major: Major,
): sheets_v4.Schema$ValueRange {
  const out: sheets_v4.Schema$ValueRange = { range: formatA1(sheet.properties.title, rect), majorDimension: major };
  const values = readRect(sheet, rect, render, major);
  if (values) out.values = values;
  return out;
}

export function valuesGet(state: WorkbookState, range: string, opts: ReadOptions = {}): sheets_v4.Schema$ValueRange {
  const render = renderOption(opts.valueRenderOption, "value_render_option");
  const major = majorOption(opts.majorDimension);
  const { sheet, rect } = resolveRange(state, range);
  return valueRange(sheet, readableRect(sheet, rect), render, major);
}

export function valuesBatchGet(
  state: WorkbookState,
  ranges: readonly string[],
  opts: ReadOptions = {},
): sheets_v4.Schema$BatchGetValuesResponse {
  return { spreadsheetId: state.spreadsheetId, valueRanges: ranges.map((r) => valuesGet(state, r, opts)) };
}

interface WriteResult {
  sheet: SheetState;
  response: sheets_v4.Schema$UpdateValuesResponse;
  cells: number;
}

/** Converts and checks every value before anything is written. */
function convertValues(values: unknown, input: ValueInputOption, locale: string): Array<Array<Entered | undefined>> {
  if (values === undefined || values === null) return [];
  if (!Array.isArray(values))
    throw invalidArgument("Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue)");
  return values.map((line: unknown, i) => {
    if (line === null || line === undefined) return [];
    if (!Array.isArray(line)) throw invalidArgument(`Invalid values[${i}]: list_value expected`);
    return line.map((v: unknown, j) => enteredFromJson(v, input, `values[${i}][${j}]`, locale));
  });
}

/**
 * Writes `values` with its top-left at (startRow, startCol). `bound` is the requested range for
 * update (Google refuses to write outside it) or null for append (which may write anywhere below).
 */
function writeAt(
  draft: Draft,
  sheet: SheetState,
  startRow: number,
  startCol: number,
  lines: Array<Array<Entered | undefined>>,
  major: Major,
  bound: { rect: GridRect; text: string } | null,
): { rect: BoundedRect; rows: number; cols: number; cells: number } {
  const outerLen = lines.length;
  const innerLen = Math.max(0, ...lines.map((l) => l.length));
  const height = major === "ROWS" ? outerLen : innerLen;
  const width = major === "ROWS" ? innerLen : outerLen;
  if (bound && height > 0 && width > 0) {
    const { endRow, endCol } = bound.rect;
    if (endRow !== null && startRow + height > endRow) {
      throw invalidArgument(`Requested writing within range [${bound.text}], but tried writing to row [${endRow + 1}]`);
    }
    if (endCol !== null && startCol + width > endCol) {
      throw invalidArgument(
        `Requested writing within range [${bound.text}], but tried writing to column [${columnToLetters(endCol)}]`,
      );
    }
  }
  growGrid(draft, sheet, startRow + height, startCol + width);
  const rows = new Set<number>();
  const cols = new Set<number>();
  let cells = 0;
  lines.forEach((line, o) =>
    line.forEach((entered, i) => {
      if (entered === undefined) return;
      const r = startRow + (major === "ROWS" ? o : i);
      const c = startCol + (major === "ROWS" ? i : o);
      draft.setCell(sheet, r, c, withEntered(getCell(sheet, r, c), entered));
      rows.add(r);
      cols.add(c);
      cells++;
    }),
  );
  const rect = { startRow, endRow: startRow + Math.max(1, height), startCol, endCol: startCol + Math.max(1, width) };
  return { rect, rows: rows.size, cols: cols.size, cells };
}

function updateResponse(
  draft: Draft,
  sheet: SheetState,
  written: { rect: BoundedRect; rows: number; cols: number; cells: number },
  major: Major,
  opts: WriteOptions,
): sheets_v4.Schema$UpdateValuesResponse {
  const res: sheets_v4.Schema$UpdateValuesResponse = {
    spreadsheetId: draft.state.spreadsheetId,
    updatedRange: formatA1(sheet.properties.title, written.rect),
  };
  // proto3 JSON: Google leaves out counts that are zero.
  if (written.rows) res.updatedRows = written.rows;
  if (written.cols) res.updatedColumns = written.cols;
  if (written.cells) res.updatedCells = written.cells;
  if (isTrue(opts.includeValuesInResponse)) {
    const render = renderOption(opts.responseValueRenderOption, "response_value_render_option");
    res.updatedData = valueRange(sheet, written.rect, render, major);
  }
  return res;
}

/** Google insists that a body `range`, when present, names the same cells as the URL. */
function checkBodyRange(draft: Draft, urlRange: string, bodyRange: string | null | undefined): void {
  if (!bodyRange) return;
  const a = resolveRange(draft.state, urlRange);
  const b = resolveRange(draft.state, bodyRange);
  const same =
    a.sheet.properties.sheetId === b.sheet.properties.sheetId &&
    a.rect.startRow === b.rect.startRow &&
    a.rect.endRow === b.rect.endRow &&
    a.rect.startCol === b.rect.startCol &&
    a.rect.endCol === b.rect.endCol;
  if (!same) throw invalidArgument(`Request range[${urlRange}] does not match value's range[${bodyRange}]`);
}

function updateOne(
  draft: Draft,
  range: string,
  body: sheets_v4.Schema$ValueRange,
  input: ValueInputOption,
  opts: WriteOptions,
): WriteResult {
  const major = majorOption(body.majorDimension);
  const resolved = resolveRange(draft.state, range);
  const lines = convertValues(body.values, input, draft.state.properties.locale);
  const sheet = draft.edit(resolved.sheet.properties.sheetId);
  const { rect } = resolved;
  // A single cell is only an anchor in Google: `Sheet1!A1` takes a table of any size.
  const anchorOnly =
    rect.startRow !== null &&
    rect.startCol !== null &&
    rect.endRow === rect.startRow + 1 &&
    rect.endCol === rect.startCol + 1;
  const bound = anchorOnly ? null : { rect, text: range };
  const written = writeAt(draft, sheet, rect.startRow ?? 0, rect.startCol ?? 0, lines, major, bound);
  return { sheet, response: updateResponse(draft, sheet, written, major, opts), cells: written.cells };
}

/** values.update (PUT .../values/{range}). */
export function valuesUpdate(
  draft: Draft,
  range: string,
  body: sheets_v4.Schema$ValueRange,
  opts: WriteOptions,
): sheets_v4.Schema$UpdateValuesResponse {
  const input = requireInputOption(opts.valueInputOption);
  checkBodyRange(draft, range, body.range);
  return updateOne(draft, range, body, input, opts).response;
}

/** values.batchUpdate: every range is written or, if one fails, none (the caller discards the draft). */
export function valuesBatchUpdate(
  draft: Draft,
  body: sheets_v4.Schema$BatchUpdateValuesRequest,
): sheets_v4.Schema$BatchUpdateValuesResponse {
  const input = requireInputOption(body.valueInputOption);
  const opts: WriteOptions = {
    includeValuesInResponse: body.includeValuesInResponse ?? false,
    responseValueRenderOption: body.responseValueRenderOption ?? null,
  };
  const results = (body.data ?? []).map((vr, i) => {
    if (!vr.range) throw invalidArgument(`Invalid data[${i}]: range is required`);
    return updateOne(draft, vr.range, vr, input, opts);
  });
  const res: sheets_v4.Schema$BatchUpdateValuesResponse = { spreadsheetId: draft.state.spreadsheetId };
  const sum = (f: (r: sheets_v4.Schema$UpdateValuesResponse) => number | null | undefined): number =>
    results.reduce((n, r) => n + (f(r.response) ?? 0), 0);
  const sheets = new Set(results.filter((r) => r.cells > 0).map((r) => r.sheet.properties.sheetId));
  if (sum((r) => r.updatedRows)) res.totalUpdatedRows = sum((r) => r.updatedRows);
  if (sum((r) => r.updatedColumns)) res.totalUpdatedColumns = sum((r) => r.updatedColumns);
  if (sum((r) => r.updatedCells)) res.totalUpdatedCells = sum((r) => r.updatedCells);
  if (sheets.size) res.totalUpdatedSheets = sheets.size;
  if (results.length) res.responses = results.map((r) => r.response);
  return res;
}

/**
 * values.append. The "table" is found from the range's first row down to the end of the grid
 * within the range's columns (a single-cell range such as `A1` looks at every column to its
 * right, as google-spreadsheet's `addRows` relies on); new rows go after its last row holding a
 * value, starting at the table's first column. Google's own table detection can stop at a blank
 * row inside the data; the emulator always appends after the last value, so it never overwrites.
 */
export function valuesAppend(
  draft: Draft,
  range: string,
  body: sheets_v4.Schema$ValueRange,
  opts: AppendOptions,
): sheets_v4.Schema$AppendValuesResponse {
  const input = requireInputOption(opts.valueInputOption);
  const insert = enumOption(opts.insertDataOption, ["OVERWRITE", "INSERT_ROWS"] as const, "insert_data_option");
  checkBodyRange(draft, range, body.range);
  const major = majorOption(body.majorDimension);
  const resolved = resolveRange(draft.state, range);
  const lines = convertValues(body.values, input, draft.state.properties.locale);
  const sheet = draft.edit(resolved.sheet.properties.sheetId);
  const grid = sheet.properties.gridProperties;
  const { rect } = resolved;

  const fromRow = rect.startRow ?? 0;
  const fromCol = rect.startCol ?? 0;
  const singleCell = rect.endRow === fromRow + 1 && rect.endCol === fromCol + 1;
  const toCol = singleCell ? grid.columnCount : Math.min(rect.endCol ?? grid.columnCount, grid.columnCount);
  const last = lastValueRow(sheet, fromRow, fromCol, toCol);

  let tableRange: string | undefined;
  let startRow = fromRow;
  let startCol = fromCol;
  if (last >= 0) {
    let first = fromRow;
    while (!rowHasValue(sheet, first, fromCol, toCol)) first++;
    const [minCol, maxCol] = valueColumns(sheet, first, last + 1, fromCol, toCol);
    tableRange = formatA1(sheet.properties.title, {
      startRow: first,
      endRow: last + 1,
      startCol: minCol,
      endCol: maxCol + 1,
    });
    startRow = last + 1;
    startCol = minCol;
  }

  const height = major === "ROWS" ? lines.length : Math.max(0, ...lines.map((l) => l.length));
  if (insert === "INSERT_ROWS" && height > 0) {
    insertDimension(draft, sheet, "ROWS", Math.min(startRow, grid.rowCount), height, null);
  }
  const written = writeAt(draft, sheet, startRow, startCol, lines, major, null);
  const res: sheets_v4.Schema$AppendValuesResponse = {
    spreadsheetId: draft.state.spreadsheetId,
    updates: updateResponse(draft, sheet, written, major, opts),
  };
  if (tableRange) res.tableRange = tableRange;
  return res;
}

function rowHasValue(sheet: SheetState, row: number, fromCol: number, toCol: number): boolean {
  const r = sheet.rows[row];
  if (!r) return false;
  for (let c = fromCol; c < Math.min(toCol, r.length); c++) if (hasValue(r[c])) return true;
  return false;
}

/** [first, last] column holding a value in rows [fromRow, toRow), limited to [fromCol, toCol). */
function valueColumns(
  sheet: SheetState,
  fromRow: number,
  toRow: number,
  fromCol: number,
  toCol: number,
): [number, number] {
  let min = toCol;
  let max = fromCol;
  for (let r = fromRow; r < toRow; r++) {
    const row = sheet.rows[r];
    if (!row) continue;
    for (let c = fromCol; c < Math.min(toCol, row.length); c++) {
      if (!hasValue(row[c])) continue;
      min = Math.min(min, c);
      max = Math.max(max, c);
    }
  }
  return [min, max];
}

/** values.clear: removes values and formulas; notes, rules and formats stay, as in Google. */
export function valuesClear(draft: Draft, range: string): sheets_v4.Schema$ClearValuesResponse {
  const resolved = resolveRange(draft.state, range);
  const sheet = draft.edit(resolved.sheet.properties.sheetId);
  const rect = clipToGrid(resolved.rect, sheet.properties.gridProperties);
  for (let r = rect.startRow; r < Math.min(rect.endRow, sheet.rows.length); r++) {
    const row = sheet.rows[r];
    if (!row) continue;
    for (let c = rect.startCol; c < Math.min(rect.endCol, row.length); c++) {
      if (hasValue(row[c])) draft.setCell(sheet, r, c, withEntered(row[c], null));
    }
  }
  return { spreadsheetId: draft.state.spreadsheetId, clearedRange: formatA1(sheet.properties.title, rect) };
}

export function valuesBatchClear(
  draft: Draft,
  body: sheets_v4.Schema$BatchClearValuesRequest,
): sheets_v4.Schema$BatchClearValuesResponse {
  const cleared = (body.ranges ?? []).map((r) => valuesClear(draft, r).clearedRange ?? r);
  return { spreadsheetId: draft.state.spreadsheetId, clearedRanges: cleared };
}
