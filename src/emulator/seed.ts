/**
 * Builds spreadsheets inside the emulator: an empty one, or the demo compound.
 *
 * The demo is shaped by the same setup plan `npm run sheet:init` sends to a real Google Sheet
 * (tabs, bilingual headers, dropdowns, frozen rows, protections), then filled with the seeded
 * demo rows as an organizer would type them (USER_ENTERED).
 */
import { planSetup, type ExistingSheet } from "../sheets/setup-plan.ts";
import { quoteSheetTitle } from "../sheets/a1.ts";
import { generateDemoCompound } from "./demo-compound.ts";
import { SpreadsheetModel } from "./spreadsheet-model.ts";
import { organizerTabKeys, tabSpec, tabTitle } from "../sheets/manifest.ts";

export function emptySpreadsheet(spreadsheetId: string, title: string, timeZone: string): SpreadsheetModel {
  return SpreadsheetModel.create({ spreadsheetId, title, locale: "zh_CN", timeZone });
}

/** What planSetup needs to know about the sheets a model holds. */
export function existingSheets(model: SpreadsheetModel): ExistingSheet[] {
  const sheets = model.get().sheets ?? [];
  const ranges = sheets.map(
    (s) => `${quoteSheetTitle(s.properties!.title!)}!1:${Math.min(5, s.properties!.gridProperties!.rowCount!)}`,
  );
  const grids = ranges.length ? (model.valuesBatchGet(ranges).valueRanges ?? []) : [];
  return sheets.map((s, i) => ({
    sheetId: s.properties!.sheetId!,
    title: s.properties!.title!,
    rowCount: s.properties!.gridProperties!.rowCount!,
    columnCount: s.properties!.gridProperties!.columnCount!,
    frozenRowCount: s.properties!.gridProperties!.frozenRowCount ?? 0,
    headerGrid: (grids[i]?.values ?? []).map((row) => row.map((c) => String(c ?? ""))),
    protectedRanges: (s.protectedRanges ?? []).map((p) => ({
      description: p.description,
      startColumnIndex: p.range?.startColumnIndex,
    })),
  }));
}

export function demoSpreadsheet(
  spreadsheetId: string,
  options: { seed: number; date: string; timeZone: string; scale?: number },
): SpreadsheetModel {
  const model = emptySpreadsheet(spreadsheetId, "演示小区 Demo compound · ZoneCrew", options.timeZone);
  const blank = model.get().sheets?.[0]?.properties?.sheetId;
  const plan = planSetup(existingSheets(model));
  model.batchUpdate({ requests: [...plan.requests, { deleteSheet: { sheetId: blank } }] });
  const demo = generateDemoCompound({ seed: options.seed, date: options.date, scale: options.scale ?? 1 });
  model.valuesBatchUpdate({
    valueInputOption: "USER_ENTERED",
    data: organizerTabKeys.map((key) => ({
      range: `${quoteSheetTitle(tabTitle(tabSpec(key)))}!A2`,
      values: demo.tabs[key].rows,
    })),
  });
  return model;
}
