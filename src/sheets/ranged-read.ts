/**
 * Reads only the tabs a call needs, so a read stays the same size as Plan and Messages history
 * grows (a whole-workbook read of the demo was 275 KB and grew every day).
 *
 * spreadsheets.get with `ranges` returns only the sheets those ranges touch, and a range names a
 * sheet by its title, which organizers choose ("报名", "Signups", "报名 Signups" all match). So
 * the titles are kept per spreadsheet for the isolate's life: a read names its ranges from them
 * in ONE request, and fetches the titles again (one small properties-only request) only when it
 * has none, a needed tab is not among them, or Google cannot parse a range because the tab was
 * renamed or deleted since. Grid sizes and sheet ids always come from the ranged answer itself,
 * never from the remembered titles.
 *
 * Tabs whose rows only accumulate (the Plan, one row per person per day; the Messages) are read
 * narrow before ZoneCrew writes them: the header rows plus the ID columns, which is all that
 * finding a row again by its ID needs, and only from the row where the days being written began
 * at the last write (new days are added at the bottom, so the current ones sit there). A key the
 * window does not show is looked for in the whole ID columns before anything is added, so a
 * window can cost a second read but never a duplicate row. ZoneCrew creates those tabs with the
 * manifest's column order and protects them; if someone moved the ID columns anyway, the narrow
 * read says so and the tab is read whole.
 */
import type { sheets_v4 } from "@googleapis/sheets";
import type { KyInstance } from "ky";
import { columnToLetters, quoteSheetTitle } from "./a1.ts";
import { HEADER_SEARCH_ROWS, titleMatchesTab } from "./headers.ts";
import { tabSpec, type TabKey } from "./manifest.ts";
import { SheetsError } from "./sheets-error.ts";

export interface SheetMeta {
  title: string;
  sheetId: number;
  rowCount: number;
  columnCount: number;
}

export interface LoadedSheet extends SheetMeta {
  values: string[][];
  /** True when only the header rows and ID columns were read. */
  narrow: boolean;
  /** True when the ID columns were read only from a row on (rows above it look blank). */
  windowed?: boolean;
}

/**
 * How a tab is read: whole; header rows plus the ID columns; or those ID columns only from a
 * row on (the block where the days being written sit, as remembered from the last write).
 */
export type ReadShape = "whole" | "ids" | { idsFrom: number };

const SHEET_FIELDS = "sheetId,title,index,gridProperties(rowCount,columnCount,frozenRowCount)";
const META_FIELDS = `properties(locale),sheets(properties(${SHEET_FIELDS}))`;
const DATA_FIELDS = `properties(locale),sheets(properties(${SHEET_FIELDS}),data(startRow,startColumn,rowData(values(formattedValue))))`;

/** Titles per spreadsheet, shared by every gateway this isolate builds. */
const knownSheets = new Map<string, SheetMeta[]>();

/** Tabs whose rows only accumulate: written by ID, read narrow. */
export const historyTabs: ReadonlySet<TabKey> = new Set<TabKey>(["plan", "messages", "progress", "gate_log"]);

export function findSheet<T extends SheetMeta>(sheets: readonly T[], key: TabKey): T | undefined {
  const spec = tabSpec(key);
  return sheets.find((s) => titleMatchesTab(s.title, spec));
}

/** The A1 ranges that read one tab in the given shape. */
export function rangesFor(title: string, key: TabKey, shape: ReadShape): string[] {
  const quoted = quoteSheetTitle(title);
  if (shape === "whole") return [quoted];
  const lastId = Math.max(...tabSpec(key).idColumns.map((id) => tabSpec(key).columns.findIndex((c) => c.key === id)));
  const from = shape === "ids" || shape.idsFrom <= HEADER_SEARCH_ROWS ? "" : String(shape.idsFrom);
  return [`${quoted}!1:${HEADER_SEARCH_ROWS}`, `${quoted}!A${from}:${columnToLetters(lastId)}`];
}

export class RangedReader {
  /** Properties-only reads made because no titles were known or they were stale (for tests). */
  metadataReads = 0;
  /** The spreadsheet's locale from the last answer (Google renders typed dates and times in it). */
  locale: string | undefined;

  constructor(
    private readonly api: () => KyInstance,
    private readonly spreadsheetId: string,
  ) {}

