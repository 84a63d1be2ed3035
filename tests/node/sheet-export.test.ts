/**
 * `npm run sheet:export` is the route to a working sheet without a service account: an organizer
 * imports the .xlsx into Google Sheets by hand. So the file must hold what `sheet:init` would have
 * built — same titles, same header cells, same dropdown labels on the same rows — and a sheet made
 * from it must pass ZoneCrew's own header reader. Every check reads the written file back with
 * exceljs, as an importer would, rather than trusting the in-memory description.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportWorkbook } from "../../src/cli/sheet-export.ts";
import { demoDefaults, generateDemoCompound } from "../../src/emulator/demo-compound.ts";
import { planExport } from "../../src/sheets/export-plan.ts";
import { validateWorkbook, type ValidateInput } from "../../src/domain/validate.ts";
import { mapHeaders } from "../../src/sheets/headers.ts";
import {
  headerText,
  manifest,
  optionLabel,
  organizerTabKeys,
  tabTitle,
  type ColumnSpec,
  type TabSpec,
} from "../../src/sheets/manifest.ts";
import { planSetup, type ExistingSheet } from "../../src/sheets/setup-plan.ts";
import { readTabGrid } from "../../src/sheets/tab-reader.ts";
import { writeXlsx } from "../../src/sheets/xlsx-writer.ts";

const root = path.resolve(import.meta.dirname, "../..");
let dir: string;
let headersOnly: ExcelJS.Workbook;
let demoBook: ExcelJS.Workbook;

async function readBack(file: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book;
}

function sheetFor(book: ExcelJS.Workbook, tab: TabSpec): ExcelJS.Worksheet {
  const sheet = book.getWorksheet(tabTitle(tab));
  if (!sheet) throw new Error(`no worksheet "${tabTitle(tab)}"`);
  return sheet;
}

/** Row cells as the text an importer shows (numbers written as numbers read back as digits). */
function rowTexts(sheet: ExcelJS.Worksheet, row: number, width: number): string[] {
  return Array.from({ length: width }, (_, c) => {
    const value = sheet.getCell(row, c + 1).value;
    return value === null || value === undefined ? "" : String(value);
  });
}

/** Every row of a worksheet as text, the way ZoneCrew's values:batchGet read sees a sheet. */
function gridOf(sheet: ExcelJS.Worksheet, width: number): string[][] {
  return Array.from({ length: sheet.actualRowCount }, (_, r) => rowTexts(sheet, r + 1, width));
}

/** exceljs reads `<sheetProtection>` into this field but its typings leave it out. */
function protectionOf(sheet: ExcelJS.Worksheet): Partial<ExcelJS.WorksheetProtection> & { sheet?: boolean } {
  return (sheet as unknown as { sheetProtection?: Partial<ExcelJS.WorksheetProtection> }).sheetProtection ?? {};
}

/**
 * Dropdown columns in the manifest: enums and booleans the organizers type, the rule sheet:init
 * applies (system columns are written in the community's language, so no dropdown checks them).
 */
function dropdownOptions(column: ColumnSpec): string[] | undefined {
  if (column.type !== "enum" && column.type !== "boolean") return undefined;
  if (column.owner === "system") return undefined;
  return column.options!.map(optionLabel);
}

