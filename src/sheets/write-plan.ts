/**
 * Plans a batch of system writes against a fresh read of the target tabs.
 *
 * Pure: given what the sheet holds right now, it decides which cells to set so that every value
 * lands on the row its key names, only in system-owned columns, and how far the grid must grow.
 * The gateway sends the result as one atomic spreadsheets.batchUpdate.
 *
 * Google has no precondition on batchUpdate, and organizers insert, delete and sort rows while we
 * work, so positions from the read are used only where a moved row is repaired by the next write
 * (system columns keyed by ID). Two things never use them: organizer rows we add (sign-ups) go
 * out as `appendRows`, placed by Google after the last row with data at the moment it applies the
 * call; and the grid only grows by the rows we add (`addRows`, relative), never to an absolute
 * size from the read, which would delete a row an organizer added since (setting rowCount below
 * the grid's size deletes rows).
 *
 * The Check column is the one positional write beside organizer rows. The gateway reads it back
 * after the batch and rewrites cells whose row moved (and clears a value left on a row that is
 * now empty), so a sort or insert in the seconds between read and write is put right at once.
 * Google's developer metadata on rows would move with each row and make a lookup by ID possible
 * without reading, but it costs a createDeveloperMetadata per row (320 on the Volunteers tab,
 * every new row again), is invisible to organizers who copy rows between tabs, and the read-back
 * is needed anyway to know the sheet equals D1; so we anchor on the ID columns the organizers
 * already keep, and pay one extra read per Check write.
 */
import type { SheetRow, TabRead, WriteOp } from "./gateway.ts";
import { headerText, tabSpec, type TabSpec } from "./manifest.ts";
import { rowKey } from "./tab-reader.ts";

export interface CellWrite {
  /** 0-based. */
  row: number;
  /** 0-based. */
  column: number;
  value: string;
}

export interface SheetWritePlan {
  sheetId: number;
  cells: CellWrite[];
  /** Rows and columns to add at the grid's end (0 when it is big enough): growth is relative. */
  addRows: number;
  addColumns: number;
  /** Organizer rows to append after the last row with data, as Google finds it: values by column index. */
  appendRows: string[][];
}

export interface FreshTab {
  read: TabRead;
  sheetId: number;
  /** Grid size from the read. */
  rowCount: number;
  columnCount: number;
  /** Widest row in the read, to place a new system column after everything organizers typed. */
  usedColumns: number;
}

export interface WritePlan {
  sheets: SheetWritePlan[];
  cells: number;
  appended: number;
}

/** Where a system column lives, adding its header after the used columns when it is missing. */
function ensureColumn(tab: TabSpec, fresh: FreshTab, key: string, cells: CellWrite[]): number {
  const existing = fresh.read.columns[key];
  if (existing !== undefined) return existing;
  const column = tab.columns.find((c) => c.key === key);
  if (!column) throw new Error(`manifest tab ${tab.key} has no column ${key}`);
  const index = Math.max(fresh.usedColumns, ...Object.values(fresh.read.columns).map((i) => i + 1));
  fresh.read.columns[key] = index;
  fresh.usedColumns = index + 1;
  cells.push({ row: fresh.read.headerRow - 1, column: index, value: headerText(column) });
  return index;
}

function ensureSystemOwned(tab: TabSpec, column: string): void {
  const spec = tab.columns.find((c) => c.key === column);
  if (!spec || (tab.owner !== "system" && spec.owner !== "system")) {
    // A bug, not bad input: writing into an organizer's column would overwrite their work.
    throw new Error(`refusing to write organizer-owned ${tab.key}.${column}`);
  }
}

function lastRow(fresh: FreshTab): number {
  const rows = fresh.read.rows;
  return rows.length > 0 ? rows[rows.length - 1]!.rowNumber : fresh.read.headerRow;
}

/** Keys found on more than one row, with those rows in sheet order. */
function duplicated(rows: readonly SheetRow[]): Map<string, SheetRow[]> {
  const byKey = new Map<string, SheetRow[]>();
  for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  return new Map([...byKey].filter(([, list]) => list.length > 1));
}

function firstByKey(rows: SheetRow[]): Map<string, SheetRow> {
  const map = new Map<string, SheetRow>();
  for (const row of rows) if (!map.has(row.key)) map.set(row.key, row);
  return map;
}

