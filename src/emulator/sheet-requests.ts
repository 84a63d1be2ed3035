/**
 * batchUpdate requests about tabs and their shape: addSheet, deleteSheet, updateSheetProperties,
 * updateSpreadsheetProperties, insertDimension, deleteDimension, appendDimension, insertRange,
 * deleteRange.
 *
 * Google's refusals are kept because the gateway must survive them: duplicate titles (compared
 * ignoring case), deleting or hiding every sheet, deleting every row or every non-frozen row.
 */
import type { sheets_v4 } from "@googleapis/sheets";
import { deleteDimension, insertDimension, shiftCells, type Dimension } from "./dimensions.ts";
import { invalidArgument } from "./errors.ts";
import { applyMask, copyPath, parseFieldMask } from "./field-mask.ts";
import { gridRect, sheetFor } from "./grid-range.ts";
import { sheetPropertiesView } from "./spreadsheet-view.ts";
import {
  DEFAULT_COLUMN_COUNT,
  DEFAULT_ROW_COUNT,
  findSheetByTitle,
  type Draft,
  type SheetProps,
  type SheetState,
} from "./workbook.ts";

function checkTitle(draft: Draft, title: string, exceptSheetId: number | null): void {
  if (title.trim() === "") throw invalidArgument("Sheet title cannot be empty.");
  const other = findSheetByTitle(draft.state, title);
  if (other && other.properties.sheetId !== exceptSheetId) {
    throw invalidArgument(`A sheet with the name "${title}" already exists. Please enter another name.`);
  }
}

function defaultTitle(draft: Draft): string {
  for (let n = draft.state.sheets.length + 1; ; n++) {
    if (!findSheetByTitle(draft.state, `Sheet${n}`)) return `Sheet${n}`;
  }
}

function checkFrozen(props: SheetProps): void {
  const g = props.gridProperties;
  if ((g.frozenRowCount ?? 0) >= g.rowCount) throw invalidArgument("You can't freeze all visible rows on the sheet.");
  if ((g.frozenColumnCount ?? 0) >= g.columnCount) {
    throw invalidArgument("You can't freeze all visible columns on the sheet.");
  }
}

/** Proto3 JSON: false and 0 are "not set", which is how the stored properties keep them. */
function normalize(props: SheetProps): void {
  if (!props.hidden) delete props.hidden;
  if (!props.gridProperties.frozenRowCount) delete props.gridProperties.frozenRowCount;
  if (!props.gridProperties.frozenColumnCount) delete props.gridProperties.frozenColumnCount;
}

export function addSheet(draft: Draft, req: sheets_v4.Schema$AddSheetRequest): sheets_v4.Schema$Response {
  const p = req.properties ?? {};
  const title = p.title ?? defaultTitle(draft);
  checkTitle(draft, title, null);
  let sheetId: number;
  if (typeof p.sheetId === "number") {
    if (draft.sheet(p.sheetId)) throw invalidArgument(`A sheet with the id ${p.sheetId} already exists.`);
    sheetId = p.sheetId;
  } else {
    while (draft.sheet(draft.state.nextSheetId)) draft.state.nextSheetId++;
    sheetId = draft.state.nextSheetId++;
  }
  const { gridProperties, index, ...rest } = structuredClone(p);
  const properties: SheetProps = {
    ...rest,
    sheetId,
    title,
    sheetType: "GRID",
    gridProperties: {
      ...gridProperties,
      rowCount: gridProperties?.rowCount ?? DEFAULT_ROW_COUNT,
      columnCount: gridProperties?.columnCount ?? DEFAULT_COLUMN_COUNT,
    },
  };
  normalize(properties);
  checkFrozen(properties);
  const at = Math.min(Math.max(0, index ?? draft.state.sheets.length), draft.state.sheets.length);
  const sheet: SheetState = { properties, protectedRanges: [], rows: [] };
  draft.addSheet(sheet, at);
  return { addSheet: { properties: sheetPropertiesView(sheet, at) } };
}

export function deleteSheet(draft: Draft, req: sheets_v4.Schema$DeleteSheetRequest): void {
  const sheet = sheetFor(draft, req.sheetId);
  if (draft.state.sheets.length === 1) throw invalidArgument("You can't remove all the sheets in a document.");
  draft.removeSheet(sheet.properties.sheetId);
}

