/**
 * An in-memory Google spreadsheet that the local Sheets API v4 emulator serves: pure data and
 * functions, no I/O, no clock, no randomness, so the Durable Object around it only stores and
 * routes, and node tests can exercise Google's behaviour directly.
 *
 * Every write runs on a copy-on-write draft and is committed only if it fully succeeds (Google's
 * batches are atomic). Persistence is split so the Durable Object writes only what changed: a
 * small `meta` (properties, sheets, protected ranges, id counters) and rows in chunks of
 * `CHUNK_ROWS` per sheet; `takeDirty()` says which to save. Failures throw `SheetsApiError`.
 *
 * @example
 * const model = SpreadsheetModel.create({ spreadsheetId: "demo", title: "ZoneCrew", locale: "zh_CN",
 *   timeZone: "Asia/Shanghai", sheets: [{ title: "志愿者 Volunteers", rows: [["编号 ID", "姓名 Name"]] }] });
 * model.valuesAppend("'志愿者 Volunteers'!A1", { values: [["V001", "王芳"]] }, { valueInputOption: "RAW" });
 * const dirty = model.takeDirty(); // then save model.meta and model.rowChunk(sheetId, chunk) for each
 */
import type { sheets_v4 } from "@googleapis/sheets";
import { parseUserEntered, enteredFromJson, withEntered, type ValueInputOption } from "./cell-value.ts";
import { applyRequests } from "./batch-update.ts";
import { invalidArgument, SheetsApiError, unparseableRange } from "./errors.ts";
import { gridPageProps, type EmulatorGridProps } from "./grid-view.ts";
import { decodeChunk, encodeChunk, type StoredChunk } from "./row-chunk.ts";
import { spreadsheetView, type SpreadsheetViewOptions } from "./spreadsheet-view.ts";
import * as values from "./values.ts";
import {
  CHUNK_ROWS,
  ChangeLog,
  DEFAULT_COLUMN_COUNT,
  DEFAULT_ROW_COUNT,
  Draft,
  EMULATOR_ACCOUNT,
  findSheetByTitle,
  getCell,
  growGrid,
  type SheetProps,
  type SheetState,
  type SpreadsheetProps,
  type StoredProtectedRange,
  type WorkbookState,
} from "./workbook.ts";

export { CHUNK_ROWS } from "./workbook.ts";
export type { EmulatorGridProps } from "./grid-view.ts";
export type { StoredCell, StoredChunk } from "./row-chunk.ts";
export type { AppendOptions, ReadOptions, WriteOptions } from "./values.ts";
export type { SpreadsheetViewOptions } from "./spreadsheet-view.ts";

export interface CreateSpreadsheetInput {
  spreadsheetId: string;
  title: string;
  locale: string;
  timeZone: string;
  sheets?: Array<{
    title: string;
    rows?: string[][];
    frozenRowCount?: number;
    rowCount?: number;
    columnCount?: number;
  }>;
  /** How seed rows are read; USER_ENTERED (the default) is what pasting or a CSV import does. */
  valueInputOption?: ValueInputOption;
}

/** Everything but the rows; small, JSON-serializable, saved as one value. */
export interface ModelMeta {
  version: 1;
  spreadsheetId: string;
  properties: SpreadsheetProps;
  /** In tab order. */
  sheets: Array<{ properties: SheetProps; protectedRanges: StoredProtectedRange[] }>;
  nextSheetId: number;
  nextProtectedRangeId: number;
}

/** A stored chunk handed back to `restore`: rows [chunk * CHUNK_ROWS, (chunk + 1) * CHUNK_ROWS) of a sheet. */
export interface RowChunk {
  sheetId: number;
  chunk: number;
  data: StoredChunk;
}

/**
 * What to save since the last call. Apply in this order: delete every chunk of `deletedSheets`,
 * write `meta` if set, then write each chunk in `chunks` (`rowChunk` returns null: delete the key).
 */
export interface DirtySet {
  meta: boolean;
  chunks: Array<{ sheetId: number; chunk: number }>;
  deletedSheets: number[];
}

