/**
 * `npm run demo:csv`: prints the workbook as CSV files people can read on GitHub or open in Excel.
 *
 * - sheets-templates/templates/<tab>.csv: the header row of every tab (system tabs too), for
 *   organizers who start a sheet by importing files;
 * - sheets-templates/demo/<tab>.csv: the demo compound of the article's week (fixed seed and date),
 *   the same cells the local emulator is seeded with.
 *
 * The files are committed, and a test compares them with what the manifest and the generator
 * produce now, so after changing either, run this again. `--check` only compares (for CI).
 *
 * @example
 * npx tsx src/cli/demo-csv.ts          # write the files
 * npx tsx src/cli/demo-csv.ts --check  # exit 1 if any file is stale
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { writeCsv } from "../emulator/csv.ts";
import { demoDefaults, generateDemoCompound } from "../emulator/demo-compound.ts";
import { headerText, manifest, organizerTabKeys } from "../sheets/manifest.ts";

/** The folders this command owns, relative to the repository root; nothing else lives in them. */
export const generatedDirs = ["sheets-templates/demo", "sheets-templates/templates"] as const;

/** Every generated file: path relative to the repository root -> exact contents. */
export function buildTemplateFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const tab of manifest.tabs) {
    files.set(`sheets-templates/templates/${tab.key}.csv`, writeCsv([tab.columns.map(headerText)]));
  }
  const demo = generateDemoCompound(demoDefaults);
  for (const key of organizerTabKeys) {
    const { header, rows } = demo.tabs[key];
    files.set(`sheets-templates/demo/${key}.csv`, writeCsv([header, ...rows]));
  }
  return files;
}

/** Files that differ from what would be generated, including stale extra .csv files. */
export function staleFiles(root: string, files: Map<string, string>): string[] {
  const stale: string[] = [];
  for (const [rel, text] of files) {
    const file = path.join(root, rel);
    if (!existsSync(file) || readFileSync(file, "utf8") !== text) stale.push(rel);
  }
  for (const dir of generatedDirs) {
    const abs = path.join(root, dir);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs)) {
      if (!files.has(`${dir}/${name}`)) stale.push(`${dir}/${name}`);
    }
  }
  return stale.sort();
}

function main(argv: readonly string[]): number {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const files = buildTemplateFiles();
  const stale = staleFiles(root, files);
  if (argv.includes("--check")) {
    for (const rel of stale) console.error(`stale: ${rel}`);
    if (stale.length > 0) console.error("运行 npm run demo:csv 重新生成。Run `npm run demo:csv` to regenerate.");
    return stale.length > 0 ? 1 : 0;
  }
  for (const rel of stale) {
    if (!files.has(rel)) rmSync(path.join(root, rel));
  }
  for (const [rel, text] of files) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text, "utf8");
  }
  console.log(`wrote ${files.size} files (${stale.length} changed) under sheets-templates/`);
  return 0;
}

// Run only as a script, so tests can import buildTemplateFiles without writing anything.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
