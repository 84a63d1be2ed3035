/**
 * Writes a `WorkbookExport` as an .xlsx with exceljs. Node-side only (the CLI imports it; the
 * Worker never does).
 *
 * What survives an import into Google Sheets (File → Import → Upload): tabs, cells, bold header,
 * frozen rows, column widths, list dropdowns and cell comments (they become notes). What does not:
 * sheet protection, which Google drops — `npm run sheet:init` on the imported sheet adds its own
 * warning-only protections afterwards. Protection here still helps whoever opens the file in
 * Excel or LibreOffice: no password, and organizer tabs lock only the system columns.
 *
 * @example
 * const bytes = await writeXlsx(planExport());
 */
import ExcelJS from "exceljs";
import { columnToLetters } from "./a1.ts";
import type { ExportDropdown, ExportTab, WorkbookExport } from "./export-plan.ts";

/** Excel caps an inline list ("a,b,c") at 255 characters and cannot quote a comma inside one. */
const MAX_INLINE_LIST = 255;

/** exceljs keeps range validations in `worksheet.dataValidations` but its typings leave it out. */
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

/** Columns a protected organizer tab leaves editable to the right of the manifest's, for notes of their own. */
const SPARE_COLUMNS_TO = 26;

export function buildXlsx(plan: WorkbookExport): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "ZoneCrew";
  for (const tab of plan.tabs) addTab(workbook, tab);
  return workbook;
}

/** The .xlsx file's bytes. */
export async function writeXlsx(plan: WorkbookExport): Promise<Uint8Array> {
  const buffer = await buildXlsx(plan).xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

function addTab(workbook: ExcelJS.Workbook, tab: ExportTab): void {
  const sheet = workbook.addWorksheet(tab.title, {
    views: [{ state: "frozen", ySplit: tab.frozenRows, xSplit: 0 }],
  });
  const locked = tab.protectedColumns === "all" ? undefined : new Set(tab.protectedColumns);
  const width = Math.max(tab.header.length, locked && locked.size > 0 ? SPARE_COLUMNS_TO : 0);
  // Column styles first: cells created afterwards inherit them (exceljs merges row/column style).
  for (let c = 0; c < width; c++) {
    const column = sheet.getColumn(c + 1);
    if (tab.widths[c] !== undefined) column.width = tab.widths[c];
    if (locked && !locked.has(c)) column.protection = { locked: false };
  }

  const header = sheet.addRow(tab.header);
  header.font = { bold: true };
  header.eachCell((cell, col) => {
    cell.fill = {
      type: "pattern",
      pattern: "solid",
      fgColor: { argb: tab.protectedColumns === "all" || locked?.has(col - 1) ? "FFE8E8E8" : "FFDDEBF7" },
    };
  });
  header.getCell(1).note = tab.note;
  for (const [col, text] of Object.entries(tab.headerNotes)) header.getCell(Number(col) + 1).note = text;
  sheet.addRows(tab.rows);

  const validations = (sheet as unknown as RangeValidations).dataValidations;
  for (const dropdown of tab.dropdowns) {
    const letters = columnToLetters(dropdown.column);
    validations.add(`${letters}${dropdown.firstRow}:${letters}${dropdown.lastRow}`, listValidation(tab, dropdown));
  }

  if (tab.protectedColumns === "all") {
    void sheet.protect("", { selectLockedCells: true, selectUnlockedCells: true });
  } else if (locked && locked.size > 0) {
    // Organizers keep sorting, filtering and inserting rows; only the system's cells are locked.
    void sheet.protect("", {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatCells: true,
      formatColumns: true,
      formatRows: true,
      insertColumns: true,
      insertRows: true,
      deleteRows: true,
      sort: true,
      autoFilter: true,
    });
  }
}

function listValidation(tab: ExportTab, dropdown: ExportDropdown): ExcelJS.DataValidation {
  const list = dropdown.options.join(",");
  const bad = dropdown.options.find((o) => /[",]/.test(o));
  if (bad !== undefined || list.length > MAX_INLINE_LIST) {
    throw new Error(
      `${tab.title} ${tab.header[dropdown.column]}: dropdown labels must be free of commas and quotes and ` +
        `${MAX_INLINE_LIST} characters together to fit an .xlsx list (${bad ?? `${list.length} characters`})`,
    );
  }
  return {
    type: "list",
    allowBlank: true,
    formulae: [`"${list}"`],
    showInputMessage: dropdown.prompt !== "",
    prompt: dropdown.prompt,
    // Not strict in sheet:init: a value outside the list is warned about, not refused.
    showErrorMessage: true,
    errorStyle: dropdown.strict ? "stop" : "warning",
    error: "不在下拉选项中，同步时会检查。Not one of the options; the next sync checks it.",
  };
}
