/**
 * The one interface everything else uses to reach the organizers' spreadsheet.
 *
 * Reads are whole tabs in one batched call; writes touch only system-owned tabs and columns and
 * find their rows again by ID at write time, because organizers sort and insert rows between our
 * read and our write. The implementation (google-gateway.ts) is the same against Google and the
 * local emulator; only the fetch underneath differs.
 */
import type { Problem } from "../domain/problem.ts";
import type { OrganizerTabKey, PasteTabKey, SystemTabKey, TabKey } from "./manifest.ts";

export interface SheetRow {
  /** 1-based row number at the time of this read (it changes when organizers sort). */
  rowNumber: number;
  /** Column key -> the cell as Sheets formats it (FORMATTED_VALUE); "" when blank. */
  cells: Record<string, string>;
  /** Identity used to address this row again: "id:<ids>" or "content:<fingerprint>". */
  key: string;
}

export interface TabRead {
  tab: TabKey;
  /** The sheet title as the organizers named it; undefined when the tab is missing. */
  title?: string;
  sheetId?: number;
  /** 1-based row of the header. */
  headerRow: number;
  /** Column key -> 0-based column index. */
  columns: Record<string, number>;
  /** Non-blank rows below the header, in sheet order. */
  rows: SheetRow[];
  /** Rows holding nothing but system cells (organizer tabs), e.g. a Check value whose row moved. */
  strays?: SheetRow[];
}

export interface WorkbookRead {
  spreadsheetId: string;
  tabs: Partial<Record<TabKey, TabRead>>;
  /** Structural problems: missing tabs, missing or duplicate headers. */
  problems: Problem[];
  /** The spreadsheet's locale (e.g. zh_CN, en_US): Google shows typed dates and times in it. */
  locale?: string;
}

/**
 * Rewrites one system-owned column of an organizer tab (e.g. Check) for every row, or, with
 * `otherwise: null`, sets it on the rows named in `values` only (培训日期: a date roll call saw
 * someone trained) and leaves every other row's cell as it is. Either way it only writes beside
 * rows that are there: a key not found is skipped, never appended.
 */
export interface ColumnWrite {
  kind: "column";
  tab: OrganizerTabKey | PasteTabKey;
  column: string;
  /** Row key (SheetRow.key) -> value. */
  values: ReadonlyMap<string, string>;
  /**
   * Value for rows that are not in `values` (rows added since the read): usually "". Null: leave
   * them alone.
   */
  otherwise: string | null;
}

/** Updates rows of a system tab matched by its ID columns and adds the rows not found. */
export interface UpsertWrite {
  kind: "upsert";
  tab: SystemTabKey;
  rows: ReadonlyArray<Record<string, string>>;
  /**
   * Whole rows as ZoneCrew last wrote them, by row key (the outbox's mirror). A key the read finds
   * on several rows (an organizer's insert, delete or sort moved rows between an earlier read and
   * its positional write) is put right from these: the first row rewritten whole, the others
   * blanked. Without them only the keys in `rows` are put right, from `rows`.
   */
  known?: ReadonlyMap<string, Record<string, string>>;
}

/** Replaces every row of a system tab (e.g. Problems). */
export interface ReplaceWrite {
  kind: "replace";
  tab: SystemTabKey;
  rows: ReadonlyArray<Record<string, string>>;
}

/**
 * Adds rows below the last row of an organizer tab (e.g. sign-ups imported from a WeChat chain),
 * skipping any whose key (SheetRow.key) is already there. Never overwrites a row.
 */
export interface AppendWrite {
  kind: "append";
  tab: OrganizerTabKey;
  rows: ReadonlyArray<Record<string, string>>;
}

export type WriteOp = ColumnWrite | UpsertWrite | ReplaceWrite | AppendWrite;

export interface WriteReport {
  /** Cells written. */
  cells: number;
  /** Sheets API requests this write cost (reads + writes). */
  requests: number;
  /** Rows added: upserted rows whose ID was not in the sheet, and appended rows not already there. */
  appended: number;
  /**
   * Check-column cells a read-back still found beside the wrong row after the rewrites (an
   * organizer kept moving rows); the next write of that column puts them right. 0 normally.
   */
  misplaced?: number;
}

export interface SheetsGateway {
  readonly spreadsheetId: string;
  /** The spreadsheet's URL for people (Google's, or the emulator's grid page). */
  readonly url: string;
  /** Reads the given tabs in one batched call (plus one cached metadata call). */
  read(tabs: readonly TabKey[]): Promise<WorkbookRead>;
  /** Applies all ops in one read of the target tabs and one batched write. */
  write(ops: readonly WriteOp[]): Promise<WriteReport>;
  /** How close the Sheets quota came during this gateway's calls (0..1), when a governor counts it. */
  readonly pressure?: number;
  /** A URL that opens the sheet at a cell (or the row when no column is given). */
  cellLink(tab: TabRead, rowNumber: number, column?: string): string;
}