export function planWrites(ops: readonly WriteOp[], fresh: ReadonlyMap<string, FreshTab>): WritePlan {
  const perSheet = new Map<number, { fresh: FreshTab; cells: CellWrite[]; appendRows: string[][] }>();
  let appended = 0;
  const target = (tabKey: string) => {
    const f = fresh.get(tabKey);
    if (!f) throw new Error(`no fresh read of tab ${tabKey}`);
    let entry = perSheet.get(f.sheetId);
    if (!entry) perSheet.set(f.sheetId, (entry = { fresh: f, cells: [], appendRows: [] }));
    return entry;
  };

  for (const op of ops) {
    const tab = tabSpec(op.tab);
    const { fresh: f, cells, appendRows } = target(op.tab);
    if (op.kind === "column") {
      ensureSystemOwned(tab, op.column);
      const index = ensureColumn(tab, f, op.column, cells);
      for (const row of f.read.rows) {
        const value = op.values.get(row.key) ?? op.otherwise;
        // Null: a row not named is left as it is.
        if (value === null) continue;
        // A cell that already says it costs nothing: an unchanged sheet gets no write at all.
        if ((row.cells[op.column] ?? "") === value) continue;
        cells.push({ row: row.rowNumber - 1, column: index, value });
      }
      // A value left beside no row (its row moved while we wrote) is cleared.
      for (const stray of f.read.strays ?? []) {
        if ((stray.cells[op.column] ?? "") !== "") cells.push({ row: stray.rowNumber - 1, column: index, value: "" });
      }
      continue;
    }
    if (op.kind === "append") {
      // Organizer rows: only into columns the tab already has. Where they land is Google's call
      // (appendCells), so a row typed since our read is never overwritten; a key already in the
      // read is skipped, which also makes a repeat after a failed call safe once re-read.
      const present = new Set(f.read.rows.map((r) => r.key));
      for (const values of op.rows) {
        const key = rowKey(tab, values);
        if (present.has(key)) continue;
        present.add(key);
        appended++;
        const row: string[] = [];
        for (const [column, value] of Object.entries(values)) {
          const index = f.read.columns[column];
          if (index !== undefined && tab.columns.find((c) => c.key === column)?.owner === "organizer") {
            while (row.length < index) row.push("");
            row[index] = value;
          }
        }
        appendRows.push(row);
      }
      continue;
    }
    for (const c of tab.columns) ensureColumn(tab, f, c.key, cells);
    if (op.kind === "upsert") {
      const existing = firstByKey(f.read.rows);
      let next = lastRow(f);
      // Positions come from a read, and Google applies a write wherever the rows are by then: an
      // insert above shifts everything down and leaves the last row twice, a delete leaves the
      // first. The next write of the tab keeps one row per key, rewritten whole, blanks the rest, and adds
      // back the row the shifted write covered, where the extra copy was.
      const written = new Map(op.rows.map((values) => [rowKey(tab, values), values] as const));
      const twice = duplicated(f.read.rows);
      const blanked: number[] = [];
      for (const [key, rows] of twice) {
        const whole = written.get(key) ?? op.known?.get(key);
        if (!whole) continue;
        for (const extra of rows.slice(1)) {
          blanked.push(extra.rowNumber - 1);
          for (const c of tab.columns)
            cells.push({ row: extra.rowNumber - 1, column: f.read.columns[c.key]!, value: "" });
        }
        if (!written.has(key)) {
          for (const [column, value] of Object.entries(whole)) {
            ensureSystemOwned(tab, column);
            cells.push({ row: rows[0]!.rowNumber - 1, column: f.read.columns[column]!, value });
          }
        }
      }
      // A key twice means a shifted write landed on a neighbour's row and wrote over it: that
      // neighbour's key is gone from the tab. Every row ZoneCrew wrote and the read no longer
      // finds is added back whole, on a row just blanked or else below the last row. Only then:
      // without a key twice, a missing row is the organizers' doing, and theirs to keep; and only
      // rows of the days found twice (an older day's rows they cleared stay cleared).
      if (twice.size > 0) {
        blanked.sort((a, b) => a - b);
        const days = new Set([...twice.values()].map((rows) => rows[0]!.cells["date"]));
        for (const [key, whole] of op.known ?? []) {
          if (existing.has(key) || written.has(key) || !days.has(whole["date"])) continue;
          appended++;
          const rowIndex = blanked.shift() ?? next++;
          for (const [column, value] of Object.entries(whole)) {
            ensureSystemOwned(tab, column);
            cells.push({ row: rowIndex, column: f.read.columns[column]!, value });
          }
        }
      }
      for (const values of op.rows) {
        const key = rowKey(tab, values);
        const row = existing.get(key);
        const rowIndex = row ? row.rowNumber - 1 : next++;
        if (!row) appended++;
        for (const [column, value] of Object.entries(values)) {
          ensureSystemOwned(tab, column);
          cells.push({ row: rowIndex, column: f.read.columns[column]!, value });
        }
      }
      continue;
    }
    // replace: write every row in manifest order, then blank what is left of the old rows.
    const start = f.read.headerRow;
    op.rows.forEach((values, i) => {
      for (const c of tab.columns)
        cells.push({ row: start + i, column: f.read.columns[c.key]!, value: values[c.key] ?? "" });
    });
    for (let r = start + op.rows.length; r < lastRow(f); r++) {
      for (const c of tab.columns) cells.push({ row: r, column: f.read.columns[c.key]!, value: "" });
    }
  }

  const sheets: SheetWritePlan[] = [];
  let total = 0;
  for (const [sheetId, { fresh: f, cells, appendRows }] of perSheet) {
    const deduped = dedupe(cells);
    total += deduped.length + appendRows.reduce((n, r) => n + r.filter((v) => v !== "").length, 0);
    const maxRow = Math.max(0, ...deduped.map((c) => c.row + 1));
    const maxColumn = Math.max(0, ...deduped.map((c) => c.column + 1));
    sheets.push({
      sheetId,
      cells: deduped,
      addRows: Math.max(0, maxRow - f.rowCount),
      addColumns: Math.max(0, maxColumn - f.columnCount),
      appendRows,
    });
  }
  return { sheets, cells: total, appended };
}

/** Later writes to the same cell win, as they would if sent in order. */
function dedupe(cells: CellWrite[]): CellWrite[] {
  const map = new Map<string, CellWrite>();
  for (const c of cells) map.set(`${c.row}:${c.column}`, c);
  return [...map.values()].sort((a, b) => a.row - b.row || a.column - b.column);
}
