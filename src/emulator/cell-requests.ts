/**
 * batchUpdate requests that change cells in place: updateCells, repeatCell, setDataValidation
 * and sortRange (how tests play an organizer re-sorting a tab under the Worker's feet).
 *
 * Field masks are honoured for userEnteredValue, userEnteredFormat (stored as given, never
 * interpreted), note and dataValidation; read-only or unmodelled CellData fields in a mask
 * (effectiveValue, hyperlink, textFormatRuns...) are accepted and ignored.
 */
import type { sheets_v4 } from "@googleapis/sheets";
import { compactCell, compareValues, enteredFromExtended, hasValue, withEntered, type Cell } from "./cell-value.ts";
import { invalidArgument } from "./errors.ts";
import { copyPath, parseFieldMask } from "./field-mask.ts";
import { gridRect } from "./grid-range.ts";
import { getCell, growGrid, lastValueRow, type BoundedRect, type Draft } from "./workbook.ts";

const CELL_DATA_FIELDS = new Set([
  "userEnteredValue",
  "effectiveValue",
  "formattedValue",
  "userEnteredFormat",
  "effectiveFormat",
  "hyperlink",
  "note",
  "textFormatRuns",
  "dataValidation",
  "pivotTable",
  "dataSourceTable",
  "dataSourceFormula",
  "chipRuns",
]);

type CellPatch = (cell: Cell | null, data: sheets_v4.Schema$CellData | undefined) => Cell | null;

/** Turns a `fields` mask into one function that applies a CellData to a stored cell. */
function cellPatch(fields: string | null | undefined): CellPatch {
  if (!fields) throw invalidArgument("At least one field must be updated, but 'fields' is empty.");
  const paths = parseFieldMask(fields).flatMap((p) =>
    p === "*" ? ["userEnteredValue", "userEnteredFormat", "note", "dataValidation"] : [p],
  );
  for (const p of paths) {
    const head = p.split(".")[0] ?? "";
    if (!CELL_DATA_FIELDS.has(head)) throw invalidArgument(`Invalid field mask path: "${p}"`);
  }
  return (cell, data) => {
    let next: Cell = { ...cell };
    for (const p of paths) {
      if (p === "userEnteredValue" || p.startsWith("userEnteredValue.")) {
        next = withEntered(next, enteredFromExtended(data?.userEnteredValue)) ?? {};
      } else if (p === "note") {
        if (data?.note) next.note = data.note;
        else delete next.note;
      } else if (p === "dataValidation" || p.startsWith("dataValidation.")) {
        if (data?.dataValidation) next.dv = structuredClone(data.dataValidation);
        else delete next.dv;
      } else if (p === "userEnteredFormat" || p.startsWith("userEnteredFormat.")) {
        const holder: Record<string, unknown> = next.fmt ? { userEnteredFormat: structuredClone(next.fmt) } : {};
        copyPath(holder, data as Record<string, unknown> | undefined, p);
        const fmt = holder["userEnteredFormat"] as sheets_v4.Schema$CellFormat | undefined;
        if (fmt && Object.keys(fmt).length) next.fmt = fmt;
        else delete next.fmt;
      }
    }
    return compactCell(next);
  };
}

function patchRect(
  draft: Draft,
  sheetId: number,
  rect: BoundedRect,
  dataAt: (r: number, c: number) => sheets_v4.Schema$CellData | undefined,
  patch: CellPatch,
): void {
  const sheet = draft.edit(sheetId);
  for (let r = rect.startRow; r < rect.endRow; r++) {
    for (let c = rect.startCol; c < rect.endCol; c++) {
      const before = getCell(sheet, r, c);
      const after = patch(before, dataAt(r, c));
      if (before !== after && JSON.stringify(before) !== JSON.stringify(after)) draft.setCell(sheet, r, c, after);
    }
  }
}

export function updateCells(draft: Draft, req: sheets_v4.Schema$UpdateCellsRequest): void {
  const patch = cellPatch(req.fields);
  const rows = req.rows ?? [];
  if (req.range) {
    const { sheet, rect } = gridRect(draft, req.range);
    // Cells of the range that `rows` does not reach are cleared of the masked fields, as in Google.
    const at = (r: number, c: number) => rows[r - rect.startRow]?.values?.[c - rect.startCol];
    patchRect(draft, sheet.properties.sheetId, rect, at, patch);
    return;
  }
  if (!req.start) throw invalidArgument("Either 'start' or 'range' must be set.");
  const width = Math.max(1, ...rows.map((r) => r.values?.length ?? 0));
  const startRow = req.start.rowIndex ?? 0;
  const startCol = req.start.columnIndex ?? 0;
  const { sheet, rect } = gridRect(draft, {
    sheetId: req.start.sheetId ?? 0,
    startRowIndex: startRow,
    endRowIndex: startRow + Math.max(1, rows.length),
    startColumnIndex: startCol,
    endColumnIndex: startCol + width,
  });
  const writable = draft.edit(sheet.properties.sheetId);
  rows.forEach((row, i) =>
    (row.values ?? []).forEach((data, j) => {
      const r = rect.startRow + i;
      const c = rect.startCol + j;
      draft.setCell(writable, r, c, patch(getCell(writable, r, c), data));
    }),
  );
}

