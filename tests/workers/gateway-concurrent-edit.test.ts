/**
 * An organizer edits the Signups tab between ZoneCrew's read and its write, with the tab's grid
 * sized to its data (ZoneCrew itself sizes a tab so once it passes 1,000 rows). Google applies a
 * batchUpdate without checking that the sheet still looks as we read it, so before this change:
 * an append overwrote the sign-up she had just added, and a Check-column write set the grid back
 * to the size we had read, deleting her last row. Now appends are placed by Google (appendCells)
 * and the grid only grows (appendDimension): every organizer row survives.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { GoogleSheetsGateway } from "../../src/sheets/google-gateway.ts";
import { tomorrow } from "./support/clock.ts";
import { fastGateway, seedDemo, sheetIdOf, sheetsCall, TOKEN } from "./support/emulator.ts";

const SHEET = "concurrent-edit";
const TAB = "'报名 Signups'";

async function signupRows(): Promise<string[][]> {
  const response = await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent(TAB)}`);
  return ((await response.json()) as { values?: string[][] }).values ?? [];
}

/** The Signups grid cut to its data, as ZoneCrew sizes a tab past 1,000 rows. */
async function sizeGridToData(): Promise<number> {
  const rows = (await signupRows()).length;
  await sheetsCall(SHEET, "POST", ":batchUpdate", {
    requests: [
      {
        updateSheetProperties: {
          properties: { sheetId: await sheetIdOf(SHEET, "报名 Signups"), gridProperties: { rowCount: rows } },
          fields: "gridProperties.rowCount",
        },
      },
    ],
  });
  return rows;
}

/** A gateway whose first batchUpdate waits until the organizer's edit has landed. */
function gatewayWithEditBeforeWrite(edit: () => Promise<void>): GoogleSheetsGateway {
  let edited = false;
  return fastGateway(SHEET, TOKEN, async (request) => {
    if (!edited && request.method === "POST" && request.url.endsWith(":batchUpdate")) {
      edited = true;
      await edit();
    }
  });
}

/** The organizer types a new sign-up below the last one (her tool appends a row and fills it). */
async function organizerAddsSignup(id: string): Promise<void> {
  const response = await sheetsCall(
    SHEET,
    "POST",
    `/values/${encodeURIComponent(TAB)}:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS`,
    { values: [[tomorrow(), id, "组织者加的", "全天"]] },
  );
  expect(response.status).toBe(200);
}

/** The organizer inserts a row near the top and types a sign-up into it. */
async function organizerInsertsSignup(id: string): Promise<void> {
  const sheetId = await sheetIdOf(SHEET, "报名 Signups");
  await sheetsCall(SHEET, "POST", ":batchUpdate", {
    requests: [{ insertDimension: { range: { sheetId, dimension: "ROWS", startIndex: 1, endIndex: 2 } } }],
  });
  await sheetsCall(SHEET, "PUT", `/values/${encodeURIComponent(`${TAB}!A2:D2`)}?valueInputOption=RAW`, {
    values: [[tomorrow(), id, "组织者插入的", "全天"]],
  });
}

beforeEach(async () => {
  await seedDemo(SHEET);
});

describe("an organizer's edit between ZoneCrew's read and write", () => {
  it("an appended sign-up does not overwrite the one she just added below the last row", async () => {
    const before = await sizeGridToData();
    const gateway = gatewayWithEditBeforeWrite(() => organizerAddsSignup("V901"));
    const report = await gateway.write([
      {
        kind: "append",
        tab: "signups",
        rows: [{ date: tomorrow(), volunteer_id: "V902", name: "链接报名", availability: "全天 All day" }],
      },
    ]);
    expect(report.appended).toBe(1);
    const rows = await signupRows();
    expect(rows).toHaveLength(before + 2);
    expect(rows.find((r) => r[1] === "V901")?.[2]).toBe("组织者加的");
    expect(rows.find((r) => r[1] === "V902")?.[2]).toBe("链接报名");
  });

  it("a Check-column write does not cut off her last sign-up after she inserted a row", async () => {
    const before = await signupRows();
    await sizeGridToData();
    const last = before[before.length - 1]!;
    const gateway = gatewayWithEditBeforeWrite(() => organizerInsertsSignup("V903"));
    await gateway.write([{ kind: "column", tab: "signups", column: "check", values: new Map(), otherwise: "✓" }]);
    const rows = await signupRows();
    expect(rows).toHaveLength(before.length + 1);
    expect(rows[rows.length - 1]!.slice(0, 4)).toEqual(last.slice(0, 4));
    expect(rows.find((r) => r[1] === "V903")?.[2]).toBe("组织者插入的");
  });
});
