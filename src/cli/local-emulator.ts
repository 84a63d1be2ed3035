/**
 * Node-side access to a running local default (`npm start`): the organizer token from .dev.vars
 * and a gateway whose Sheets calls go to the emulator's HTTP paths instead of Google — the only
 * difference from production.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { GoogleSheetsGateway } from "../sheets/google-gateway.ts";

export function localToken(root = process.cwd()): string {
  const file = path.resolve(root, ".dev.vars");
  const token = existsSync(file) ? /^ORGANIZER_TOKEN=(.*)$/m.exec(readFileSync(file, "utf8"))?.[1]?.trim() : undefined;
  if (!token) throw new Error("没有 .dev.vars：请先运行 npm start。No .dev.vars: run npm start first.");
  return token;
}

/** Sends a Sheets API request to the emulator under `base` instead of sheets.googleapis.com. */
export function emulatorFetch(base: string) {
  return async (request: Request) => {
    const url = new URL(request.url);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.text();
    return fetch(`${base}/emulator${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body,
    });
  };
}

export function localGateway(base: string, token: string, spreadsheetId: string): GoogleSheetsGateway {
  return new GoogleSheetsGateway({
    spreadsheetId,
    url: `${base}/emulator/?spreadsheet=${encodeURIComponent(spreadsheetId)}`,
    auth: { token },
    links: "emulator",
    fetch: emulatorFetch(base),
  });
}

/** Creates a spreadsheet in the emulator (empty, or the demo compound at a roster scale). */
export async function createLocalSpreadsheet(
  base: string,
  token: string,
  spreadsheetId: string,
  demoScale?: number,
): Promise<Response> {
  const query = demoScale ? `?demo=${demoScale}` : "";
  return fetch(`${base}/emulator/spreadsheets/${encodeURIComponent(spreadsheetId)}${query}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}` },
  });
}
