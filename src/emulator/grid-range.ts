/**
 * GridRange (sheetId + 0-based half-open indices) as batchUpdate requests use it, checked the
 * way Google checks it: a missing sheetId means sheet 0, a missing index means the sheet edge,
 * and a range past the grid is a 400 rather than a silent grow (only values writes grow).
 */
import type { sheets_v4 } from "@googleapis/sheets";
import { formatCellRef } from "../sheets/a1.ts";
import { invalidArgument } from "./errors.ts";
import { clipToGrid, type BoundedRect, type Draft, type SheetState } from "./workbook.ts";
import type { GridRect } from "../sheets/a1.ts";

/**
 * The part of a read range inside the grid. A range that starts past the grid's last row or
 * column is refused as Google refuses it; one that only runs past the edge is cut to it.
 */
export function readableRect(sheet: SheetState, rect: GridRect): BoundedRect {
  const { rowCount, columnCount } = sheet.properties.gridProperties;
  const startRow = rect.startRow ?? 0;
  const startCol = rect.startCol ?? 0;
  if (startRow >= rowCount || startCol >= columnCount) {
    const shown: BoundedRect = {
      startRow,
      startCol,
      endRow: rect.endRow ?? startRow + 1,
      endCol: rect.endCol ?? startCol + 1,
    };
    throw invalidArgument(
      `Range (${describeRange(sheet, shown)}) exceeds grid limits. Max rows: ${rowCount}, max columns: ${columnCount}`,
    );
  }
  return clipToGrid(rect, sheet.properties.gridProperties);
}

export function sheetFor(draft: Draft, sheetId: number | null | undefined): SheetState {
  const id = sheetId ?? 0;
  const sheet = draft.sheet(id);
  if (!sheet) throw invalidArgument(`No grid with id: ${id}`);
  return sheet;
}

/** `'Sheet1'!A1:B2` as Google prints ranges in its error messages. */
export function describeRange(sheet: SheetState, rect: BoundedRect): string {
  return `'${sheet.properties.title.replace(/'/g, "''")}'!${formatCellRef(rect)}`;
}

export function gridRect(
  draft: Draft,
  range: sheets_v4.Schema$GridRange | undefined,
): { sheet: SheetState; rect: BoundedRect } {
  if (!range) throw invalidArgument("range is required");
  const sheet = sheetFor(draft, range.sheetId);
  const { rowCount, columnCount } = sheet.properties.gridProperties;
  const rect: BoundedRect = {
    startRow: range.startRowIndex ?? 0,
    endRow: range.endRowIndex ?? rowCount,
    startCol: range.startColumnIndex ?? 0,
    endCol: range.endColumnIndex ?? columnCount,
  };
  if (rect.startRow < 0 || rect.startCol < 0 || rect.endRow < rect.startRow || rect.endCol < rect.startCol) {
    throw invalidArgument(`Invalid range: ${JSON.stringify(range)}`);
  }
  if (rect.endRow > rowCount || rect.endCol > columnCount) {
    throw invalidArgument(
      `Range (${describeRange(sheet, rect)}) exceeds grid limits. Max rows: ${rowCount}, max columns: ${columnCount}`,
    );
  }
  return { sheet, rect };
}
