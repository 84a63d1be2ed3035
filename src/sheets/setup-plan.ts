/**
 * What it takes to turn a spreadsheet into the ZoneCrew workbook, as Sheets API requests.
 *
 * Pure: given the sheets that exist (titles, ids, header cells, protections), it returns one list
 * of batchUpdate requests — add the missing tabs, write their bilingual headers and the Check
 * columns, dropdowns, frozen header rows, protected system tabs — or the conflicts that make it
 * refuse. Running it on a finished workbook yields no requests, which is what makes
 * `npm run sheet:init` safe to run twice. The emulator seeds its demo sheet with the same plan,
 * so the local sheet and a real one are built alike.
 */
import type { sheets_v4 } from "@googleapis/sheets";
import { mapHeaders, titleMatchesTab } from "./headers.ts";
import { headerText, manifest, optionLabel, tabTitle, type ColumnSpec, type TabSpec } from "./manifest.ts";

export interface ExistingSheet {
  sheetId: number;
  title: string;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  /** The first rows as read (for the header). */
  headerGrid: string[][];
  protectedRanges: Array<{ description?: string | null; startColumnIndex?: number | null }>;
}

export interface SetupConflict {
  title: string;
  zh: string;
  en: string;
}

export interface SetupPlan {
  requests: sheets_v4.Schema$Request[];
  created: string[];
  updated: string[];
  conflicts: SetupConflict[];
}

export const PROTECTION_NOTE = "ZoneCrew 系统维护，请勿手动修改 · System-owned, do not edit";
const DEFAULT_ROWS = 1000;
/** sheetIds for new tabs: stable, so the plan is deterministic and needs no reply to continue. */
const FIRST_SHEET_ID = 7001;

function validationRule(column: ColumnSpec): sheets_v4.Schema$DataValidationRule | undefined {
  const options =
    column.type === "boolean"
      ? (column.options ?? [
          { value: "true", zh: "是", en: "Yes" },
          { value: "false", zh: "否", en: "No" },
        ])
      : column.type === "enum"
        ? column.options
        : undefined;
  if (!options) return undefined;
  return {
    condition: { type: "ONE_OF_LIST", values: options.map((o) => ({ userEnteredValue: optionLabel(o) })) },
    // Not strict: "全天", "AM" or "all day" typed by hand are still read; the validator decides.
    strict: false,
    showCustomUi: true,
    inputMessage: `${column.zh} ${column.en}`,
  };
}

function stringCells(values: string[]): sheets_v4.Schema$RowData {
  return { values: values.map((v) => ({ userEnteredValue: { stringValue: v } })) };
}

export function planSetup(existing: ExistingSheet[]): SetupPlan {
  const plan: SetupPlan = { requests: [], created: [], updated: [], conflicts: [] };
  const usedIds = new Set(existing.map((s) => s.sheetId));
  let nextId = FIRST_SHEET_ID;
  const newId = () => {
    while (usedIds.has(nextId)) nextId++;
    usedIds.add(nextId);
    return nextId;
  };

  const work: Array<() => void> = [];
  manifest.tabs.forEach((tab, index) => {
    const sheet = existing.find((s) => titleMatchesTab(s.title, tab));
    if (!sheet) {
      const sheetId = newId();
      plan.created.push(tabTitle(tab));
      work.push(() => addTab(plan, tab, sheetId, index));
      return;
    }
    const header = mapHeaders(tab, sheet.headerGrid);
    const headerCells = sheet.headerGrid[header.headerRow - 1] ?? [];
    const empty = sheet.headerGrid.every((row) => row.every((cell) => cell.trim() === ""));
    // For system tabs mapHeaders reports nothing missing (we write those columns), so a tab of
    // ours is recognised by its required columns whoever owns them.
    const missingRequired = tab.columns
      .filter((c) => c.required && header.columns[c.key] === undefined)
      .map((c) => c.key);
    const misfit = [...new Set([...header.problems.map((p) => p.column ?? ""), ...missingRequired])].filter(Boolean);
    if (!empty && misfit.length > 0) {
      const missing = misfit;
      plan.conflicts.push({
        title: sheet.title,
        zh: `工作表“${sheet.title}”已有内容，但表头和“${tabTitle(tab)}”不符（缺少或重复：${missing.join("、")}）。请改名或删除它再运行。`,
        en: `Sheet "${sheet.title}" already has content whose header does not fit "${tabTitle(tab)}" (missing or duplicate: ${missing.join(", ")}). Rename or delete it, then run again.`,
      });
      return;
    }
    work.push(() =>
      completeTab(
        plan,
        tab,
        sheet,
        empty ? undefined : { headerRow: header.headerRow, columns: header.columns, width: headerCells.length },
      ),
    );
  });

  // Refuse whole: a half-made workbook is worse than none.
  if (plan.conflicts.length > 0) return { ...plan, requests: [], created: [], updated: [] };
  for (const step of work) step();
  return plan;
}

