/**
 * The SheetsGateway on google-spreadsheet: the same code for Google and the local emulator.
 *
 * Cost per call, whatever the roster size: read = ONE spreadsheets.get with grid data, trimmed
 * by a `fields` mask to titles, ids, grid sizes and formatted values (so metadata is never stale
 * and needs no cache); write = that same read (rows are found again by ID after any sort) + one
 * atomic spreadsheets.batchUpdate. Writes use updateCells with string
 * values, the batchUpdate form of RAW input: a name that starts with "=" stays text. A grid that
 * must grow is resized in the same batchUpdate, with an absolute, idempotent updateSheetProperties,
 * so the whole write can be retried safely.
 */
import { GoogleSpreadsheet } from "google-spreadsheet";
import type { KyInstance } from "ky";
import type { Problem } from "../domain/problem.ts";
import type { sheets_v4 } from "@googleapis/sheets";
import { columnToLetters } from "./a1.ts";
import type { SheetsGateway, TabRead, WorkbookRead, WriteOp, WriteReport } from "./gateway.ts";
import { titleMatchesTab } from "./headers.ts";
import { organizerTabKeys, tabSpec, tabTitle, type TabKey } from "./manifest.ts";
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

/** The one read: every sheet's identity and size, and the formatted value of every cell. */
const WORKBOOK_FIELDS =
  "sheets(properties(sheetId,title,index,gridProperties(rowCount,columnCount,frozenRowCount)),data(startRow,startColumn,rowData(values(formattedValue))))";

interface LoadedSheet extends SheetMeta {
  values: string[][];
}

export interface GatewayOptions {
  spreadsheetId: string;
  url: string;
  auth: SheetsAuth;
  /** Where Sheets requests go: Google, or the emulator's Durable Object. */
  fetch: (request: Request) => Promise<Response>;
  retry?: RetryOptions;
  /** The identity organizers must share the sheet with (named in 403 messages). */
  account?: string;
  /** How a link to one cell is written: Google's `#gid=..&range=A7`, or the emulator page's query. */
  links?: "google" | "emulator";
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
    const api = this.doc.sheetsApi.extend({
      fetch: createRetryingFetch(counted, options.retry ?? defaultRetryOptions),
    });
    (this.doc as unknown as { sheetsApi: KyInstance }).sheetsApi = api;
  }

  async read(tabs: readonly TabKey[]): Promise<WorkbookRead> {
    return this.guard(async () => {
      const sheets = await this.load();
      const result: WorkbookRead = { spreadsheetId: this.spreadsheetId, tabs: {}, problems: [] };
      for (const key of tabs) {
        const sheet = findTab(sheets, key);
        if (!sheet) {
          if (organizerTabKeys.includes(key as (typeof organizerTabKeys)[number]))
            result.problems.push(missingTab(key));
          continue;
        }
        const { read, problems } = readTabGrid(tabSpec(key), sheet.values, sheet);
        result.tabs[key] = read;
        result.problems.push(...problems);
      }
      result.problems.push(...ambiguousTabs(tabs, sheets));
      return result;
    });
  }

  async write(ops: readonly WriteOp[]): Promise<WriteReport> {
    return this.guard(async () => {
      const before = this.requests;
      const tabs = [...new Set(ops.map((o) => o.tab))];
      let sheets = await this.load();
      if (await this.createMissingSystemTabs(tabs, sheets)) sheets = await this.load();
      const fresh = new Map<string, FreshTab>();
      for (const key of tabs) {
        const sheet = findTab(sheets, key);
        if (!sheet) throw missingTabError(key);
        const { read } = readTabGrid(tabSpec(key), sheet.values, sheet);
        fresh.set(key, {
          read,
          sheetId: sheet.sheetId,
          rowCount: sheet.rowCount,
          columnCount: sheet.columnCount,
          usedColumns: Math.max(0, ...sheet.values.map((r) => r.length)),
        });
      }
      const plan = planWrites(ops, fresh);
      if (plan.cells > 0) {
        await this.doc.sheetsApi.post(":batchUpdate", { json: { requests: plan.sheets.flatMap(toRequests) } });
      }
      return { cells: plan.cells, requests: this.requests - before, appended: plan.appended };
    });
  }

  cellLink(tab: TabRead, rowNumber: number, column?: string): string {
    const index = column === undefined ? undefined : tab.columns[column];
    const a1 = `${index === undefined ? "A" : columnToLetters(index)}${rowNumber}`;
    if (this.options.links === "emulator") {
      return `${this.url}&tab=${encodeURIComponent(tab.title ?? "")}&cell=${a1}`;
    }
    return `${this.url}#gid=${tab.sheetId ?? 0}&range=${a1}`;
  }

  /** Every sheet with its cells as formatted text, in one request. */
  private async load(): Promise<LoadedSheet[]> {
    const response = await this.doc.sheetsApi.get("", {
      searchParams: { includeGridData: "true", fields: WORKBOOK_FIELDS },
    });
    const body = (await response.json()) as sheets_v4.Schema$Spreadsheet;
    return (body.sheets ?? []).map((sheet) => {
      const p = sheet.properties ?? {};
      const data = sheet.data?.[0];
      const values: string[][] = [];
      const offsetRow = data?.startRow ?? 0;
      const offsetColumn = data?.startColumn ?? 0;
      (data?.rowData ?? []).forEach((row, r) => {
        const cells = (row.values ?? []).map((cell) => cell.formattedValue ?? "");
        values[offsetRow + r] = offsetColumn > 0 ? [...Array<string>(offsetColumn).fill(""), ...cells] : cells;
      });
      for (let r = 0; r < values.length; r++) values[r] ??= [];
      return {
        title: p.title ?? "",
        sheetId: p.sheetId ?? 0,
        rowCount: p.gridProperties?.rowCount ?? 0,
        columnCount: p.gridProperties?.columnCount ?? 0,
        values,
      };
    });
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
      throw await toSheetsError(error, this.spreadsheetId, this.options.account);
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

function findTab(sheets: LoadedSheet[], key: TabKey): LoadedSheet | undefined {
  const spec = tabSpec(key);
  return sheets.find((s) => titleMatchesTab(s.title, spec));
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
