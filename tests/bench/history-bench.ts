/**
 * Read size as history grows: the demo compound on day 1 and with 30 days of Plan and Messages
 * rows, through the real gateway against the running local default. Measured: the organizer
 * read every sync and plan makes, the read the outbox makes before each write (Plan rows found
 * by ID), and, for comparison, the whole-workbook read the gateway used to make.
 */
import { emulatorFetch } from "../../src/cli/local-emulator.ts";
import { GoogleSheetsGateway } from "../../src/sheets/google-gateway.ts";
import { organizerTabKeys } from "../../src/sheets/manifest.ts";

const RUNS = 9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.floor(s.length / 2)] ?? 0).toFixed(2));
}

/** A gateway that counts the bytes of every read's answer. */
function countingGateway(base: string, token: string, id: string) {
  const meter = { bytes: 0 };
  const inner = emulatorFetch(base);
  const gateway = new GoogleSheetsGateway({
    spreadsheetId: id,
    url: `${base}/emulator/?spreadsheet=${id}`,
    auth: { token },
    links: "emulator",
    fetch: async (request) => {
      const response = await inner(request);
      if (request.method !== "GET") return response;
      const body = await response.arrayBuffer();
      meter.bytes += body.byteLength;
      return new Response(body, { status: response.status, headers: response.headers });
    },
  });
  return { gateway, meter };
}

async function measure(base: string, token: string, id: string, work: (g: GoogleSheetsGateway) => Promise<unknown>) {
  const bytes: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { gateway, meter } = countingGateway(base, token, id);
    await gateway.read([]); // learn the tab titles, as a warm isolate knows them
    meter.bytes = 0;
    const t0 = performance.now();
    await work(gateway);
    times.push(performance.now() - t0);
    bytes.push(meter.bytes);
  }
  return { bytes: median(bytes), ms: median(times) };
}

function planDay(date: string, people: number) {
  return Array.from({ length: people }, (_, i) => ({
    date,
    volunteer_id: `V${String(i + 1).padStart(3, "0")}`,
    name: `志愿者${i + 1}`,
    post: "包干 Route",
    buildings: `${(i % 32) + 1}号楼`,
    start: "07:30",
    end: "12:00",
    link: `https://example.org/c/${date}-${i}`,
    status: "已确认 Confirmed",
  }));
}

function messagesDay(date: string) {
  return Array.from({ length: 6 }, (_, i) => ({ date, part: String(i + 1), text: `第${i + 1}部分 `.repeat(150) }));
}

function isoDay(start: string, offset: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

export async function benchReadHistory(base: string, token: string) {
  const id = "bench-history";
  const seeded = await fetch(`${base}/emulator/spreadsheets/${id}?demo=1`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}` },
  });
  if (!seeded.ok) throw new Error(`seeding ${id} failed: ${seeded.status}`);
  // 30 days of writes in a second: Google's quota is not what is measured here.
  await fetch(`${base}/emulator/quota`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ limits: null }),
  });
  const first = "2026-12-06";
  const people = 140;
  const writer = countingGateway(base, token, id).gateway;
  await writer.write([
    { kind: "upsert", tab: "plan", rows: planDay(first, people) },
    { kind: "upsert", tab: "messages", rows: messagesDay(first) },
  ]);

  const sync = (g: GoogleSheetsGateway) => g.read(organizerTabKeys);
  // The outbox's write: one answer about the latest day, its Plan row found again by ID.
  let latest = first;
  const flush = (g: GoogleSheetsGateway) =>
    g.write([
      { kind: "upsert", tab: "plan", rows: [{ date: latest, volunteer_id: "V007", status: "已确认 Confirmed" }] },
    ]);
  const whole = async (g: GoogleSheetsGateway) =>
    g.doc.sheetsApi.get("", {
      searchParams: {
        includeGridData: "true",
        fields: "sheets(properties(sheetId,title),data(rowData(values(formattedValue))))",
      },
    });
  const day1 = { sync: await measure(base, token, id, sync), flush: await measure(base, token, id, flush) };
  const wholeDay1 = await measure(base, token, id, whole);

  for (let d = 1; d < 30; d++) {
    await writer.write([
      { kind: "upsert", tab: "plan", rows: planDay(isoDay(first, d), people) },
      { kind: "upsert", tab: "messages", rows: messagesDay(isoDay(first, d)) },
    ]);
  }
  latest = isoDay(first, 29);
  const day30 = { sync: await measure(base, token, id, sync), flush: await measure(base, token, id, flush) };
  const wholeDay30 = await measure(base, token, id, whole);
  const ratio = (a: number, b: number) => Number((b / a).toFixed(2));
  return {
    planRows: { day1: people, day30: people * 30 },
    syncRead: { day1: day1.sync, day30: day30.sync, bytesRatio: ratio(day1.sync.bytes, day30.sync.bytes) },
    outboxPreWriteRead: {
      day1: day1.flush,
      day30: day30.flush,
      bytesRatio: ratio(day1.flush.bytes, day30.flush.bytes),
      note: "header rows + the Plan tab's ID columns (date, volunteer) from the row where the latest day begins",
    },
    wholeWorkbookRead: { day1: wholeDay1, day30: wholeDay30, bytesRatio: ratio(wholeDay1.bytes, wholeDay30.bytes) },
    target: "syncRead.bytesRatio <= 1.2",
    runs: RUNS,
  };
}
