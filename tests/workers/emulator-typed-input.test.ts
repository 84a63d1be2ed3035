/**
 * Google types what a person enters in the grid: a date becomes a serial number shown in the
 * spreadsheet's locale (2026/12/6 in zh_CN, 12/6/2026 in en_US), a time 8:30:00 or 8:30:00 AM.
 * The emulator now does the same, so these tests prove ZoneCrew's validators read what Google
 * really sends back, not only the text a person typed.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { setCell, seedDemo, sheetsCall, TOKEN } from "./support/emulator.ts";
import { today } from "./support/clock.ts";

const SHEET = "demo-compound";
const SIGNUPS = "'报名 Signups'";

interface SyncBody {
  problems: Array<{ tab: string; row?: number; code: string; zh?: string; value?: string }>;
}

async function sync(): Promise<SyncBody> {
  const response = await SELF.fetch("http://local/api/demo/sync", {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(response.status).toBe(200);
  return response.json();
}

async function shown(range: string, render = "FORMATTED_VALUE"): Promise<unknown[][]> {
  const response = await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent(range)}?valueRenderOption=${render}`);
  return ((await response.json()) as { values?: unknown[][] }).values ?? [];
}

async function setLocale(locale: string): Promise<void> {
  const response = await sheetsCall(SHEET, "POST", ":batchUpdate", {
    requests: [{ updateSpreadsheetProperties: { properties: { locale }, fields: "locale" } }],
  });
  expect(response.status).toBe(200);
}

/** Tomorrow as the organizer types it in each locale. */
function typedDates() {
  const [y, m, d] = today().split("-").map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  const [Y, M, D] = [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()];
  return {
    iso: `${Y}-${String(M).padStart(2, "0")}-${String(D).padStart(2, "0")}`,
    zh: `${Y}/${M}/${D}`,
    en: `${M}/${D}/${Y}`,
  };
}

describe("dates and times typed in the grid, as Google stores and shows them", () => {
  it("zh_CN: a date typed 2026/12/6 reads back in the locale's form and syncs as that day", async () => {
    await seedDemo(SHEET);
    const dates = typedDates();
    await setCell(SHEET, `${SIGNUPS}!A2`, dates.zh);
    expect(await shown(`${SIGNUPS}!A2`)).toEqual([[dates.zh]]);
    const [[serial]] = (await shown(`${SIGNUPS}!A2`, "UNFORMATTED_VALUE")) as [[number]];
    expect(typeof serial).toBe("number");
    const body = await sync();
    expect(body.problems.filter((p) => p.tab === "signups" && p.row === 2)).toEqual([]);
  });

  it("en_US: the same day typed 12/6/2026 shows as m/d/yyyy and is not called ambiguous", async () => {
    await seedDemo(SHEET);
    await setLocale("en_US");
    const dates = typedDates();
    await setCell(SHEET, `${SIGNUPS}!A2`, dates.en);
    expect(await shown(`${SIGNUPS}!A2`)).toEqual([[dates.en]]);
    const body = await sync();
    expect(body.problems.filter((p) => p.tab === "signups" && p.row === 2)).toEqual([]);
    // The ISO form someone else types keeps its look, and reads the same.
    await setCell(SHEET, `${SIGNUPS}!A3`, dates.iso);
    expect(await shown(`${SIGNUPS}!A3`)).toEqual([[dates.iso]]);
  });

  it("a workflow time typed 7:15 shows 7:15:00 (zh_CN) or 7:15:00 AM (en_US), and the plan still reads it", async () => {
    await seedDemo(SHEET);
    const workflow = "'流程 Workflow'";
    await setCell(SHEET, `${workflow}!D2`, "7:15");
    expect(await shown(`${workflow}!D2`)).toEqual([["7:15:00"]]);
    expect(
      (await sync()).problems.filter((p) => p.tab === "workflow").map((p) => `${p.code} ${p.value} ${p.zh}`),
    ).toEqual([]);
    await setLocale("en_US");
    await setCell(SHEET, `${workflow}!D2`, "7:15");
    expect(await shown(`${workflow}!D2`)).toEqual([["7:15:00 AM"]]);
    expect(
      (await sync()).problems.filter((p) => p.tab === "workflow").map((p) => `${p.code} ${p.value} ${p.zh}`),
    ).toEqual([]);
  });
});