/**
 * Google's appendCells: the rows go after the last row holding a value anywhere in the sheet,
 * the grid growing as needed. The position is decided here, at the moment of the call, so a
 * row an organizer added since the caller's last read is never overwritten.
 */
export function appendCells(draft: Draft, req: sheets_v4.Schema$AppendCellsRequest): void {
  const patch = cellPatch(req.fields);
  const sheetId = req.sheetId ?? 0;
  const sheet = draft.sheet(sheetId);
  if (!sheet) throw invalidArgument(`No grid with id: ${sheetId}`);
  const rows = req.rows ?? [];
  const start = lastValueRow(sheet, 0, 0, Number.MAX_SAFE_INTEGER) + 1;
  const width = Math.max(1, ...rows.map((r) => r.values?.length ?? 0));
  const writable = draft.edit(sheetId);
  growGrid(draft, writable, start + rows.length, width);
  rows.forEach((row, i) =>
    (row.values ?? []).forEach((data, j) => {
      const r = start + i;
      draft.setCell(writable, r, j, patch(getCell(writable, r, j), data));
    }),
  );
}

export function repeatCell(draft: Draft, req: sheets_v4.Schema$RepeatCellRequest): void {
  const patch = cellPatch(req.fields);
  const { sheet, rect } = gridRect(draft, req.range);
  const cell = req.cell ?? {};
  patchRect(draft, sheet.properties.sheetId, rect, () => cell, patch);
}

/**
 * Merging keeps only the top-left value, as Google does (MERGE_ALL; MERGE_ROWS / MERGE_COLUMNS
 * keep the first cell of each row / column). The merge itself is not kept: the grid shows cells
 * one by one, and ZoneCrew reads values only.
 */
export function mergeCells(draft: Draft, req: sheets_v4.Schema$MergeCellsRequest): void {
  const { sheet, rect } = gridRect(draft, req.range);
  const type = req.mergeType ?? "MERGE_ALL";
  const kept = (r: number, c: number) =>
    type === "MERGE_ROWS"
      ? c === rect.startCol
      : type === "MERGE_COLUMNS"
        ? r === rect.startRow
        : r === rect.startRow && c === rect.startCol;
  const edited = draft.edit(sheet.properties.sheetId);
  for (let r = rect.startRow; r < rect.endRow; r++) {
    for (let c = rect.startCol; c < rect.endCol; c++) {
      const cell = getCell(edited, r, c);
      if (!kept(r, c) && hasValue(cell)) draft.setCell(edited, r, c, withEntered(cell, null));
    }
  }
}

/** A null rule clears validation from the range. */
export function setDataValidation(draft: Draft, req: sheets_v4.Schema$SetDataValidationRequest): void {
  const { sheet, rect } = gridRect(draft, req.range);
  const data: sheets_v4.Schema$CellData = req.rule ? { dataValidation: req.rule } : {};
  patchRect(draft, sheet.properties.sheetId, rect, () => data, cellPatch("dataValidation"));
}

/** Stable sort of the rows of a range; empty cells go last whether ascending or descending. */
export function sortRange(draft: Draft, req: sheets_v4.Schema$SortRangeRequest): void {
  const { sheet: base, rect } = gridRect(draft, req.range);
  const specs = (req.sortSpecs ?? []).map((s, i) => {
    if (typeof s.dimensionIndex !== "number") throw invalidArgument(`sortSpecs[${i}].dimensionIndex is required`);
    if (s.dimensionIndex < 0 || s.dimensionIndex >= base.properties.gridProperties.columnCount) {
      throw invalidArgument(`sortSpecs[${i}].dimensionIndex is out of the grid`);
    }
    return { col: s.dimensionIndex, sign: s.sortOrder === "DESCENDING" ? -1 : 1 };
  });
  if (specs.length === 0) specs.push({ col: rect.startCol, sign: 1 });
  const sheet = draft.edit(base.properties.sheetId);

  interface Entry {
    r: number;
    cells: Array<Cell | null>;
    keys: Array<Cell | null>;
  }
  const entries: Entry[] = [];
  for (let r = rect.startRow; r < rect.endRow; r++) {
    const cells: Array<Cell | null> = [];
    for (let c = rect.startCol; c < rect.endCol; c++) cells.push(getCell(sheet, r, c));
    entries.push({ r, cells, keys: specs.map((s) => getCell(sheet, r, s.col)) });
  }
  const compare = (a: Entry, b: Entry): number => {
    for (let i = 0; i < specs.length; i++) {
      const x = a.keys[i];
      const y = b.keys[i];
      const xv = hasValue(x);
      const yv = hasValue(y);
      if (!xv || !yv) {
        if (xv !== yv) return xv ? -1 : 1;
        continue;
      }
      const d = compareValues(x, y) * specs[i]!.sign;
      if (d !== 0) return d;
    }
    return a.r - b.r;
  };
  const sorted = [...entries].sort(compare);
  sorted.forEach((entry, i) => {
    const r = rect.startRow + i;
    if (entry.r === r) return;
    entry.cells.forEach((cell, j) => draft.setCell(sheet, r, rect.startCol + j, cell));
  });
}
