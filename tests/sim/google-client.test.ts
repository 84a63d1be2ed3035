/**
 * Google's own client, @googleapis/sheets, talks to the local default with `rootUrl` set to the
 * server: the emulator serves the Sheets API at /v4/spreadsheets/… as Google does (Google's
 * client drops a path prefix in rootUrl, so /emulator/v4/… alone was out of its reach). It runs
 * in Node (the client needs Node's modules), against a real `wrangler dev`; the responses are
 * typed by the same package, so a shape the emulator got wrong shows here.
 */
import { sheets, type sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalSpreadsheet } from "../../src/cli/local-emulator.ts";
import { startLocalWorker, type LocalWorker } from "../../src/cli/local-worker.ts";

const SHEET = "google-client";
let worker: LocalWorker;

beforeAll(async () => {
  worker = await startLocalWorker();
  const created = await createLocalSpreadsheet(worker.base, worker.token, SHEET, 1);
  expect(created.ok).toBe(true);
}, 120_000);

afterAll(async () => {
  await worker?.stop();
});

describe("Google's own Sheets client against the local default", () => {
  it("reads and writes with rootUrl = the server", async () => {
    const api = sheets({ version: "v4", rootUrl: `${worker.base}/` });
    const options = { headers: { authorization: `Bearer ${worker.token}` } };
    const meta = await api.spreadsheets.get({ spreadsheetId: SHEET, fields: "sheets.properties.title" }, options);
    const titles = (meta.data.sheets ?? []).map((s: sheets_v4.Schema$Sheet) => s.properties?.title);
    expect(titles).toContain("报名 Signups");
    await api.spreadsheets.values.update(
      {
        spreadsheetId: SHEET,
        range: "'报名 Signups'!F2",
        valueInputOption: "RAW",
        requestBody: { values: [["来自 Google 客户端"]] },
      },
      options,
    );
    const read = await api.spreadsheets.values.get({ spreadsheetId: SHEET, range: "'报名 Signups'!F2" }, options);
    expect(read.data.values).toEqual([["来自 Google 客户端"]]);
  });

  it("refuses a request without the token, as Google refuses one without credentials", async () => {
    const response = await fetch(`${worker.base}/v4/spreadsheets/${SHEET}`);
    expect(response.status).toBe(401);
  });
});