  /** Every sheet's title, id and size: remembered, or one properties-only request. */
  async sheets(fresh = false): Promise<SheetMeta[]> {
    const known = knownSheets.get(this.spreadsheetId);
    if (known && !fresh) return known;
    this.metadataReads++;
    const response = await this.api().get("", { searchParams: { fields: META_FIELDS } });
    const body = (await response.json()) as sheets_v4.Schema$Spreadsheet;
    this.locale = body.properties?.locale ?? this.locale;
    const sheets = (body.sheets ?? []).map((s) => toMeta(s.properties ?? {}));
    knownSheets.set(this.spreadsheetId, sheets);
    return sheets;
  }

  /** Forgets the titles, e.g. after ZoneCrew added a tab. */
  forget(): void {
    knownSheets.delete(this.spreadsheetId);
  }

  /**
   * The named tabs (those that exist) with their cells, in one ranged request, plus every
   * sheet's title for structural checks. A tab missing from the remembered titles, or a range
   * Google cannot parse, means the titles changed: they are fetched again, once.
   */
  async load(shapes: ReadonlyMap<TabKey, ReadShape>): Promise<{ all: SheetMeta[]; loaded: Map<TabKey, LoadedSheet> }> {
    const before = this.metadataReads;
    let all = await this.sheets();
    if (this.metadataReads === before && [...shapes.keys()].some((key) => !findSheet(all, key))) {
      all = await this.sheets(true);
    }
    const fresh = this.metadataReads > before;
    try {
      return { all, loaded: await this.loadRanges(all, shapes) };
    } catch (error) {
      if (fresh || !unparsableRange(error)) throw error;
      all = await this.sheets(true);
      return { all, loaded: await this.loadRanges(all, shapes) };
    }
  }

  private async loadRanges(
    all: readonly SheetMeta[],
    shapes: ReadonlyMap<TabKey, ReadShape>,
  ): Promise<Map<TabKey, LoadedSheet>> {
    const wanted: Array<{ key: TabKey; title: string; shape: ReadShape }> = [];
    for (const [key, shape] of shapes) {
      const sheet = findSheet(all, key);
      if (sheet && !wanted.some((w) => w.title === sheet.title)) wanted.push({ key, title: sheet.title, shape });
    }
    const loaded = new Map<TabKey, LoadedSheet>();
    if (wanted.length === 0) return loaded;
    // Google ignores includeGridData when a field mask is set; the emulator needs it.
    const searchParams = new URLSearchParams({ includeGridData: "true", fields: DATA_FIELDS });
    for (const w of wanted)
      for (const range of rangesFor(w.title, w.key, w.shape)) searchParams.append("ranges", range);
    const response = await this.api().get("", { searchParams });
    const body = (await response.json()) as sheets_v4.Schema$Spreadsheet;
    this.locale = body.properties?.locale ?? this.locale;
    for (const sheet of body.sheets ?? []) {
      const meta = toMeta(sheet.properties ?? {});
      const w = wanted.find((x) => x.title === meta.title);
      if (!w) continue;
      const windowed = typeof w.shape === "object" && w.shape.idsFrom > HEADER_SEARCH_ROWS;
      loaded.set(w.key, { ...meta, values: mergeGrids(sheet.data ?? []), narrow: w.shape !== "whole", windowed });
    }
    for (const w of wanted) {
      if (!loaded.has(w.key))
        throw new SheetsError(
          "unavailable",
          503,
          "表格的回答不完整。",
          "The sheet's answer was incomplete.",
          `no data for ${w.title}`,
        );
    }
    return loaded;
  }
}

function toMeta(p: sheets_v4.Schema$SheetProperties): SheetMeta {
  return {
    title: p.title ?? "",
    sheetId: p.sheetId ?? 0,
    rowCount: p.gridProperties?.rowCount ?? 0,
    columnCount: p.gridProperties?.columnCount ?? 0,
  };
}

/** One grid from the GridData of every range (each placed at its start; overlaps agree). */
function mergeGrids(data: readonly sheets_v4.Schema$GridData[]): string[][] {
  const values: string[][] = [];
  for (const grid of data) {
    const top = grid.startRow ?? 0;
    const left = grid.startColumn ?? 0;
    (grid.rowData ?? []).forEach((row, r) => {
      const line = (values[top + r] ??= []);
      (row.values ?? []).forEach((cell, c) => {
        const value = cell.formattedValue ?? "";
        if (value !== "" || line[left + c] === undefined) line[left + c] = value;
      });
    });
  }
  for (let r = 0; r < values.length; r++) {
    const line = (values[r] ??= []);
    for (let c = 0; c < line.length; c++) line[c] ??= "";
  }
  return values;
}

function unparsableRange(error: unknown): boolean {
  const status = (error as { response?: { status?: number } }).response?.status;
  return status === 400;
}
