/**
 * Reads stay the same size as history grows: a sync reads only the organizer tabs by name, and
 * the outbox's write reads only the header and the ID columns of the Plan rows where the latest
 * day begins. A row above that window is still found by its ID, never added twice.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { emulatorStub } from "../../src/env.ts";
import { GoogleSheetsGateway } from "../../src/sheets/google-gateway.ts";
import { organizerTabKeys } from "../../src/sheets/manifest.ts";
import { seedDemo, TOKEN } from "./support/emulator.ts";
import { planTab } from "./support/links.ts";

const SHEET = "read-size";
const PEOPLE = 40;

/** A gateway that counts the bytes of every read's answer. */
function meteredGateway() {
  const meter = { bytes: 0 };
  const gateway = new GoogleSheetsGateway({
    spreadsheetId: SHEET,
    url: `http://localhost/emulator/?spreadsheet=${SHEET}`,
    auth: { token: TOKEN },
    links: "emulator",
    fetch: async (request) => {
      const response = await emulatorStub(env, SHEET).fetch(request);
      if (request.method !== "GET") return response;
      const body = await response.arrayBuffer();
      meter.bytes += body.byteLength;
      return new Response(body, { status: response.status, headers: response.headers });
    },
    retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
  return { gateway, meter };
}

const day = (n: number) => `2026-11-${String(n).padStart(2, "0")}`;
const planRows = (date: string) =>
  Array.from({ length: PEOPLE }, (_, i) => ({
    date,
    volunteer_id: `V${String(i + 1).padStart(3, "0")}`,
    name: `志愿者${i + 1}`,
    status: "未回复",
  }));

async function readBytes(work: (g: GoogleSheetsGateway) => Promise<unknown>): Promise<number> {
  const { gateway, meter } = meteredGateway();
  await gateway.read([]); // titles known, as in a warm isolate
  meter.bytes = 0;
  await work(gateway);
  return meter.bytes;
}

const answerOn = (date: string) => (g: GoogleSheetsGateway) =>
  g.write([{ kind: "upsert", tab: "plan", rows: [{ date, volunteer_id: "V007", status: "已确认" }] }]);

describe("read size with 30 days of Plan history", () => {
  it("stays flat for the sync read and the outbox's write, and finds a row above the window", async () => {
    await seedDemo(SHEET);
    const writer = meteredGateway().gateway;
    await writer.write([{ kind: "upsert", tab: "plan", rows: planRows(day(1)) }]);
    const syncDay1 = await readBytes((g) => g.read(organizerTabKeys));
    await readBytes(answerOn(day(1))); // the first write learns where the day's rows begin
    const writeDay1 = await readBytes(answerOn(day(1)));

    for (let d = 2; d <= 30; d++) await writer.write([{ kind: "upsert", tab: "plan", rows: planRows(day(d)) }]);
    expect((await planTab(SHEET)).length).toBe(30 * PEOPLE);
    const syncDay30 = await readBytes((g) => g.read(organizerTabKeys));
    const writeDay30 = await readBytes(answerOn(day(30)));

    expect(syncDay30).toBeLessThanOrEqual(syncDay1 * 1.2);
    expect(writeDay30).toBeLessThanOrEqual(writeDay1 * 1.2);

    // A late answer about day 1, far above the window: found by ID, not appended again.
    await readBytes(answerOn(day(1)));
    const rows = await planTab(SHEET);
    expect(rows.length).toBe(30 * PEOPLE);
    expect(rows.filter((r) => r.date === day(1) && r.volunteer_id === "V007").map((r) => r.status)).toEqual(["已确认"]);
  });
});
