/**
 * The SheetsGateway on google-spreadsheet: the same code for Google and the local emulator.
 *
 * Cost per call: read = ONE spreadsheets.get naming only the tabs it needs (src/sheets/
 * ranged-read.ts; plus a small properties-only call when the tab titles are not known yet),
 * trimmed by a `fields` mask to titles, ids, grid sizes and formatted values; write = that read
 * of the target tabs (rows are found again by ID after any sort) + one atomic
 * spreadsheets.batchUpdate, + one read back when it wrote beside organizer rows. Writes use
 * updateCells with string values, the batchUpdate form of RAW input: a name that starts with
 * "=" stays text. Grids only grow, by relative appendDimension (src/sheets/write-plan.ts says
 * why no position or size from the read is trusted further than that).
 */
import { GoogleSpreadsheet } from "google-spreadsheet";
import type { KyInstance } from "ky";
import type { Problem } from "../domain/problem.ts";
import { columnToLetters } from "./a1.ts";
import type { ColumnWrite, SheetsGateway, TabRead, WorkbookRead, WriteOp, WriteReport } from "./gateway.ts";
import { mapHeaders, titleMatchesTab } from "./headers.ts";
import { organizerTabKeys, tabSpec, tabTitle, type TabKey } from "./manifest.ts";
import {
  backoffDelay,
  batchIsRepeatable,
  createRetryingFetch,
  defaultRetryOptions,
  type RetryOptions,
} from "./retry-fetch.ts";
import { SheetsError, toSheetsError } from "./sheets-error.ts";
import { historyTabs, RangedReader, type LoadedSheet, type ReadShape, type SheetMeta } from "./ranged-read.ts";
import { readTabGrid, rowKey } from "./tab-reader.ts";
import { planWrites, type FreshTab, type SheetWritePlan } from "./write-plan.ts";

/** What google-spreadsheet accepts as auth: a raw token, or anything with getRequestHeaders(). */
export type SheetsAuth = { token: string } | { getRequestHeaders(): Promise<Record<string, string>> };

export interface GatewayOptions {
  spreadsheetId: string;
  url: string;
  auth: SheetsAuth;
  /** Where Sheets requests go: Google, or the emulator's Durable Object. */
  fetch: (request: Request) => Promise<Response>;
  retry?: RetryOptions;
  /** The identity organizers must share the sheet with (named in 403 messages); may be learned late. */
  account?: string | (() => string | undefined);
  /** Waits for a slot under the Sheets quota before each request (src/sheets/governor.ts). */
  acquire?: (kind: "read" | "write") => Promise<number | void>;
  /** How a link to one cell is written: Google's `#gid=..&range=A7`, or the emulator page's query. */
  links?: "google" | "emulator";
}

export class GoogleSheetsGateway implements SheetsGateway {
  readonly spreadsheetId: string;
  readonly url: string;
  readonly doc: GoogleSpreadsheet;
  /** Sheets API calls made through this gateway (for tests and the bench). */
  requests = 0;
  /** The governor's highest pressure seen (0..1): how close the quota came in the coming minute. */
  pressure = 0;
  private readonly reader: RangedReader;
  /** Whether this write sent a batch that appends or grows (retried only from a fresh read). */
  private unrepeatableSent = false;
  private plannedAppends = 0;

  constructor(private readonly options: GatewayOptions) {
    this.spreadsheetId = options.spreadsheetId;
    this.url = options.url;
    const counted = async (request: Request) => {
      // Every attempt, retries included, waits for a slot under the quota first.
      const pressure = await options.acquire?.(request.method === "GET" ? "read" : "write");
      if (typeof pressure === "number") this.pressure = Math.max(this.pressure, pressure);
      this.requests++;
      return options.fetch(request);
    };
    // ky's own retries are off: createRetryingFetch decides what is safe to repeat.
    this.doc = new GoogleSpreadsheet(options.spreadsheetId, options.auth, { retryConfig: 0 });
    const api = this.doc.sheetsApi.extend({
      fetch: createRetryingFetch(counted, options.retry ?? defaultRetryOptions),
    });
    (this.doc as unknown as { sheetsApi: KyInstance }).sheetsApi = api;
    this.reader = new RangedReader(() => this.doc.sheetsApi, options.spreadsheetId);
  }

  async read(tabs: readonly TabKey[]): Promise<WorkbookRead> {
    return this.guard(async () => {
      const { all, loaded } = await this.reader.load(new Map(tabs.map((key) => [key, "whole" as const])));
      const result: WorkbookRead = { spreadsheetId: this.spreadsheetId, tabs: {}, problems: [] };
      for (const key of tabs) {
        const sheet = loaded.get(key);
        if (!sheet) {
          if (organizerTabKeys.includes(key as (typeof organizerTabKeys)[number]))
            result.problems.push(missingTab(key));
          continue;
        }
        const { read, problems } = readTabGrid(tabSpec(key), sheet.values, sheet);
        result.tabs[key] = read;
        result.problems.push(...problems);
      }
      result.problems.push(...ambiguousTabs(tabs, all));
      if (this.reader.locale) result.locale = this.reader.locale;
      return result;
    });
  }