export interface BatchUpdateOptions {
  spreadsheetUrl?: string;
}

const chunkCountOf = (sheet: SheetState): number => {
  let n = sheet.rows.length;
  while (n > 0 && !sheet.rows[n - 1]) n--;
  return Math.ceil(n / CHUNK_ROWS);
};

export class SpreadsheetModel {
  private state: WorkbookState;
  private pending = new ChangeLog();
  /** Per sheet, how many chunks may exist in storage (so shrinking rewrites the ones left behind). */
  private readonly storedChunks = new Map<number, number>();

  private constructor(state: WorkbookState) {
    this.state = state;
  }

  static create(input: CreateSpreadsheetInput): SpreadsheetModel {
    const model = new SpreadsheetModel({
      spreadsheetId: input.spreadsheetId,
      properties: { title: input.title, locale: input.locale, autoRecalc: "ON_CHANGE", timeZone: input.timeZone },
      sheets: [],
      nextSheetId: 0,
      nextProtectedRangeId: 1,
    });
    const seeds: NonNullable<CreateSpreadsheetInput["sheets"]> = input.sheets?.length
      ? input.sheets
      : [{ title: "Sheet1" }];
    const option = input.valueInputOption ?? "USER_ENTERED";
    model.transact((draft) => {
      seeds.forEach((seed, index) => {
        if (findSheetByTitle(draft.state, seed.title)) {
          throw invalidArgument(`A sheet with the name "${seed.title}" already exists. Please enter another name.`);
        }
        const rows = seed.rows ?? [];
        const width = Math.max(0, ...rows.map((r) => r.length));
        const properties: SheetProps = {
          sheetId: draft.state.nextSheetId++,
          title: seed.title,
          sheetType: "GRID",
          gridProperties: {
            rowCount: Math.max(seed.rowCount ?? DEFAULT_ROW_COUNT, rows.length),
            columnCount: Math.max(seed.columnCount ?? DEFAULT_COLUMN_COUNT, width),
          },
        };
        if (seed.frozenRowCount) properties.gridProperties.frozenRowCount = seed.frozenRowCount;
        const sheet: SheetState = { properties, protectedRanges: [], rows: [] };
        draft.addSheet(sheet, index);
        rows.forEach((row, r) =>
          row.forEach((text, c) => {
            const entered = enteredFromJson(
              text,
              option,
              `sheets[${index}].rows[${r}][${c}]`,
              draft.state.properties.locale,
            );
            if (entered) draft.setCell(sheet, r, c, withEntered(null, entered));
          }),
        );
        draft.log.structural.add(properties.sheetId);
      });
    });
    return model;
  }

  static restore(meta: ModelMeta, chunks: Iterable<RowChunk>): SpreadsheetModel {
    if (meta.version !== 1) throw new Error(`unknown spreadsheet meta version ${String(meta.version)}`);
    const copy = structuredClone(meta);
    const sheets: SheetState[] = copy.sheets.map((s) => ({ ...s, rows: [] }));
    const model = new SpreadsheetModel({
      spreadsheetId: copy.spreadsheetId,
      properties: copy.properties,
      sheets,
      nextSheetId: copy.nextSheetId,
      nextProtectedRangeId: copy.nextProtectedRangeId,
    });
    for (const chunk of chunks) {
      const sheet = sheets.find((s) => s.properties.sheetId === chunk.sheetId);
      if (!sheet) continue; // left over from a deleted sheet
      const base = chunk.chunk * CHUNK_ROWS;
      while (sheet.rows.length < base) sheet.rows.push(null);
      decodeChunk(chunk.data).forEach((row, i) => (sheet.rows[base + i] = row));
      const seen = model.storedChunks.get(chunk.sheetId) ?? 0;
      model.storedChunks.set(chunk.sheetId, Math.max(seen, chunk.chunk + 1));
    }
    for (const sheet of sheets) for (let i = 0; i < sheet.rows.length; i++) sheet.rows[i] ??= null;
    return model;
  }

