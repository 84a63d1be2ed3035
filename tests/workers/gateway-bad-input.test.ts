import { productionEnv, SERVICE_ACCOUNT } from "./support/production.ts";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import { buildServices } from "../../src/env.ts";
import { organizerTabKeys } from "../../src/sheets/manifest.ts";
import { SheetsError } from "../../src/sheets/sheets-error.ts";
import { fastGateway, seedDemo, sheetIdOf, sheetsCall, stats } from "./support/emulator.ts";

describe("a sheet shaped by hand", () => {
  it("names a missing tab in Chinese and English and still reads the others", async () => {
    await seedDemo("bad-tab");
    await sheetsCall("bad-tab", "POST", ":batchUpdate", {
      requests: [{ deleteSheet: { sheetId: await sheetIdOf("bad-tab", "快递 Parcels") } }],
    });
    const read = await fastGateway("bad-tab").read(organizerTabKeys);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatchObject({ tab: "parcels", code: "tab_missing", severity: "error" });
    expect(read.problems[0]!.zh).toContain("快递 Parcels");
    expect(read.problems[0]!.en).toContain("was not found");
    expect(read.tabs.volunteers!.rows).toHaveLength(320);
  });

  it("reports a renamed required header instead of reading a wrong column", async () => {
    await seedDemo("bad-header");
    await sheetsCall(
      "bad-header",
      "PUT",
      `/values/${encodeURIComponent("'志愿者 Volunteers'!C1")}?valueInputOption=RAW`,
      { values: [["微信号"]] },
    );
    const read = await fastGateway("bad-header").read(["volunteers"]);
    expect(read.problems.map((p) => p.code)).toEqual(["header_missing"]);
    expect(read.problems[0]!.zh).toContain("手机 Phone");
    expect(read.tabs.volunteers!.rows).toEqual([]); // unreadable, not misread
  });

  it("reads a tab with columns reordered, extra columns and blank rows in the middle", async () => {
    await seedDemo("bad-shape");
    const id = await sheetIdOf("bad-shape", "楼栋 Buildings");
    await sheetsCall("bad-shape", "POST", ":batchUpdate", {
      requests: [
        {
          moveDimension: {
            source: { sheetId: id, dimension: "COLUMNS", startIndex: 2, endIndex: 3 },
            destinationIndex: 0,
          },
        },
        { insertDimension: { range: { sheetId: id, dimension: "ROWS", startIndex: 5, endIndex: 8 } } },
        { insertDimension: { range: { sheetId: id, dimension: "COLUMNS", startIndex: 1, endIndex: 2 } } },
      ],
    }).then(async (r) => {
      // moveDimension is optional in the emulator; fall back to rewriting headers in another order.
      if (!r.ok) {
        await sheetsCall("bad-shape", "POST", ":batchUpdate", {
          requests: [
            { insertDimension: { range: { sheetId: id, dimension: "ROWS", startIndex: 5, endIndex: 8 } } },
            { insertDimension: { range: { sheetId: id, dimension: "COLUMNS", startIndex: 1, endIndex: 2 } } },
          ],
        });
      }
    });
    await sheetsCall("bad-shape", "PUT", `/values/${encodeURIComponent("'楼栋 Buildings'!B1")}?valueInputOption=RAW`, {
      values: [["负责人 Contact"]],
    });
    const read = await fastGateway("bad-shape").read(["buildings"]);
    expect(read.problems).toEqual([]);
    const rows = read.tabs.buildings!.rows;
    expect(rows).toHaveLength(32);
    expect(rows.reduce((n, r) => n + Number(r.cells.households), 0)).toBe(1380);
    expect(rows.every((r) => /号楼$/.test(r.cells.building!))).toBe(true);
  });

  it("reads 10,000 rows in one call", async () => {
    await seedDemo("bad-big");
    const rows = Array.from({ length: 10_000 }, (_, i) => [
      `X${i}`,
      `志愿者${i}`,
      `139${String(i).padStart(8, "0")}`,
      "30",
    ]);
    await sheetsCall("bad-big", "POST", ":batchUpdate", {
      requests: [
        {
          updateSheetProperties: {
            properties: {
              sheetId: await sheetIdOf("bad-big", "志愿者 Volunteers"),
              gridProperties: { rowCount: 10_400 },
            },
            fields: "gridProperties.rowCount",
          },
        },
      ],
    });
    await sheetsCall(
      "bad-big",
      "PUT",
      `/values/${encodeURIComponent("'志愿者 Volunteers'!A322")}?valueInputOption=RAW`,
      { values: rows },
    );
    const gateway = fastGateway("bad-big");
    const read = await gateway.read(["volunteers"]);
    expect(read.tabs.volunteers!.rows).toHaveLength(10_320);
    expect(read.tabs.volunteers!.rows.at(-1)!.cells.name).toBe("志愿者9999");
    expect(gateway.requests - gateway.metadataReads).toBe(1);
  });

  it("turns a wrong token into an authentication error, not a crash", async () => {
    await seedDemo("bad-token");
    await expect(fastGateway("bad-token", "not-the-token").read(["volunteers"])).rejects.toBeInstanceOf(SheetsError);
    await expect(fastGateway("bad-token", "not-the-token").read(["volunteers"])).rejects.toMatchObject({
      kind: "unauthenticated",
    });
  });
});

describe("SHEETS_BACKEND=google", () => {
  const googleEnv = productionEnv;

  it("has no emulator routes", async () => {
    const app = buildApp();
    const genv = await googleEnv();
    for (const path of ["/emulator/", "/emulator/stats", "/emulator/v4/spreadsheets/demo-compound"]) {
      expect((await app.request(path, {}, genv)).status, path).toBe(404);
    }
    expect(await (await app.request("/healthz", {}, genv)).json()).toMatchObject({ backend: "google" });
  });

  it("sends Sheets traffic to Google, never to the emulator", async () => {
    await seedDemo("demo-compound");
    const before = await stats("demo-compound");
    const hosts: string[] = [];
    const services = buildServices(await googleEnv(), {
      fetch: async (request) => {
        hosts.push(new URL(request.url).host);
        if (request.url.includes("/token")) return Response.json({ access_token: "ya29.test", expires_in: 3600 });
        // As when the sheet was not shared with the service account.
        return Response.json(
          { error: { code: 403, message: "The caller does not have permission", status: "PERMISSION_DENIED" } },
          { status: 403 },
        );
      },
    });
    const community = (await services.community("demo"))!;
    const gateway = services.sheets(community);
    expect(gateway.url).toBe("https://docs.google.com/spreadsheets/d/demo-compound/edit");
    const failure = await gateway.read(["volunteers"]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SheetsError);
    // The organizer is told exactly whom to share the sheet with.
    expect((failure as SheetsError).zh).toContain(SERVICE_ACCOUNT);
    expect((failure as SheetsError).en).toContain(`add ${SERVICE_ACCOUNT} as an editor`);
    expect(new Set(hosts)).toEqual(new Set(["oauth2.googleapis.com", "sheets.googleapis.com"]));
    expect(await stats("demo-compound")).toMatchObject({ reads: before.reads, writes: before.writes });
  });

  it("refuses to start without a service-account key, naming the missing setting", async () => {
    const noKey = { ...(await productionEnv()), GOOGLE_SERVICE_ACCOUNT_KEY: undefined };
    expect(() => buildServices(noKey)).toThrow(/GOOGLE_SERVICE_ACCOUNT_KEY/);
  });
});
