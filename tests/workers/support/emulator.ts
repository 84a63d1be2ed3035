/** Helpers for tests that drive the emulator: seeding, faults, stats and a fast-retry gateway. */
import { env } from "cloudflare:test";
import { emulatorStub } from "../../../src/env.ts";
import { GoogleSheetsGateway } from "../../../src/sheets/google-gateway.ts";

export const TOKEN = env.ORGANIZER_TOKEN;

async function admin(spreadsheetId: string, path: string, init?: RequestInit): Promise<Response> {
  const url = `https://emulator.internal/_admin/${path}${path.includes("?") ? "&" : "?"}spreadsheet=${encodeURIComponent(spreadsheetId)}`;
  return emulatorStub(env, spreadsheetId).fetch(new Request(url, init));
}

/** A demo-compound spreadsheet under its own id, at a roster scale, its sign-ups for `date` (default tomorrow). */
export async function seedDemo(spreadsheetId: string, scale = 1, date?: string): Promise<void> {
  const on = date ? `&date=${date}` : "";
  const response = await admin(spreadsheetId, `spreadsheet?demo=${scale}${on}`, { method: "PUT" });
  if (!response.ok) throw new Error(`seeding failed: ${response.status}`);
}

export async function createEmpty(spreadsheetId: string): Promise<void> {
  await admin(spreadsheetId, "spreadsheet", { method: "PUT" });
}

export async function setFaults(spreadsheetId: string, faults: Record<string, unknown>): Promise<void> {
  const response = await admin(spreadsheetId, "faults", { method: "PUT", body: JSON.stringify(faults) });
  if (!response.ok) throw new Error(`faults refused: ${await response.text()}`);
}

export interface EmulatorStats {
  reads: number;
  writes: number;
  byMethod: Record<string, number>;
  injected: Record<string, number>;
  throttled: number;
}

export async function stats(spreadsheetId: string): Promise<EmulatorStats> {
  return (await admin(spreadsheetId, "stats")).json();
}

/**
 * A gateway on the emulator whose retries wait milliseconds, not seconds. `before` runs ahead of
 * each Sheets call, e.g. to let an organizer edit the sheet between the gateway's read and write.
 */
export function fastGateway(
  spreadsheetId: string,
  token = TOKEN,
  before?: (request: Request) => Promise<void>,
): GoogleSheetsGateway {
  return new GoogleSheetsGateway({
    spreadsheetId,
    url: `http://localhost/emulator/?spreadsheet=${spreadsheetId}`,
    auth: { token },
    links: "emulator",
    fetch: async (r) => {
      await before?.(r);
      return emulatorStub(env, spreadsheetId).fetch(r);
    },
    retry: { retries: 10, baseDelayMs: 1, maxDelayMs: 5 },
  });
}

/** Calls the Sheets API directly, as an organizer's own tools (or Google's UI) would. */
export async function sheetsCall(
  spreadsheetId: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return emulatorStub(env, spreadsheetId).fetch(
    new Request(`https://sheets.googleapis.com/v4/spreadsheets/${spreadsheetId}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

/** Types one cell as an organizer would (USER_ENTERED: a leading "=" makes a formula). */
export async function setCell(spreadsheetId: string, range: string, value: string): Promise<void> {
  const response = await sheetsCall(
    spreadsheetId,
    "PUT",
    `/values/${encodeURIComponent(range)}?valueInputOption=USER_ENTERED`,
    { values: [[value]] },
  );
  if (!response.ok) throw new Error(`setting ${range} failed: ${response.status} ${await response.text()}`);
}

/** The sheetId of a tab, looked up by title as an organizer's tool would. */
export async function sheetIdOf(spreadsheetId: string, title: string): Promise<number> {
  const meta = (await (await sheetsCall(spreadsheetId, "GET", "")).json()) as {
    sheets: Array<{ properties: { sheetId: number; title: string } }>;
  };
  return meta.sheets.find((s) => s.properties.title === title)!.properties.sheetId;
}