/** The last row sheet:init's dropdowns reach in a new tab (read off its own requests). */
const setupLastRow = (() => {
  const rows = planSetup([])
    .requests.map((r) => r.setDataValidation?.range?.endRowIndex)
    .filter((n): n is number => typeof n === "number");
  if (rows.length === 0 || new Set(rows).size !== 1) throw new Error(`sheet:init's dropdown rows: ${rows}`);
  return rows[0]!;
})();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "zonecrew-export-"));
  const plain = await exportWorkbook({ out: path.join(dir, "headers.xlsx") });
  const demo = await exportWorkbook({ out: path.join(dir, "demo.xlsx"), demo: demoDefaults });
  headersOnly = await readBack(plain.file);
  demoBook = await readBack(demo.file);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sheet:export writes the workbook sheet:init builds", () => {
  it("has every manifest tab, in manifest order, under sheet:init's title", () => {
    for (const book of [headersOnly, demoBook]) {
      expect(book.worksheets.map((s) => s.name)).toEqual(manifest.tabs.map(tabTitle));
    }
  });

  it("has row 1 equal to the header cells sheet:init writes, bold and frozen", () => {
    const written = new Map(
      planSetup([]).requests.flatMap((r) => {
        const sheetId = r.updateCells?.start?.sheetId;
        return sheetId === undefined ? [] : ([[sheetId, r.updateCells!.rows![0]!.values!]] as const);
      }),
    );
    const titles = new Map(
      planSetup([]).requests.flatMap((r) =>
        r.addSheet ? [[r.addSheet.properties!.title!, r.addSheet.properties!.sheetId!]] : [],
      ),
    );
    for (const tab of manifest.tabs) {
      const sheet = sheetFor(headersOnly, tab);
      const header = rowTexts(sheet, 1, tab.columns.length + 1);
      const fromSetup = written.get(titles.get(tabTitle(tab))!)!.map((v) => v.userEnteredValue!.stringValue);
      expect(header).toEqual([...tab.columns.map(headerText), ""]);
      expect(header.slice(0, -1)).toEqual(fromSetup);
      expect(sheet.getCell(1, 1).font?.bold).toBe(true);
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      // Headers only: nothing below the header.
      expect(sheet.actualRowCount).toBe(1);
    }
  });

  it("puts a list dropdown with exactly the manifest's option labels on every dropdown column, rows 2 to sheet:init's last", () => {
    let dropdowns = 0;
    for (const book of [headersOnly, demoBook]) {
      for (const tab of manifest.tabs) {
        const sheet = sheetFor(book, tab);
        tab.columns.forEach((column, c) => {
          const options = dropdownOptions(column);
          const at = (row: number) => sheet.getCell(row, c + 1).dataValidation;
          if (!options) {
            expect(at(2), `${tab.key}.${column.key} should have no dropdown`).toBeUndefined();
            return;
          }
          dropdowns++;
          for (const row of [2, 500, setupLastRow]) {
            expect(at(row), `${tab.key}.${column.key} row ${row}`).toMatchObject({
              type: "list",
              allowBlank: true,
              formulae: [`"${options.join(",")}"`],
            });
          }
          expect(at(1), "the header cell is not a dropdown").toBeUndefined();
          expect(at(setupLastRow + 1)).toBeUndefined();
        });
      }
    }
    // Availability, task, scope, role, wave, active, plan status, severity... in both files.
    expect(dropdowns).toBeGreaterThanOrEqual(2 * 7); // the organizer tabs' dropdowns, in both books
  });

  it("has headers ZoneCrew's own header reader finds, every column in place: an imported sheet syncs", () => {
    for (const book of [headersOnly, demoBook]) {
      for (const tab of manifest.tabs) {
        const sheet = sheetFor(book, tab);
        const grid = [1, 2, 3, 4, 5].map((r) => rowTexts(sheet, r, tab.columns.length));
        const header = mapHeaders(tab, grid);
        expect(header.problems, tab.key).toEqual([]);
        expect(header.headerRow).toBe(1);
        expect(header.columns).toEqual(Object.fromEntries(tab.columns.map((c, i) => [c.key, i])));
      }
    }
  });

  it("needs only protections from a later `sheet:init` on the imported sheet (Google drops the file's own)", () => {
    const existing: ExistingSheet[] = headersOnly.worksheets.map((sheet, i) => ({
      sheetId: i + 1,
      title: sheet.name,
      rowCount: setupLastRow,
      columnCount: sheet.columnCount,
      frozenRowCount: (sheet.views[0] as { ySplit?: number } | undefined)?.ySplit ?? 0,
      headerGrid: gridOf(sheet, sheet.columnCount),
      protectedRanges: [],
    }));
    const again = planSetup(existing);
    expect(again.conflicts).toEqual([]);
    expect(again.created).toEqual([]);
    expect(new Set(again.requests.map((r) => Object.keys(r)[0]))).toEqual(new Set(["addProtectedRange"]));
  });

  it("protects system tabs whole and, on organizer tabs, only the system-owned Check column", () => {
    for (const tab of manifest.tabs) {
      const sheet = sheetFor(demoBook, tab);
      const systemColumns = tab.columns.flatMap((c, i) => (c.owner === "system" ? [i] : []));
      if (tab.protected) {
        expect(protectionOf(sheet)).toMatchObject({ sheet: true });
        continue;
      }
      expect(systemColumns.length, `${tab.key} has a system column`).toBeGreaterThan(0);
      expect(protectionOf(sheet)).toMatchObject({ sheet: true, sort: true, insertRows: true, autoFilter: true });
      tab.columns.forEach((column, c) => {
        const locked = sheet.getCell(1, c + 1).protection?.locked !== false;
        expect(locked, `${tab.key}.${column.key}`).toBe(column.owner === "system");
      });
      // Rows the organizers have not typed yet are unlocked too (column style, not just cells).
      expect(sheet.getColumn(1).protection?.locked).toBe(false);
    }
  });

  it("keeps the tab's note in a comment on A1, never in a cell the header reader would see", () => {
    for (const tab of manifest.tabs) {
      const cell = sheetFor(headersOnly, tab).getCell("A1");
      expect(cell.value).toBe(headerText(tab.columns[0]!));
      const note = JSON.stringify(cell.note);
      expect(note).toContain(tab.note.zh);
      expect(note).toContain(tab.note.en);
    }
  });

  it("sizes columns for Chinese text: wider than the header's characters, never unreadably narrow", () => {
    const volunteers = sheetFor(headersOnly, manifest.tabs[0]!);
    manifest.tabs[0]!.columns.forEach((column, c) => {
      const width = volunteers.getColumn(c + 1).width ?? 0;
      // Each Chinese character takes two units: "所住楼栋 Home building" needs more than its 18 characters.
      expect(width).toBeGreaterThan(headerText(column).length);
      expect(width).toBeGreaterThanOrEqual(8);
    });
  });
});

