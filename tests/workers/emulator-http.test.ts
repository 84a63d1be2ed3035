import { SELF } from "cloudflare:test";
import { GoogleSpreadsheet } from "google-spreadsheet";
import type { sheets_v4 } from "@googleapis/sheets";
import { describe, expect, it } from "vitest";
import { createEmpty, seedDemo, TOKEN } from "./support/emulator.ts";

/** google-spreadsheet, unchanged, pointed at the emulator's HTTP paths through the Worker. */
function clientFor(spreadsheetId: string, token = TOKEN): GoogleSpreadsheet {
  const doc = new GoogleSpreadsheet(spreadsheetId, { token }, { retryConfig: 0 });
  const viaWorker = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    return SELF.fetch(new Request(`http://local/emulator${url.pathname}${url.search}`, request));
  };
  (doc as unknown as { sheetsApi: unknown }).sheetsApi = doc.sheetsApi.extend({ fetch: viaWorker });
  return doc;
}

describe("emulator speaks what google-spreadsheet reads", () => {
  it("serves loadInfo, rows, added rows and saved rows through the library's own API", async () => {
    await createEmpty("http-lib");
    const doc = clientFor("http-lib");
    await doc.loadInfo();
    expect(doc.sheetsByIndex.map((s) => s.title)).toEqual(["Sheet1"]);
    const sheet = await doc.addSheet({ title: "名单 List", headerValues: ["编号", "姓名"] });
    await sheet.addRows(
      [
        ["V1", "王芳"],
        ["V2", "=1+1"],
      ],
      { raw: true },
    );
    const rows = await sheet.getRows();
    expect(rows.map((r) => r.get("姓名"))).toEqual(["王芳", "=1+1"]);
    rows[0]!.set("姓名", "王芳芳");
    await rows[0]!.save();
    const again = await sheet.getRows();
    expect(again[0]!.get("姓名")).toBe("王芳芳");
    await sheet.updateProperties({ title: "Renamed" });
    await doc.loadInfo();
    expect(doc.sheetsByTitle.Renamed).toBeDefined();
  });

  it("trims trailing empty rows and cells and clips the range to the grid, as Google does", async () => {
    await seedDemo("http-shape");
    const response = await SELF.fetch(
      `http://local/emulator/v4/spreadsheets/http-shape/values/${encodeURIComponent("'楼栋 Buildings'")}`,
      { headers: { authorization: `Bearer ${TOKEN}` } },
    );
    const body = (await response.json()) as sheets_v4.Schema$ValueRange;
    expect(body.range).toBe("'楼栋 Buildings'!A1:L1000"); // the whole grid: 12 columns x 1000 rows
    expect(body.values).toHaveLength(33); // header + 32 buildings, no trailing blank rows
    expect(body.values!.every((row) => row.length <= 6 && row.at(-1) !== "")).toBe(true);
  });

  it("answers Google's error bodies: 401, 403, 404, 400 bad range", async () => {
    await seedDemo("http-errors");
    const call = (path: string, token = TOKEN) =>
      SELF.fetch(`http://local/emulator/v4/spreadsheets/${path}`, { headers: { authorization: `Bearer ${token}` } });
    const unauth = await call("http-errors", "nope");
    expect(unauth.status).toBe(401);
    expect(((await unauth.json()) as { error: { status: string } }).error.status).toBe("UNAUTHENTICATED");
    const missing = await call("no-such-sheet");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" },
    });
    const bad = await call(`http-errors/values/${encodeURIComponent("Nope!A1")}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 400, status: "INVALID_ARGUMENT", message: "Unable to parse range: Nope!A1" },
    });
    await SELF.fetch("http://local/emulator/faults", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ spreadsheet: "http-errors", denyAccess: true }),
    });
    const denied = await call("http-errors");
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { status: string } }).error.status).toBe("PERMISSION_DENIED");

    // A broken faults body is the caller's mistake: 400, not a crash.
    for (const body of ["{not json", JSON.stringify({ spreadsheet: 42 })]) {
      const refused = await SELF.fetch("http://local/emulator/faults", {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}` },
        body,
      });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toMatch(/^bad_/);
    }
  });

  it("counts reads and writes by method", async () => {
    await seedDemo("http-stats");
    const doc = clientFor("http-stats");
    await doc.loadInfo();
    await doc.sheetsByIndex[0]!.getCellsInRange("A1:B2");
    const response = await SELF.fetch("http://local/emulator/stats?spreadsheet=http-stats", {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const stats = (await response.json()) as {
      reads: number;
      writes: number;
      byMethod: Record<string, number>;
    };
    expect(stats).toMatchObject({ reads: 2, writes: 0 });
    expect(stats.byMethod).toEqual({ "spreadsheets.get": 1, "spreadsheets.values.get": 1 });
  });

  it("lets a person edit a cell on the grid page, and persists it", async () => {
    await seedDemo("http-grid");
    // The organizer's token (a browser signs in at /console instead: emulator-admin.security.test.ts).
    const headers = { authorization: `Bearer ${TOKEN}` };
    const page = await SELF.fetch(
      "http://local/emulator/?spreadsheet=http-grid&tab=" + encodeURIComponent("志愿者 Volunteers"),
      { headers },
    );
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("志愿者 Volunteers");
    expect(html).toContain("V001");
    const form = new FormData();
    for (const [k, v] of Object.entries({
      spreadsheet: "http-grid",
      tab: "志愿者 Volunteers",
      cell: "B2",
      value: "改过的名字",
    }))
      form.set(k, v);
    const saved = await SELF.fetch("http://local/emulator/edit", {
      method: "POST",
      headers: { ...headers, origin: "http://local" },
      body: form,
      redirect: "manual",
    });
    expect(saved.status).toBe(303);
    const after = await SELF.fetch(
      "http://local/emulator/?spreadsheet=http-grid&tab=" + encodeURIComponent("志愿者 Volunteers"),
      { headers },
    );
    expect(await after.text()).toContain("改过的名字");
  });
});
