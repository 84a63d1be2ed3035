/**
 * Builds the ZoneCrew workbook in a spreadsheet (the work behind `npm run sheet:init`).
 *
 * Three calls whatever the state: spreadsheets.get, one values:batchGet of the first rows of the
 * tabs that exist, and — only if something is missing — one atomic batchUpdate from setup-plan.
 * A spreadsheet whose tabs conflict with ours is refused whole, naming those tabs.
 */
import { quoteSheetTitle } from "./a1.ts";
import type { GoogleSheetsGateway } from "./google-gateway.ts";
import { planSetup, type ExistingSheet, type SetupConflict } from "./setup-plan.ts";

export interface SetupResult {
  created: string[];
  updated: string[];
  conflicts: SetupConflict[];
  requests: number;
}

const HEADER_ROWS = 5;

export async function initWorkbook(gateway: GoogleSheetsGateway): Promise<SetupResult> {
  const before = gateway.requests;
  const doc = gateway.doc;
  doc.resetLocalCache();
  await doc.loadInfo();
  const sheets = doc.sheetsByIndex;
  const grids: string[][][] = [];
  if (sheets.length > 0) {
    const params = new URLSearchParams();
    // Whole rows, never past the grid: Google answers 400 to a range beyond it.
    for (const s of sheets)
      params.append("ranges", `${quoteSheetTitle(s.title)}!1:${Math.min(HEADER_ROWS, s.rowCount)}`);
    const response = await doc.sheetsApi.get("values:batchGet", { searchParams: params });
    const body = (await response.json()) as { valueRanges?: Array<{ values?: unknown[][] }> };
    sheets.forEach((_, i) =>
      grids.push((body.valueRanges?.[i]?.values ?? []).map((row) => row.map((c) => (c == null ? "" : String(c))))),
    );
  }
  const existing: ExistingSheet[] = sheets.map((s, i) => ({
    sheetId: s.sheetId,
    title: s.title,
    rowCount: s.rowCount,
    columnCount: s.columnCount,
    frozenRowCount: s.gridProperties?.frozenRowCount ?? 0,
    headerGrid: grids[i] ?? [],
    protectedRanges: (s.protectedRanges ?? []).map((p) => ({
      description: p.description,
      startColumnIndex: p.range?.startColumnIndex,
    })),
  }));
  const plan = planSetup(existing);
  if (plan.conflicts.length === 0 && plan.requests.length > 0) {
    await doc.sheetsApi.post(":batchUpdate", { json: { requests: plan.requests } });
  }
  return {
    created: plan.created,
    updated: plan.updated,
    conflicts: plan.conflicts,
    requests: gateway.requests - before,
  };
}