  /**
   * Reads the target tabs, plans, and sends one batchUpdate. A batch that is not safe to resend
   * as it is (it appends rows or grows the grid, see retry-fetch.ts) is never resent: after a
   * transient failure the whole write starts again from a fresh read, so a row Google did append
   * before answering 503 is found by its ID and not appended twice. Cells written beside
   * organizer rows (the Check column) are then read back and rewritten where a row moved under
   * them (an organizer inserted or sorted rows between our read and our write).
   */
  async write(ops: readonly WriteOp[]): Promise<WriteReport> {
    const before = this.requests;
    const retry = this.options.retry ?? defaultRetryOptions;
    // Rows an unanswered attempt meant to append: found on the re-read, they were appended.
    let unanswered = 0;
    let moved = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        const report = await this.guard(() => this.writeOnce(ops));
        return { ...report, appended: Math.max(report.appended, unanswered), requests: this.requests - before };
      } catch (error) {
        // The grid shrank under a planned write: nothing was applied, so read again at once.
        if (error instanceof SheetsError && error.kind === "moved" && moved++ < MOVED_RETRIES) continue;
        // Only a batch the fetch layer would not resend is retried here; the others were already.
        const transient = error instanceof SheetsError && !error.permanent && error.kind !== "unauthenticated";
        if (!transient || !this.unrepeatableSent || attempt >= retry.retries) throw error;
        unanswered = Math.max(unanswered, this.plannedAppends);
        await (retry.sleep ?? sleep)(backoffDelay(attempt, retry, retry.random ?? Math.random));
      }
    }
  }

  private async writeOnce(ops: readonly WriteOp[]): Promise<WriteReport> {
    this.unrepeatableSent = false;
    const tabs = [...new Set(ops.map((o) => o.tab))];
    const { all } = await this.reader.load(new Map());
    if (await this.createMissingSystemTabs(tabs, all)) this.reader.forget();
    const fresh = await this.freshTabs(ops);
    // A column written on named rows only (otherwise: null) is verified against what every
    // other row held before: a row that moved under the write gets its old cell back.
    const columns = ops
      .filter((o): o is ColumnWrite => o.kind === "column")
      .map((o) => (o.otherwise === null ? withCellsBefore(o, fresh) : o));
    const plan = planWrites(ops, fresh);
    this.plannedAppends = plan.appended;
    if (plan.cells > 0) await this.batchUpdate(plan.sheets.flatMap(toRequests));
    let misplaced = 0;
    if (plan.cells > 0 && columns.length > 0) {
      for (let round = 0; round <= VERIFY_REWRITES; round++) {
        const now = await this.freshTabs(columns);
        misplaced = misplacedCells(columns, now);
        if (misplaced === 0 || round === VERIFY_REWRITES) break;
        await this.batchUpdate(planWrites(columns, now).sheets.flatMap(toRequests));
      }
    }
    return { cells: plan.cells, requests: 0, appended: plan.appended, misplaced };
  }

  private async batchUpdate(requests: object[]): Promise<void> {
    this.unrepeatableSent ||= !batchIsRepeatable(requests);
    await this.doc.sheetsApi.post(":batchUpdate", { json: { requests } });
  }

  /** Properties-only reads made because tab titles were unknown or stale (for tests). */
  get metadataReads(): number {
    return this.reader.metadataReads;
  }

  cellLink(tab: TabRead, rowNumber: number, column?: string): string {
    const index = column === undefined ? undefined : tab.columns[column];
    const a1 = `${index === undefined ? "A" : columnToLetters(index)}${rowNumber}`;
    if (this.options.links === "emulator") {
      return `${this.url}&tab=${encodeURIComponent(tab.title ?? "")}&cell=${a1}`;
    }
    return `${this.url}#gid=${tab.sheetId ?? 0}&range=${a1}`;
  }

  /**
   * The target tabs as they are now: organizer tabs whole; system tabs that only accumulate
   * rows (Plan, Messages) as header + ID columns, unless someone moved those columns.
   */
  private async freshTabs(ops: readonly WriteOp[]): Promise<Map<string, FreshTab>> {
    const shapes = new Map<TabKey, ReadShape>();
    for (const op of ops) {
      const narrow = op.kind === "upsert" && historyTabs.has(op.tab) && shapes.get(op.tab) !== "whole";
      const from = idWindows.get(this.windowKey(op.tab));
      shapes.set(op.tab, !narrow ? "whole" : from ? { idsFrom: from } : "ids");
    }
    let loaded: Map<TabKey, LoadedSheet>;
    try {
      ({ loaded } = await this.reader.load(shapes));
    } catch (error) {
      // A remembered window past the grid (rows deleted since): Google answers 400. Forget the
      // windows and read the ID columns whole.
      const windowed = [...shapes].filter(([, shape]) => typeof shape === "object");
      if (windowed.length === 0 || (error as { response?: { status?: number } }).response?.status !== 400) throw error;
      for (const [key] of windowed) {
        idWindows.delete(this.windowKey(key));
        shapes.set(key, "ids");
      }
      ({ loaded } = await this.reader.load(shapes));
    }
    // Reread whole what a narrow read cannot serve: ID columns someone moved; and, for a
    // window, a key it does not show (it may sit above the window: never add it twice).
    const again = new Map<TabKey, ReadShape>();
    for (const [key, sheet] of loaded) {
      if (sheet.narrow && !idsWithinNarrowRead(key, sheet.values)) again.set(key, "whole");
      else if (sheet.windowed && !windowHasKeys(key, sheet, ops)) again.set(key, "ids");
    }
    if (again.size > 0) loaded = new Map([...loaded, ...(await this.reader.load(again)).loaded]);
    const fresh = new Map<string, FreshTab>();
    for (const key of shapes.keys()) {
      const sheet = loaded.get(key);
      if (!sheet) throw missingTabError(key);
      const { read } = readTabGrid(tabSpec(key), sheet.values, sheet);
      fresh.set(key, {
        read,
        sheetId: sheet.sheetId,
        rowCount: sheet.rowCount,
        columnCount: sheet.columnCount,
        usedColumns: Math.max(0, ...sheet.values.map((r) => r.length)),
      });
      if (sheet.narrow) idWindows.set(this.windowKey(key), windowStart(key, read, ops));
    }
    return fresh;
  }

  private windowKey(tab: TabKey): string {
    return `${this.spreadsheetId}\u0000${tab}`;
  }

  /** Returns whether a tab was created. */
  private async createMissingSystemTabs(tabs: readonly TabKey[], sheets: SheetMeta[]): Promise<boolean> {
    let created = false;
    for (const key of tabs) {
      const spec = tabSpec(key);
      if (spec.owner !== "system" || sheets.some((s) => titleMatchesTab(s.title, spec))) continue;
      // An organizer deleted a system tab: recreate it rather than drop the write.
      await this.doc.sheetsApi.post(":batchUpdate", {
        json: {
          requests: [
            {
              addSheet: {
                properties: {
                  title: tabTitle(spec),
                  gridProperties: { rowCount: 1000, columnCount: spec.columns.length, frozenRowCount: 1 },
                },
              },
            },
          ],
        },
      });
      created = true;
    }
    return created;
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const account = typeof this.options.account === "function" ? this.options.account() : this.options.account;
      throw await toSheetsError(error, this.spreadsheetId, account);
    }
  }
}

