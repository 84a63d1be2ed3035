/**
 * The SheetsGateway on google-spreadsheet: the same code for Google and the local emulator.
 *
 * Cost per call, whatever the roster size: read = one values:batchGet (+ one cached
 * spreadsheets.get); write = one values:batchGet of the target tabs (rows are found again by ID
 * after any sort) + one atomic spreadsheets.batchUpdate. Writes use updateCells with string
 * values, the batchUpdate form of RAW input: a name that starts with "=" stays text. A grid that
 * must grow is resized in the same batchUpdate, with an absolute, idempotent updateSheetProperties,
 * so the whole write can be retried safely.
 */
import { GoogleSpreadsheet } from "google-spreadsheet";
import type { KyInstance } from "ky";
import type { Problem } from "../domain/problem.ts";
import { gridSizeOfRange, quoteTitle } from "./a1.ts";
import type { SheetsGateway, TabRead, WorkbookRead, WriteOp, WriteReport } from "./gateway.ts";
import { titleMatchesTab } from "./headers.ts";
import { headerText, organizerTabKeys, tabSpec, tabTitle, type TabKey } from "./manifest.ts";
import { createRetryingFetch, defaultRetryOptions, type RetryOptions } from "./retry-fetch.ts";
import { SheetsError, toSheetsError } from "./sheets-error.ts";
import { readTabGrid } from "./tab-reader.ts";
import { planWrites, type FreshTab, type SheetWritePlan } from "./write-plan.ts";

/** What google-spreadsheet accepts as auth: a raw token, or anything with getRequestHeaders(). */
export type SheetsAuth = { token: string } | { getRequestHeaders(): Promise<Record<string, string>> };

export interface SheetMeta {
  title: string;
  sheetId: number;
  rowCount: number;
  columnCount: number;
}

/** Spreadsheet metadata shared across requests in one isolate, so most reads cost one call. */
export class MetadataCache {
  private entries = new Map<string, { sheets: SheetMeta[]; at: number }>();
  constructor(private readonly ttlMs = 5 * 60_000) {}
  get(id: string, now: number): SheetMeta[] | undefined {
    const hit = this.entries.get(id);
    return hit && now - hit.at < this.ttlMs ? hit.sheets : undefined;
  }
  set(id: string, sheets: SheetMeta[], now: number): void {
    this.entries.set(id, { sheets, at: now });
  }
  invalidate(id: string): void {
    this.entries.delete(id);
  }
}

export interface GatewayOptions {
  spreadsheetId: string;
  url: string;
  auth: SheetsAuth;
  /** Where Sheets requests go: Google, or the emulator's Durable Object. */
  fetch: (request: Request) => Promise<Response>;
  cache: MetadataCache;
  /** Milliseconds since the epoch. */
  now: () => number;
  retry?: RetryOptions;
  /** The identity organizers must share the sheet with (named in 403 messages). */
  account?: string;
}

export class GoogleSheetsGateway implements SheetsGateway {
  readonly spreadsheetId: string;
  readonly url: string;
  readonly doc: GoogleSpreadsheet;
  /** Sheets API calls made through this gateway (for tests and the bench). */
  requests = 0;

  constructor(private readonly options: GatewayOptions) {
    this.spreadsheetId = options.spreadsheetId;
    this.url = options.url;
    const counted = (request: Request) => {
      this.requests++;
      return options.fetch(request);
    };
    // ky's own retries are off: createRetryingFetch decides what is safe to repeat.
    this.doc = new GoogleSpreadsheet(options.spreadsheetId, options.auth, { retryConfig: 0 });
    const api = this.doc.sheetsApi.extend({ fetch: createRetryingFetch(counted, options.retry ?? defaultRetryOptions) });
    (this.doc as unknown as { sheetsApi: KyInstance }).sheetsApi = api;
  }

  async read(tabs: readonly TabKey[]): Promise<WorkbookRead> {
    return this.guard(async () => {
      const { sheets, grids } = await this.readGrids(tabs);
      const result: WorkbookRead = { spreadsheetId: this.spreadsheetId, tabs: {}, problems: [] };
      for (const key of tabs) {
        const sheet = sheets.get(key);
        const grid = grids.get(key);
        if (!sheet || !grid) {
          if (organizerTabKeys.includes(key as (typeof organizerTabKeys)[number])) result.problems.push(missingTab(key));
          continue;
        }
        const { read, problems } = readTabGrid(tabSpec(key), grid.values, sheet);
        result.tabs[key] = read;
        result.problems.push(...problems);
      }
      result.problems.push(...ambiguousTabs(tabs, await this.sheets()));
      return result;
    });
  }