const SHEET_FIELDS = ["title", "index", "hidden", "tabColor", "tabColorStyle", "rightToLeft", "gridProperties"];
const GRID_FIELDS = [
  "rowCount",
  "columnCount",
  "frozenRowCount",
  "frozenColumnCount",
  "hideGridlines",
  "rowGroupControlAfter",
  "columnGroupControlAfter",
];

export function updateSheetProperties(draft: Draft, req: sheets_v4.Schema$UpdateSheetPropertiesRequest): void {
  if (!req.fields) throw invalidArgument("At least one field must be updated, but 'fields' is empty.");
  const source = req.properties ?? {};
  const sheetId = source.sheetId ?? 0;
  sheetFor(draft, sheetId);
  const paths = parseFieldMask(req.fields)
    .flatMap((p) => (p === "*" ? SHEET_FIELDS : [p]))
    .flatMap((p) => (p === "gridProperties" ? GRID_FIELDS.map((g) => `gridProperties.${g}`) : [p]));

  const sheet = draft.edit(sheetId);
  const grid = sheet.properties.gridProperties;
  for (const path of paths) {
    if (path === "sheetId" || path === "sheetType") continue;
    if (path === "title") {
      if (!source.title) throw invalidArgument("Sheet title cannot be empty.");
      checkTitle(draft, source.title, sheetId);
      sheet.properties.title = source.title;
    } else if (path === "index") {
      draft.moveSheet(sheetId, Math.max(0, source.index ?? 0));
    } else if (path === "gridProperties.rowCount" || path === "gridProperties.columnCount") {
      const dim: Dimension = path.endsWith("rowCount") ? "ROWS" : "COLUMNS";
      const wanted = dim === "ROWS" ? source.gridProperties?.rowCount : source.gridProperties?.columnCount;
      if (typeof wanted !== "number") continue; // "*" without a size keeps the size
      if (wanted < 1) throw invalidArgument(`${dim === "ROWS" ? "rowCount" : "columnCount"} must be at least 1.`);
      const current = dim === "ROWS" ? grid.rowCount : grid.columnCount;
      if (wanted < current) deleteDimension(draft, sheet, dim, wanted, current);
      else if (dim === "ROWS") grid.rowCount = wanted;
      else grid.columnCount = wanted;
    } else {
      copyPath(sheet.properties as unknown as Record<string, unknown>, source as Record<string, unknown>, path);
    }
  }
  normalize(sheet.properties);
  checkFrozen(sheet.properties);
  if (draft.state.sheets.every((s) => s.properties.hidden)) {
    throw invalidArgument("You can't hide all the sheets in a document.");
  }
  draft.log.meta = true;
}

const SPREADSHEET_FIELDS = [
  "title",
  "locale",
  "timeZone",
  "autoRecalc",
  "defaultFormat",
  "iterativeCalculationSettings",
  "spreadsheetTheme",
  "importFunctionsExternalUrlAccessAllowed",
];

export function updateSpreadsheetProperties(
  draft: Draft,
  req: sheets_v4.Schema$UpdateSpreadsheetPropertiesRequest,
): void {
  if (!req.fields) throw invalidArgument("At least one field must be updated, but 'fields' is empty.");
  const before = { ...draft.state.properties };
  applyMask(
    draft.state.properties as unknown as Record<string, unknown>,
    req.properties as Record<string, unknown> | undefined,
    req.fields,
    SPREADSHEET_FIELDS,
  );
  // These cannot be unset in Google; a mask that resets them keeps the old values.
  draft.state.properties.title ||= before.title;
  draft.state.properties.locale ||= before.locale;
  draft.state.properties.timeZone ||= before.timeZone;
  draft.log.meta = true;
}

function dimensionOf(value: string | null | undefined): Dimension {
  if (value === "ROWS" || value === "COLUMNS") return value;
  throw invalidArgument(`Invalid dimension: ${value ?? "DIMENSION_UNSPECIFIED"}`);
}

const noun = (dim: Dimension): string => (dim === "ROWS" ? "rows" : "columns");