function toRequests(sheet: SheetWritePlan): object[] {
  // Relative growth: appendDimension adds rows at the end whatever the grid's size is by then, so
  // a row an organizer inserted since our read is never cut off (an absolute rowCount would).
  const requests: object[] = [];
  if (sheet.addRows > 0) {
    requests.push({ appendDimension: { sheetId: sheet.sheetId, dimension: "ROWS", length: sheet.addRows } });
  }
  if (sheet.addColumns > 0) {
    requests.push({ appendDimension: { sheetId: sheet.sheetId, dimension: "COLUMNS", length: sheet.addColumns } });
  }
  // Runs of adjacent cells in a row become one updateCells each.
  let run: { row: number; column: number; values: string[] } | undefined;
  const flush = () => {
    if (!run) return;
    requests.push({
      updateCells: {
        start: { sheetId: sheet.sheetId, rowIndex: run.row, columnIndex: run.column },
        rows: [{ values: run.values.map((v) => (v === "" ? {} : { userEnteredValue: { stringValue: v } })) }],
        fields: "userEnteredValue",
      },
    });
  };
  for (const cell of sheet.cells) {
    if (run && run.row === cell.row && run.column + run.values.length === cell.column) {
      run.values.push(cell.value);
    } else {
      flush();
      run = { row: cell.row, column: cell.column, values: [cell.value] };
    }
  }
  flush();
  if (sheet.appendRows.length > 0) {
    // Google places these after the last row with data when it applies the call.
    requests.push({
      appendCells: {
        sheetId: sheet.sheetId,
        rows: sheet.appendRows.map((row) => ({
          values: row.map((v) => (v === "" ? {} : { userEnteredValue: { stringValue: v } })),
        })),
        fields: "userEnteredValue",
      },
    });
  }
  return requests;
}