  get spreadsheetId(): string {
    return this.state.spreadsheetId;
  }

  get meta(): ModelMeta {
    return structuredClone({
      version: 1,
      spreadsheetId: this.state.spreadsheetId,
      properties: this.state.properties,
      sheets: this.state.sheets.map((s) => ({ properties: s.properties, protectedRanges: s.protectedRanges })),
      nextSheetId: this.state.nextSheetId,
      nextProtectedRangeId: this.state.nextProtectedRangeId,
    });
  }

  /** Sheet ids and titles in tab order. */
  sheetList(): Array<{ sheetId: number; title: string }> {
    return this.state.sheets.map((s) => ({ sheetId: s.properties.sheetId, title: s.properties.title }));
  }

  /** How many chunks hold rows of the sheet now (0 for an unknown or empty sheet). */
  chunkCount(sheetId: number): number {
    const sheet = this.state.sheets.find((s) => s.properties.sheetId === sheetId);
    return sheet ? chunkCountOf(sheet) : 0;
  }

  /** The JSON value to store for one chunk, or null when the chunk is empty (delete its key). */
  rowChunk(sheetId: number, chunkIndex: number): StoredChunk | null {
    const sheet = this.state.sheets.find((s) => s.properties.sheetId === sheetId);
    if (!sheet) return null;
    const rows = sheet.rows.slice(chunkIndex * CHUNK_ROWS, (chunkIndex + 1) * CHUNK_ROWS);
    while (rows.length > 0 && !rows[rows.length - 1]) rows.pop();
    return encodeChunk(rows.map((r) => r ?? null));
  }

  takeDirty(): DirtySet {
    const log = this.pending;
    this.pending = new ChangeLog();
    const chunks: DirtySet["chunks"] = [];
    for (const sheet of this.state.sheets) {
      const id = sheet.properties.sheetId;
      const now = chunkCountOf(sheet);
      const before = this.storedChunks.get(id) ?? 0;
      const marked = log.structural.has(id)
        ? Array.from({ length: Math.max(now, before) }, (_, i) => i)
        : [...(log.chunks.get(id) ?? [])].sort((a, b) => a - b);
      for (const chunk of marked) chunks.push({ sheetId: id, chunk });
      this.storedChunks.set(id, log.structural.has(id) ? now : Math.max(now, before));
    }
    for (const id of log.deleted)
      if (!this.state.sheets.some((s) => s.properties.sheetId === id)) this.storedChunks.delete(id);
    return { meta: log.meta, chunks, deletedSheets: [...log.deleted].sort((a, b) => a - b) };
  }

  /** spreadsheets.get */
  get(opts: SpreadsheetViewOptions = {}): sheets_v4.Schema$Spreadsheet {
    return spreadsheetView(this.state, opts);
  }

  /**
   * spreadsheets.getByDataFilter (google-spreadsheet's `loadCells`): a1Range and gridRange filters;
   * developer-metadata lookups are not emulated.
   */
  getByDataFilter(
    body: sheets_v4.Schema$GetSpreadsheetByDataFilterRequest,
    opts: { spreadsheetUrl?: string } = {},
  ): sheets_v4.Schema$Spreadsheet {
    const ranges: string[] = [];
    const gridRanges: sheets_v4.Schema$GridRange[] = [];
    for (const filter of body.dataFilters ?? []) {
      if (filter.a1Range) ranges.push(filter.a1Range);
      else if (filter.gridRange) gridRanges.push(filter.gridRange);
      else
        throw new SheetsApiError(
          "UNIMPLEMENTED",
          "The Sheets emulator only supports a1Range and gridRange data filters.",
        );
    }
    const view: SpreadsheetViewOptions = { includeGridData: !!body.includeGridData, ranges, gridRanges };
    if (opts.spreadsheetUrl) view.spreadsheetUrl = opts.spreadsheetUrl;
    return spreadsheetView(this.state, view);
  }

  valuesGet(range: string, opts?: values.ReadOptions): sheets_v4.Schema$ValueRange {
    return values.valuesGet(this.state, range, opts);
  }

