/**
 * The workbook `npm run sheet:export` writes, as plain data: tabs, header row, rows, dropdowns,
 * frozen rows, protection, column widths. Pure (no exceljs, no I/O), so it is testable alone.
 *
 * It is not a second description of the workbook: it is read off the very requests `planSetup`
 * sends to an empty spreadsheet (what `npm run sheet:init` and the emulator's demo seed do), so a
 * sheet imported from the .xlsx has the titles, headers, dropdown labels and row counts that
 * sheet:init would have written. A request kind it cannot translate is an error, not a silent
 * omission: teach this file when setup-plan learns something new.
 *
 * @example
 * const plan = planExport({ rows: { buildings: [["1号楼", "A区", "48", "1", ""]] } });
 * plan.tabs[0]!.title; // "志愿者 Volunteers"
 */
import type { sheets_v4 } from "@googleapis/sheets";
import { manifest, type ColumnSpec, type TabKey, type TabSpec } from "./manifest.ts";
import { planSetup, PROTECTION_NOTE } from "./setup-plan.ts";

export type ExportCell = string | number;

/** A list dropdown on one column, rows 1-based and inclusive. */
export interface ExportDropdown {
  column: number;
  firstRow: number;
  lastRow: number;
  /** The labels exactly as sheet:init writes them ("全天 All day"). */
  options: string[];
  /** false: other values are accepted with a warning; the validator decides (as in sheet:init). */
  strict: boolean;
  prompt: string;
}

export interface ExportTab {
  key: TabKey;
  title: string;
  /** Rows the grid has (the dropdowns reach the last one). */
  rowCount: number;
  frozenRows: number;
  /** Row 1. */
  header: string[];
  /** Rows 2 onward: organizer cells, numbers as numbers in integer and number columns. */
  rows: ExportCell[][];
  dropdowns: ExportDropdown[];
  /** "all": the whole tab (system tabs); otherwise the 0-based columns kept for the system (Check). */
  protectedColumns: "all" | number[];
  /** What the tab is for, zh then en; the writer puts it in a comment on A1, never in a cell. */
  note: string;
  /** Comments on header cells, by 0-based column: the "do not edit" note on system columns. */
  headerNotes: Record<number, string>;
  /** Column widths in character units, wide enough for Chinese (two units a character). */
  widths: number[];
}

export interface WorkbookExport {
  tabs: ExportTab[];
  /** The description sheet:init gives every protected range. */
  protectionNote: string;
}

export interface ExportOptions {
  /** Rows below the header per tab, cells as an organizer types them (e.g. the demo compound). */
  rows?: Partial<Record<TabKey, string[][]>>;
}

type Request = sheets_v4.Schema$Request;