/** Fresh reads after an organizer deleted rows under a planned write, before giving up for now. */
const MOVED_RETRIES = 3;

/** Rewrites after a read-back still finds a Check value beside the wrong row (then the next write fixes it). */
const VERIFY_REWRITES = 2;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Cells of system columns in organizer tabs that do not hold what their row's key should have. */
/** `op` with every row's cell as read before the write, then its own values over them. */
function withCellsBefore(op: ColumnWrite, fresh: ReadonlyMap<string, FreshTab>): ColumnWrite {
  const before = new Map((fresh.get(op.tab)?.read.rows ?? []).map((r) => [r.key, r.cells[op.column] ?? ""]));
  return { ...op, values: new Map([...before, ...op.values]) };
}

function misplacedCells(ops: readonly ColumnWrite[], fresh: ReadonlyMap<string, FreshTab>): number {
  let misplaced = 0;
  for (const op of ops) {
    const tab = fresh.get(op.tab);
    if (!tab) continue;
    for (const row of tab.read.rows) {
      const expected = op.values.get(row.key) ?? op.otherwise;
      if (expected !== null && (row.cells[op.column] ?? "") !== expected) misplaced++;
    }
    for (const stray of tab.read.strays ?? []) if ((stray.cells[op.column] ?? "") !== "") misplaced++;
  }
  return misplaced;
}

/** Per spreadsheet and history tab: the row where the days last written begin (isolate memory). */
const idWindows = new Map<string, number>();

function upsertKeys(tab: TabKey, ops: readonly WriteOp[]): string[] {
  const spec = tabSpec(tab);
  return ops.flatMap((op) => (op.kind === "upsert" && op.tab === tab ? op.rows.map((r) => rowKey(spec, r)) : []));
}

function windowHasKeys(
  tab: TabKey,
  sheet: { values: string[][]; sheetId: number; title: string },
  ops: readonly WriteOp[],
) {
  const { read } = readTabGrid(tabSpec(tab), sheet.values, sheet);
  const present = new Set(read.rows.map((r) => r.key));
  return upsertKeys(tab, ops).every((k) => present.has(k));
}

/** Where the rows this write touches begin (new ones start below the last row). */
function windowStart(tab: TabKey, read: TabRead, ops: readonly WriteOp[]): number {
  const keys = new Set(upsertKeys(tab, ops));
  const rows = read.rows.filter((r) => keys.has(r.key)).map((r) => r.rowNumber);
  // New rows go below the last one; the window keeps that last row, which exists in the grid.
  const last = read.rows.at(-1)?.rowNumber ?? read.headerRow + 1;
  return rows.length > 0 ? Math.min(...rows) : last;
}

/** Whether a narrow read (header rows + ID columns) found every ID column inside what it read. */
function idsWithinNarrowRead(key: TabKey, values: string[][]): boolean {
  const spec = tabSpec(key);
  const header = mapHeaders(spec, values);
  const lastId = Math.max(...spec.idColumns.map((id) => spec.columns.findIndex((c) => c.key === id)));
  return spec.idColumns.every((id) => {
    const index = header.columns[id];
    return index !== undefined && index <= lastId;
  });
}

function missingTab(key: TabKey): Problem {
  const spec = tabSpec(key);
  const title = tabTitle(spec);
  return {
    tab: key,
    code: "tab_missing",
    severity: "error",
    zh: `找不到“${title}”表。请新建一个名为“${title}”（或“${spec.zh}”）的工作表，或运行 npm run sheet:init。`,
    en: `Tab "${title}" was not found. Add a sheet named "${title}" (or "${spec.en}"), or run npm run sheet:init.`,
  };
}

function missingTabError(key: TabKey): SheetsError {
  const p = missingTab(key);
  return new SheetsError("bad_request", 400, p.zh, p.en, `tab ${key} missing`);
}

function ambiguousTabs(tabs: readonly TabKey[], sheets: SheetMeta[]): Problem[] {
  const problems: Problem[] = [];
  for (const key of tabs) {
    const spec = tabSpec(key);
    const matches = sheets.filter((s) => titleMatchesTab(s.title, spec));
    if (matches.length < 2) continue;
    const names = matches.map((m) => `“${m.title}”`).join("、");
    problems.push({
      tab: key,
      code: "tab_ambiguous",
      severity: "warning",
      zh: `有多个工作表都像“${tabTitle(spec)}”：${names}。系统读取第一个，请把其他的改名。`,
      en: `Several sheets look like "${tabTitle(spec)}": ${matches.map((m) => `"${m.title}"`).join(", ")}. The first is read; rename the others.`,
    });
  }
  return problems;
}