  valuesBatchGet(ranges: readonly string[], opts?: values.ReadOptions): sheets_v4.Schema$BatchGetValuesResponse {
    return values.valuesBatchGet(this.state, ranges, opts);
  }

  valuesUpdate(
    range: string,
    body: sheets_v4.Schema$ValueRange,
    opts: values.WriteOptions,
  ): sheets_v4.Schema$UpdateValuesResponse {
    return this.transact((d) => values.valuesUpdate(d, range, body, opts));
  }

  valuesBatchUpdate(body: sheets_v4.Schema$BatchUpdateValuesRequest): sheets_v4.Schema$BatchUpdateValuesResponse {
    return this.transact((d) => values.valuesBatchUpdate(d, body));
  }

  valuesAppend(
    range: string,
    body: sheets_v4.Schema$ValueRange,
    opts: values.AppendOptions,
  ): sheets_v4.Schema$AppendValuesResponse {
    return this.transact((d) => values.valuesAppend(d, range, body, opts));
  }

  valuesClear(range: string): sheets_v4.Schema$ClearValuesResponse {
    return this.transact((d) => values.valuesClear(d, range));
  }

  valuesBatchClear(body: sheets_v4.Schema$BatchClearValuesRequest): sheets_v4.Schema$BatchClearValuesResponse {
    return this.transact((d) => values.valuesBatchClear(d, body));
  }

  /** spreadsheets.batchUpdate: all requests apply or none does. */
  batchUpdate(
    body: sheets_v4.Schema$BatchUpdateSpreadsheetRequest,
    opts: BatchUpdateOptions = {},
  ): sheets_v4.Schema$BatchUpdateSpreadsheetResponse {
    const replies = this.transact((d) => applyRequests(d, body.requests));
    const res: sheets_v4.Schema$BatchUpdateSpreadsheetResponse = { spreadsheetId: this.state.spreadsheetId, replies };
    if (body.includeSpreadsheetInResponse) {
      const view: SpreadsheetViewOptions = { includeGridData: !!body.responseIncludeGridData };
      if (body.responseRanges?.length) view.ranges = body.responseRanges;
      if (opts.spreadsheetUrl) view.spreadsheetUrl = opts.spreadsheetUrl;
      res.updatedSpreadsheet = spreadsheetView(this.state, view);
    }
    return res;
  }

  /** A person typing `text` into one cell of the grid page (USER_ENTERED; "" empties the cell). */
  setUserEnteredValue(sheetTitle: string, row0: number, col0: number, text: string): void {
    if (!Number.isInteger(row0) || !Number.isInteger(col0) || row0 < 0 || col0 < 0) {
      throw invalidArgument(`Invalid cell: row ${row0}, column ${col0}`);
    }
    this.transact((draft) => {
      const found = findSheetByTitle(draft.state, sheetTitle);
      if (!found) throw unparseableRange(sheetTitle);
      const sheet = draft.edit(found.properties.sheetId);
      growGrid(draft, sheet, row0 + 1, col0 + 1);
      const typed = parseUserEntered(text, draft.state.properties.locale);
      draft.setCell(sheet, row0, col0, withEntered(getCell(sheet, row0, col0), typed));
    }, null);
  }

  /** Props for `EmulatorGridPage`; an unknown tab falls back to the first one. */
  gridPageProps(opts: { tab?: string | null; cell?: string | null } = {}): EmulatorGridProps {
    return gridPageProps(this.state, opts);
  }

  /** The account API calls act as (set per call from its bearer token); strict protections apply to it. */
  caller: string = EMULATOR_ACCOUNT;

  /** API calls act as `caller`; the grid page (writer null) as the owner, who may edit anything. */
  private transact<T>(fn: (draft: Draft) => T, writer: string | null = this.caller): T {
    const draft = new Draft(this.state, writer ?? undefined);
    const result = fn(draft);
    this.state = draft.state;
    this.pending.merge(draft.log);
    return result;
  }
}
