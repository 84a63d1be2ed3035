/**
 * `npm run sheet:export [-- --out <file.xlsx>] [--demo [--date YYYY-MM-DD] [--seed N]]`
 *
 * Writes the workbook `npm run sheet:init` would build (tabs, bilingual headers, dropdowns,
 * frozen header rows, Check columns, protected system tabs) as an .xlsx an organizer imports into
 * Google Sheets by hand (File → Import → Upload → Replace spreadsheet): no service account
 * needed to get the sheet started. With --demo it holds the demo compound the local emulator is
 * seeded with (same seed, sign-ups and parcels for tomorrow in Shanghai unless --date says).
 *
 * @example
 * npm run sheet:export                                  # zonecrew-workbook.xlsx, headers only
 * npm run sheet:export -- --out demo.xlsx --demo        # with the demo compound's rows
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { addDays, localDate } from "../domain/local-time.ts";
import { demoDefaults, generateDemoCompound } from "../emulator/demo-compound.ts";
import { planExport } from "../sheets/export-plan.ts";
import { organizerTabKeys, type TabKey } from "../sheets/manifest.ts";
import { writeXlsx } from "../sheets/xlsx-writer.ts";

export interface SheetExportOptions {
  out: string;
  /** The demo compound for this seed and day, or headers only. */
  demo?: { seed: number; date: string };
}

/** Writes the file; returns its absolute path and size in bytes. */
export async function exportWorkbook(options: SheetExportOptions): Promise<{ file: string; bytes: number }> {
  let rows: Partial<Record<TabKey, string[][]>> | undefined;
  if (options.demo) {
    const demo = generateDemoCompound(options.demo);
    rows = Object.fromEntries(organizerTabKeys.map((key) => [key, demo.tabs[key].rows]));
  }
  const bytes = await writeXlsx(planExport({ rows }));
  const file = path.resolve(options.out);
  writeFileSync(file, bytes);
  return { file, bytes: bytes.byteLength };
}

const usage = "用法 Usage: npm run sheet:export -- [--out <file.xlsx>] [--demo [--date YYYY-MM-DD] [--seed N]]";

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: "string", default: "zonecrew-workbook.xlsx" },
      demo: { type: "boolean", default: false },
      date: { type: "string" },
      seed: { type: "string", default: String(demoDefaults.seed) },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (!values.out!.toLowerCase().endsWith(".xlsx")) {
    console.error(`输出文件应以 .xlsx 结尾。The output file should end in .xlsx.\n${usage}`);
    return 2;
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) {
    console.error(`--seed 应为整数。--seed must be an integer.\n${usage}`);
    return 2;
  }
  // Like the emulator's demo: sign-ups and parcels for tomorrow, so a plan can be tried right away.
  const date = values.date ?? addDays(localDate(Date.now(), "Asia/Shanghai"), 1);
  const { file, bytes } = await exportWorkbook({
    out: values.out!,
    demo: values.demo ? { seed, date } : undefined,
  });
  const size = `${(bytes / 1024).toFixed(1)} KB`;
  console.log(`已写入 ${file}（${values.demo ? `${date} 的演示小区` : "只有表头"}，${size}）`);
  console.log(`Wrote ${file} (${values.demo ? `demo compound for ${date}` : "headers only"}, ${size}).`);
  console.log(
    "在 Google 表格中：文件 → 导入 → 上传 → 替换电子表格。保护设置不会随导入保留，之后可运行 npm run sheet:init 补上。\n" +
      "In Google Sheets: File → Import → Upload → Replace spreadsheet. Protections do not survive the import; " +
      "run npm run sheet:init on the sheet afterwards to add them.",
  );
  return 0;
}

// Run only as a script, so tests can import exportWorkbook without side effects.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
