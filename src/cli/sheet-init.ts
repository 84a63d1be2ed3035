/**
 * `npm run sheet:init -- --spreadsheet <id> [--key <service-account.json>] [--url <local base>]`
 *
 * Creates every tab, bilingual header, dropdown, frozen header row, Check column and protected
 * system tab of the manifest in a spreadsheet. Without --key it works on the local emulator
 * (`npm start` must be running; a spreadsheet id it does not know is created there). With --key
 * it works on a real Google Sheet shared with that service account. Safe to run twice.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { GoogleSheetsGateway } from "../sheets/google-gateway.ts";
import { parseServiceAccountKey, ServiceAccountAuth } from "../sheets/service-account.ts";
import { initWorkbook } from "../sheets/setup.ts";
import { SheetsError } from "../sheets/sheets-error.ts";
import { createLocalSpreadsheet, localGateway, localToken } from "./local-emulator.ts";

async function main() {
  const { values } = parseArgs({
    options: {
      spreadsheet: { type: "string" },
      key: { type: "string" },
      url: { type: "string", default: process.env.ZONECREW_URL ?? "http://127.0.0.1:8787" },
    },
  });
  const spreadsheetId = values.spreadsheet;
  if (!spreadsheetId) {
    console.error("用法 Usage: npm run sheet:init -- --spreadsheet <id> [--key <service-account.json>]");
    process.exit(2);
  }
  const now = () => Date.now();
  let gateway: GoogleSheetsGateway;
  if (values.key) {
    const auth = new ServiceAccountAuth(parseServiceAccountKey(readFileSync(values.key, "utf8")), {
      fetch: (r) => fetch(r),
      now: () => Math.floor(now() / 1000),
    });
    gateway = new GoogleSheetsGateway({
      spreadsheetId,
      url: `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit`,
      auth,
      fetch: (r) => fetch(r),
      account: auth.email,
    });
  } else {
    const base = values.url!.replace(/\/$/, "");
    const token = localToken();
    const created = await createLocalSpreadsheet(base, token, spreadsheetId).catch(() => undefined);
    if (!created) throw new Error(`本地服务没有运行：请先 npm start。Nothing answers at ${base}: run npm start first.`);
    if (created.status === 201)
      console.log(`已在模拟器中新建表格 Created spreadsheet ${spreadsheetId} in the emulator.`);
    gateway = localGateway(base, token, spreadsheetId);
  }
  const result = await initWorkbook(gateway);
  if (result.conflicts.length > 0) {
    console.error("未做任何修改：以下工作表冲突。Nothing was changed: these sheets conflict.");
    for (const c of result.conflicts) console.error(`  - ${c.zh}\n    ${c.en}`);
    process.exit(1);
  }
  console.log(
    JSON.stringify(
      { spreadsheetId, url: gateway.url, created: result.created, updated: result.updated, requests: result.requests },
      null,
      2,
    ),
  );
  if (result.created.length === 0 && result.updated.length === 0) {
    console.log("表格已经是完整的工作簿，无需修改。The workbook was already complete; nothing to do.");
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof SheetsError ? `${error.zh}\n${error.en}` : error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
