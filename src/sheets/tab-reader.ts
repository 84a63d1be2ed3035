/**
 * Turns a tab's raw grid (as values:batchGet returns it) into keyed rows.
 *
 * Rows carry a key built from the tab's ID columns, or from the row's whole content when an ID
 * is blank, so a write can find the same row after organizers sort or insert rows.
 */
import type { SheetRow, TabRead } from "./gateway.ts";
import { mapHeaders } from "./headers.ts";
import type { TabSpec } from "./manifest.ts";
import type { Problem } from "../domain/problem.ts";

/** The row identity used by reads and writes alike. */
export function rowKey(tab: TabSpec, cells: Record<string, string>): string {
  const ids = tab.idColumns.map((c) => (cells[c] ?? "").trim());
  if (ids.every((id) => id.length > 0)) return `id:${ids.join("\u001f")}`;
  const content = tab.columns.filter((c) => c.owner === "organizer").map((c) => (cells[c.key] ?? "").trim());
  return `content:${content.join("\u001f")}`;
}

export function readTabGrid(
  tab: TabSpec,
  grid: string[][],
  sheet: { title: string; sheetId: number },
): { read: TabRead; problems: Problem[] } {
  const header = mapHeaders(tab, grid);
  const rows: SheetRow[] = [];
  const strays: SheetRow[] = [];
  const readable = header.problems.every((p) => p.severity !== "error");
  if (readable) {
    const ownColumns = tab.columns.filter((c) => tab.owner === "system" || c.owner === "organizer");
    for (let r = header.headerRow; r < grid.length; r++) {
      const line = grid[r] ?? [];
      const cells: Record<string, string> = {};
      let blank = true;
      for (const column of tab.columns) {
        const index = header.columns[column.key];
        const value = index === undefined ? "" : (line[index] ?? "");
        cells[column.key] = value;
        if (value.trim() !== "" && ownColumns.includes(column)) blank = false;
      }
      // Blank rows in the middle are common (a deleted person); they are skipped, not errors.
      if (!blank) rows.push({ rowNumber: r + 1, cells, key: rowKey(tab, cells) });
      // A system cell on a row with no organizer data: left behind when a row moved under a
      // write. Writes clear it; reads ignore it.
      else if (line.some((v) => v.trim() !== "")) strays.push({ rowNumber: r + 1, cells, key: "" });
    }
  }
  return {
    read: {
      tab: tab.key,
      title: sheet.title,
      sheetId: sheet.sheetId,
      headerRow: header.headerRow,
      columns: header.columns,
      rows,
      ...(strays.length > 0 ? { strays } : {}),
    },
    problems: header.problems,
  };
}