describe("sheet:export --demo", () => {
  const demo = generateDemoCompound(demoDefaults);

  it("holds the demo compound's rows, as many and cell for cell, and nothing in system tabs", () => {
    for (const key of organizerTabKeys) {
      const tab = manifest.tabs.find((t) => t.key === key)!;
      const sheet = sheetFor(demoBook, tab);
      const rows = demo.tabs[key].rows;
      expect(sheet.actualRowCount, key).toBe(rows.length + 1);
      rows.forEach((row, r) => expect(rowTexts(sheet, r + 2, row.length), `${key} row ${r + 2}`).toEqual(row));
    }
    for (const tab of manifest.tabs.filter((t) => t.owner === "system")) {
      expect(sheetFor(demoBook, tab).actualRowCount).toBe(1);
    }
  });

  it("validates without a single problem when read back as a sync reads it", () => {
    const tabs: ValidateInput["tabs"] = {};
    for (const key of organizerTabKeys) {
      const tab = manifest.tabs.find((t) => t.key === key)!;
      const sheet = sheetFor(demoBook, tab);
      const { read, problems } = readTabGrid(tab, gridOf(sheet, tab.columns.length), { title: sheet.name, sheetId: 1 });
      expect(problems).toEqual([]);
      tabs[key] = { rows: read.rows };
    }
    // The evening before the demo's day, as in validate-demo.test.ts.
    const result = validateWorkbook({ tabs, today: "2022-04-18" });
    expect(result.problems).toEqual([]);
    expect(result.snapshot.volunteers).toHaveLength(demo.tabs.volunteers.rows.length);
  });

  it("writes counts as numbers and IDs, phones and dates as the text typed", () => {
    const volunteers = sheetFor(demoBook, manifest.tabs[0]!);
    const col = (key: string) => manifest.tabs[0]!.columns.findIndex((c) => c.key === key) + 1;
    expect(typeof volunteers.getCell(2, col("age")).value).toBe("number");
    expect(typeof volunteers.getCell(2, col("phone")).value).toBe("string");
    expect(typeof volunteers.getCell(2, col("volunteer_id")).value).toBe("string");
  });
});

describe("the xlsx writer", () => {
  it("refuses a dropdown label an .xlsx list cannot hold instead of writing a broken dropdown", async () => {
    const plan = planExport();
    const tab = plan.tabs.find((t) => t.dropdowns.length > 0)!;
    tab.dropdowns[0]!.options = ["全天, 整天 All day", "上午 AM"];
    await expect(writeXlsx(plan)).rejects.toThrow(/commas and quotes/);
  });
});

describe("npm run sheet:export", () => {
  it("writes the file where --out says and tells where, in Chinese and English", () => {
    const out = path.join(dir, "cli.xlsx");
    const stdout = execFileSync(
      path.join(root, "node_modules/.bin/tsx"),
      ["src/cli/sheet-export.ts", "--out", out, "--demo", "--date", "2022-04-19"],
      { cwd: root, encoding: "utf8" },
    );
    expect(existsSync(out)).toBe(true);
    expect(stdout).toContain(`已写入 ${out}`);
    expect(stdout).toContain(`Wrote ${out} (demo compound for 2022-04-19`);
  }, 30_000);

  it("refuses an output name that is not .xlsx, writing nothing", () => {
    const out = path.join(dir, "wrong.csv");
    expect(() =>
      execFileSync(path.join(root, "node_modules/.bin/tsx"), ["src/cli/sheet-export.ts", "--out", out], {
        cwd: root,
        encoding: "utf8",
        stdio: "pipe",
      }),
    ).toThrow(/\.xlsx/);
    expect(existsSync(out)).toBe(false);
  }, 30_000);
});