function addTab(plan: SetupPlan, tab: TabSpec, sheetId: number, index: number): void {
  plan.requests.push({
    addSheet: {
      properties: {
        sheetId,
        title: tabTitle(tab),
        index,
        gridProperties: { rowCount: DEFAULT_ROWS, columnCount: Math.max(tab.columns.length, 12), frozenRowCount: 1 },
      },
    },
  });
  plan.requests.push({
    updateCells: {
      start: { sheetId, rowIndex: 0, columnIndex: 0 },
      rows: [stringCells(tab.columns.map(headerText))],
      fields: "userEnteredValue",
    },
  });
  const columns = Object.fromEntries(tab.columns.map((c, i) => [c.key, i]));
  finishTab(plan, tab, { sheetId, rowCount: DEFAULT_ROWS, frozenRowCount: 1, protectedRanges: [] }, 1, columns, true);
}

function completeTab(
  plan: SetupPlan,
  tab: TabSpec,
  sheet: ExistingSheet,
  header: { headerRow: number; columns: Record<string, number>; width: number } | undefined,
): void {
  const before = plan.requests.length;
  let columns: Record<string, number>;
  let headerRow: number;
  if (!header) {
    // An empty tab with our name: give it the headers.
    headerRow = 1;
    columns = Object.fromEntries(tab.columns.map((c, i) => [c.key, i]));
    plan.requests.push(...growColumns(sheet, tab.columns.length));
    plan.requests.push({
      updateCells: {
        start: { sheetId: sheet.sheetId, rowIndex: 0, columnIndex: 0 },
        rows: [stringCells(tab.columns.map(headerText))],
        fields: "userEnteredValue",
      },
    });
  } else {
    headerRow = header.headerRow;
    columns = { ...header.columns };
    // System-owned columns (Check) missing from an organizer's tab go after everything they typed.
    let next = Math.max(header.width, ...Object.values(columns).map((i) => i + 1));
    for (const column of tab.columns) {
      if (columns[column.key] !== undefined || (column.owner !== "system" && tab.owner !== "system")) continue;
      columns[column.key] = next++;
      plan.requests.push(...growColumns(sheet, next));
      plan.requests.push({
        updateCells: {
          start: { sheetId: sheet.sheetId, rowIndex: headerRow - 1, columnIndex: columns[column.key]! },
          rows: [stringCells([headerText(column)])],
          fields: "userEnteredValue",
        },
      });
    }
  }
  // Dropdowns go with headers we write; an organizer's own tab keeps the validation it has.
  finishTab(plan, tab, sheet, headerRow, columns, !header);
  if (plan.requests.length > before) plan.updated.push(sheet.title);
}

function growColumns(
  sheet: Pick<ExistingSheet, "sheetId" | "columnCount">,
  needed: number,
): sheets_v4.Schema$Request[] {
  if (needed <= sheet.columnCount) return [];
  sheet.columnCount = needed;
  return [
    {
      updateSheetProperties: {
        properties: { sheetId: sheet.sheetId, gridProperties: { columnCount: needed } },
        fields: "gridProperties.columnCount",
      },
    },
  ];
}

/** Dropdowns (with new headers), frozen header, protection: each only when not already there. */
function finishTab(
  plan: SetupPlan,
  tab: TabSpec,
  sheet: Pick<ExistingSheet, "sheetId" | "rowCount" | "frozenRowCount" | "protectedRanges">,
  headerRow: number,
  columns: Record<string, number>,
  withValidations: boolean,
): void {
  for (const column of tab.columns) {
    // ZoneCrew writes system columns in the community's language (已确认, or 已确认 Confirmed):
    // a dropdown of bilingual labels would mark every zh-only cell invalid in Google's UI.
    const rule = column.owner === "system" ? undefined : validationRule(column);
    const index = columns[column.key];
    if (!rule || index === undefined) continue;
    if (!withValidations) break;
    plan.requests.push({
      setDataValidation: {
        range: {
          sheetId: sheet.sheetId,
          startRowIndex: headerRow,
          endRowIndex: Math.max(sheet.rowCount, headerRow + 1),
          startColumnIndex: index,
          endColumnIndex: index + 1,
        },
        rule,
      },
    });
  }
  if (sheet.frozenRowCount !== headerRow) {
    plan.requests.push({
      updateSheetProperties: {
        properties: { sheetId: sheet.sheetId, gridProperties: { frozenRowCount: headerRow } },
        fields: "gridProperties.frozenRowCount",
      },
    });
  }
  const ours = sheet.protectedRanges.filter((p) => p.description === PROTECTION_NOTE);
  if (tab.protected) {
    if (ours.length === 0) {
      plan.requests.push({
        addProtectedRange: {
          protectedRange: { range: { sheetId: sheet.sheetId }, description: PROTECTION_NOTE, warningOnly: true },
        },
      });
    }
    return;
  }
  for (const column of tab.columns) {
    const index = columns[column.key];
    if (column.owner !== "system" || index === undefined) continue;
    if (ours.some((p) => p.startColumnIndex === index)) continue;
    plan.requests.push({
      addProtectedRange: {
        protectedRange: {
          range: { sheetId: sheet.sheetId, startColumnIndex: index, endColumnIndex: index + 1 },
          description: PROTECTION_NOTE,
          warningOnly: true,
        },
      },
    });
  }
}