  async write(ops: readonly WriteOp[]): Promise<WriteReport> {
    return this.guard(async () => {
      const before = this.requests;
      const tabs = [...new Set(ops.map((o) => o.tab))];
      await this.createMissingSystemTabs(tabs);
      const { sheets, grids } = await this.readGrids(tabs);
      const fresh = new Map<string, FreshTab>();
      for (const key of tabs) {
        const sheet = sheets.get(key);
        const grid = grids.get(key);
        if (!sheet || !grid) throw missingTabError(key);
        const { read } = readTabGrid(tabSpec(key), grid.values, sheet);
        fresh.set(key, {
          read,
          sheetId: sheet.sheetId,
          rowCount: grid.size?.rows ?? sheet.rowCount,
          columnCount: grid.size?.columns ?? sheet.columnCount,
          usedColumns: Math.max(0, ...grid.values.map((r) => r.length)),
        });
      }
      const plan = planWrites(ops, fresh);
      if (plan.cells > 0) {
        await this.doc.sheetsApi.post(":batchUpdate", { json: { requests: plan.sheets.flatMap(toRequests) } });
        this.options.cache.invalidate(this.spreadsheetId);
      }
      return { cells: plan.cells, requests: this.requests - before, appended: plan.appended };
    });
  }

  /** Every tab's sheet title and id, from the cache or one spreadsheets.get. */
  async sheets(): Promise<SheetMeta[]> {
    const cached = this.options.cache.get(this.spreadsheetId, this.options.now());
    if (cached) return cached;
    this.doc.resetLocalCache();
    await this.doc.loadInfo();
    const sheets = this.doc.sheetsByIndex.map((s) => ({
      title: s.title,
      sheetId: s.sheetId,
      rowCount: s.rowCount,
      columnCount: s.columnCount,
    }));
    this.options.cache.set(this.spreadsheetId, sheets, this.options.now());
    return sheets;
  }

  private async readGrids(tabs: readonly TabKey[]) {
    for (let attempt = 0; ; attempt++) {
      const all = await this.sheets();
      const sheets = new Map<TabKey, SheetMeta>();
      for (const key of tabs) {
        const sheet = all.find((s) => titleMatchesTab(s.title, tabSpec(key)));
        if (sheet) sheets.set(key, sheet);
      }
      const grids = new Map<TabKey, { values: string[][]; size?: { rows: number; columns: number } }>();
      const keys = [...sheets.keys()];
      if (keys.length === 0) return { sheets, grids };
      const params = new URLSearchParams({ valueRenderOption: "FORMATTED_VALUE", majorDimension: "ROWS" });
      for (const key of keys) params.append("ranges", quoteTitle(sheets.get(key)!.title));
      try {
        const response = await this.doc.sheetsApi.get("values:batchGet", { searchParams: params });
        const body = (await response.json()) as { valueRanges?: Array<{ range?: string; values?: unknown[][] }> };
        keys.forEach((key, i) => {
          const range = body.valueRanges?.[i];
          grids.set(key, {
            values: (range?.values ?? []).map((row) => row.map((cell) => (cell == null ? "" : String(cell)))),
            size: range?.range ? gridSizeOfRange(range.range) : undefined,
          });
        });
        return { sheets, grids };
      } catch (error) {
        // A tab renamed since the metadata was cached: look again once.
        const mapped = await toSheetsError(error, this.spreadsheetId, this.options.account);
        if (attempt > 0 || mapped.kind !== "bad_request") throw mapped;
        this.options.cache.invalidate(this.spreadsheetId);
      }
    }
  }

  private async createMissingSystemTabs(tabs: readonly TabKey[]) {
    const all = await this.sheets();
    for (const key of tabs) {
      const spec = tabSpec(key);
      if (spec.owner !== "system" || all.some((s) => titleMatchesTab(s.title, spec))) continue;
      // An organizer deleted a system tab: recreate it rather than drop the write.
      await this.doc.addSheet({
        title: tabTitle(spec),
        headerValues: spec.columns.map(headerText),
        gridProperties: { rowCount: 1000, columnCount: spec.columns.length, frozenRowCount: 1 },
      });
      this.options.cache.invalidate(this.spreadsheetId);
    }
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw await toSheetsError(error, this.spreadsheetId, this.options.account);
    }
  }
}

function toRequests(sheet: SheetWritePlan): object[] {
  const requests: object[] = [
    {
      updateSheetProperties: {
        properties: { sheetId: sheet.sheetId, gridProperties: { rowCount: sheet.rowCount, columnCount: sheet.columnCount } },
        fields: "gridProperties.rowCount,gridProperties.columnCount",
      },
    },
  ];
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
  return requests;
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