export function insertDimensionRequest(draft: Draft, req: sheets_v4.Schema$InsertDimensionRequest): void {
  const range = req.range ?? {};
  const dim = dimensionOf(range.dimension);
  const sheet = sheetFor(draft, range.sheetId);
  const count = dim === "ROWS" ? sheet.properties.gridProperties.rowCount : sheet.properties.gridProperties.columnCount;
  const start = range.startIndex ?? 0;
  const end = range.endIndex ?? start;
  if (start < 0 || end <= start) throw invalidArgument(`Invalid dimension range: [${start}, ${end})`);
  if (start > count) throw invalidArgument(`Cannot insert ${noun(dim)} at index ${start}: the sheet has ${count}.`);
  if (req.inheritFromBefore && start === 0)
    throw invalidArgument("Cannot inherit from before the first row or column.");
  const inheritFrom = req.inheritFromBefore ? start - 1 : start < count ? start : null;
  insertDimension(draft, draft.edit(sheet.properties.sheetId), dim, start, end - start, inheritFrom);
}

export function deleteDimensionRequest(draft: Draft, req: sheets_v4.Schema$DeleteDimensionRequest): void {
  const range = req.range ?? {};
  const dim = dimensionOf(range.dimension);
  const sheet = sheetFor(draft, range.sheetId);
  const g = sheet.properties.gridProperties;
  const count = dim === "ROWS" ? g.rowCount : g.columnCount;
  const start = range.startIndex ?? 0;
  const end = range.endIndex ?? count;
  if (start < 0 || end <= start || end > count) {
    throw invalidArgument(`Cannot delete ${noun(dim)} [${start}, ${end}): the sheet has ${count}.`);
  }
  if (end - start === count) throw invalidArgument(`You can't delete all the ${noun(dim)} on the sheet.`);
  const frozen = (dim === "ROWS" ? g.frozenRowCount : g.frozenColumnCount) ?? 0;
  const frozenAfter = frozen - Math.max(0, Math.min(end, frozen) - start);
  if (frozen > 0 && count - (end - start) <= frozenAfter) {
    throw invalidArgument(`Sorry, it is not possible to delete all non-frozen ${noun(dim)}.`);
  }
  deleteDimension(draft, draft.edit(sheet.properties.sheetId), dim, start, end);
}

export function appendDimension(draft: Draft, req: sheets_v4.Schema$AppendDimensionRequest): void {
  const dim = dimensionOf(req.dimension);
  const length = req.length ?? 0;
  if (length < 1) throw invalidArgument("length must be at least 1.");
  const sheet = draft.edit(sheetFor(draft, req.sheetId).properties.sheetId);
  if (dim === "ROWS") sheet.properties.gridProperties.rowCount += length;
  else sheet.properties.gridProperties.columnCount += length;
  draft.log.meta = true;
}

/**
 * deleteRange / insertRange. A range spanning whole rows (or columns) in the shift direction acts
 * like delete/insertDimension, so google-spreadsheet's `row.delete()` shrinks the grid as deleting
 * the row would; a partial range only moves cells.
 */
function rangeShift(
  draft: Draft,
  req: sheets_v4.Schema$DeleteRangeRequest | sheets_v4.Schema$InsertRangeRequest,
  mode: "delete" | "insert",
): void {
  const dim = dimensionOf(req.shiftDimension);
  const { sheet, rect } = gridRect(draft, req.range);
  const g = sheet.properties.gridProperties;
  const spansAll =
    dim === "ROWS"
      ? rect.startCol === 0 && rect.endCol === g.columnCount
      : rect.startRow === 0 && rect.endRow === g.rowCount;
  const [start, end] = dim === "ROWS" ? [rect.startRow, rect.endRow] : [rect.startCol, rect.endCol];
  if (end <= start) return;
  if (spansAll && mode === "delete") {
    deleteDimensionRequest(draft, {
      range: { sheetId: sheet.properties.sheetId, dimension: dim, startIndex: start, endIndex: end },
    });
  } else if (spansAll) {
    insertDimensionRequest(draft, {
      range: { sheetId: sheet.properties.sheetId, dimension: dim, startIndex: start, endIndex: end },
    });
  } else {
    shiftCells(draft, draft.edit(sheet.properties.sheetId), rect, dim, mode);
  }
}

export function deleteRange(draft: Draft, req: sheets_v4.Schema$DeleteRangeRequest): void {
  rangeShift(draft, req, "delete");
}

export function insertRange(draft: Draft, req: sheets_v4.Schema$InsertRangeRequest): void {
  rangeShift(draft, req, "insert");
}