/** The workbook as sheet:init would build it in an empty spreadsheet, plus any rows given. */
export function planExport(options: ExportOptions = {}): WorkbookExport {
  const setup = planSetup([]);
  if (setup.conflicts.length > 0) throw new Error("planSetup([]) reported conflicts in an empty spreadsheet");

  const tabs = new Map<number, ExportTab>();
  const specs = new Map<number, TabSpec>();
  const tabOf = (sheetId: number | null | undefined): ExportTab => {
    const tab = tabs.get(sheetId ?? -1);
    if (!tab) throw new Error(`setup plan refers to sheet ${sheetId} before adding it`);
    return tab;
  };

  for (const request of setup.requests) {
    const kind = requestKind(request);
    if (request.addSheet) {
      const props = request.addSheet.properties!;
      const spec = manifest.tabs[props.index!];
      if (!spec || props.title === undefined) throw new Error(`addSheet for unknown tab index ${props.index}`);
      specs.set(props.sheetId!, spec);
      tabs.set(props.sheetId!, {
        key: spec.key,
        title: props.title!,
        rowCount: props.gridProperties?.rowCount ?? 1000,
        frozenRows: props.gridProperties?.frozenRowCount ?? 0,
        header: [],
        rows: [],
        dropdowns: [],
        protectedColumns: [],
        note: `${spec.note.zh}\n${spec.note.en}`,
        headerNotes: {},
        widths: [],
      });
    } else if (request.updateCells) {
      const { start, rows } = request.updateCells;
      const tab = tabOf(start?.sheetId);
      if ((start?.rowIndex ?? 0) !== 0) throw new Error(`${tab.title}: setup writes below the header row`);
      const cells = (rows?.[0]?.values ?? []).map((v) => v.userEnteredValue?.stringValue ?? "");
      cells.forEach((text, i) => (tab.header[(start?.columnIndex ?? 0) + i] = text));
    } else if (request.setDataValidation) {
      const { range, rule } = request.setDataValidation;
      const tab = tabOf(range?.sheetId);
      if (rule?.condition?.type !== "ONE_OF_LIST") {
        throw new Error(`${tab.title}: dropdown of type ${rule?.condition?.type} cannot be exported`);
      }
      for (let column = range!.startColumnIndex!; column < range!.endColumnIndex!; column++) {
        tab.dropdowns.push({
          column,
          firstRow: (range!.startRowIndex ?? 0) + 1,
          lastRow: range!.endRowIndex ?? tab.rowCount,
          options: (rule.condition.values ?? []).map((v) => v.userEnteredValue ?? ""),
          strict: rule.strict ?? false,
          prompt: rule.inputMessage ?? "",
        });
      }
    } else if (request.updateSheetProperties?.fields === "gridProperties.frozenRowCount") {
      const props = request.updateSheetProperties.properties!;
      tabOf(props.sheetId).frozenRows = props.gridProperties?.frozenRowCount ?? 0;
    } else if (request.addProtectedRange) {
      const range = request.addProtectedRange.protectedRange?.range;
      const tab = tabOf(range?.sheetId);
      if (range?.startColumnIndex === undefined || range.startColumnIndex === null) {
        tab.protectedColumns = "all";
      } else if (tab.protectedColumns !== "all") {
        for (let c = range.startColumnIndex; c < (range.endColumnIndex ?? range.startColumnIndex + 1); c++) {
          tab.protectedColumns.push(c);
        }
      }
    } else {
      throw new Error(`sheet:export cannot translate the setup request "${kind}" yet`);
    }
  }

  const ordered = [...tabs.entries()].map(([sheetId, tab]) => ({ tab, spec: specs.get(sheetId)! }));
  for (const { tab, spec } of ordered) {
    tab.rows = (options.rows?.[tab.key] ?? []).map((row) => typedRow(row, spec.columns));
    if (tab.protectedColumns === "all") {
      tab.note = `${tab.note}\n${PROTECTION_NOTE}`;
    } else {
      for (const c of tab.protectedColumns) tab.headerNotes[c] = PROTECTION_NOTE;
    }
    tab.widths = columnWidths(tab);
  }
  return { tabs: ordered.map((o) => o.tab), protectionNote: PROTECTION_NOTE };
}

function requestKind(request: Request): string {
  return Object.keys(request).find((k) => request[k as keyof Request] !== undefined) ?? "(empty)";
}

const plainNumber = /^-?\d+(\.\d+)?$/;

/**
 * Counts become numbers (so a total in the sheet adds them up); everything else stays the text
 * typed, because ZoneCrew reads formatted values and text reads back exactly as written — a date
 * typed "2022-04-19" or a phone number keeps its form instead of taking a number format.
 */
function typedRow(row: readonly string[], columns: readonly ColumnSpec[]): ExportCell[] {
  return row.map((cell, i) => {
    const type = columns[i]?.type;
    return (type === "integer" || type === "number") && plainNumber.test(cell) ? Number(cell) : cell;
  });
}

/** Width in character units: CJK and full-width forms take two, as they do on screen. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width += /[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}

const MIN_WIDTH = 8;
const MAX_WIDTH = 48;

/** The widest of the header (bold, so one unit more), the dropdown labels and the rows, clamped. */
function columnWidths(tab: ExportTab): number[] {
  return tab.header.map((header, column) => {
    const texts = [
      ...tab.dropdowns.filter((d) => d.column === column).flatMap((d) => d.options),
      ...tab.rows.map((row) => String(row[column] ?? "")),
    ];
    const widest = Math.max(displayWidth(header) + 1, ...texts.map(displayWidth));
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
  });
}
