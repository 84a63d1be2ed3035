/**
 * The CSVs under sheets-templates/ are committed for people to read, so they must never drift
 * from the manifest and the generator: change either without `npm run demo:csv` and this fails.
 * The CSV writer/parser is tested here too, because those files are only as good as it is.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildTemplateFiles, staleFiles } from "../../src/cli/demo-csv.ts";
import { parseCsv, writeCsv } from "../../src/emulator/csv.ts";
import { demoDefaults, generateDemoCompound } from "../../src/emulator/demo-compound.ts";
import { headerText, manifest, organizerTabKeys } from "../../src/sheets/manifest.ts";

const root = path.resolve(import.meta.dirname, "../..");
const files = buildTemplateFiles();

function readRows(rel: string): string[][] {
  const parsed = parseCsv(readFileSync(path.join(root, rel), "utf8"));
  if (!parsed.ok) throw new Error(`${rel}: ${parsed.error.reason} at line ${parsed.error.line}`);
  return parsed.rows;
}

describe("committed CSVs", () => {
  it("are exactly what the manifest and the generator produce now (run `npm run demo:csv` if not)", () => {
    expect(staleFiles(root, files)).toEqual([]);
  });

  it("include a header-only template for every tab, system tabs too", () => {
    for (const tab of manifest.tabs) {
      expect(readRows(`sheets-templates/templates/${tab.key}.csv`)).toEqual([tab.columns.map(headerText)]);
    }
    expect(manifest.tabs.map((t) => t.key)).toEqual(expect.arrayContaining(["plan", "problems"]));
  });

  it("hold the demo compound of the fixed seed and date, cell for cell", () => {
    const demo = generateDemoCompound(demoDefaults);
    for (const key of organizerTabKeys) {
      const { header, rows } = demo.tabs[key];
      expect(readRows(`sheets-templates/demo/${key}.csv`)).toEqual([header, ...rows]);
    }
  });

  it("are UTF-8 without a BOM, with \\n line ends", () => {
    for (const rel of files.keys()) {
      const text = readFileSync(path.join(root, rel), "utf8");
      expect(text.startsWith("\uFEFF"), rel).toBe(false);
      expect(text.includes("\r"), rel).toBe(false);
      expect(text.endsWith("\n"), rel).toBe(true);
    }
  });
});

describe("CSV writer and parser", () => {
  it("quotes only fields that need it", () => {
    expect(writeCsv([["a", "b c", "张伟"]])).toBe("a,b c,张伟\n");
    expect(writeCsv([['say "hi"', "1,2", "two\nlines"]])).toBe('"say ""hi""","1,2","two\nlines"\n');
    // A lone empty field is written as "" so the record is not a blank line.
    expect(writeCsv([[""], ["", ""]])).toBe('""\n,\n');
  });

  it("round-trips quotes, commas, newlines, Chinese and empty fields", () => {
    const rows = [
      ["编号 ID", "备注 Note", ""],
      ['他说"明天来"', "1栋,B1", "第一行\n第二行"],
      ["", "  spaces kept  ", "\r\nCRLF inside"],
      [""],
    ];
    expect(parseCsv(writeCsv(rows))).toEqual({ ok: true, rows });
  });

  it("round-trips any table of strings", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", " ", ",", '"', "\n", "\r", "张", "、", "😷") });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 6 }), (rows) => {
        expect(parseCsv(writeCsv(rows))).toEqual({ ok: true, rows });
      }),
    );
  });

  it("reads what Excel saves: a BOM and \\r\\n line ends", () => {
    expect(parseCsv('\uFEFF姓名,手机\r\n张伟,"138 0000 0000"\r\n')).toEqual({
      ok: true,
      rows: [
        ["姓名", "手机"],
        ["张伟", "138 0000 0000"],
      ],
    });
    expect(parseCsv("")).toEqual({ ok: true, rows: [] });
    expect(parseCsv("a,b")).toEqual({ ok: true, rows: [["a", "b"]] });
  });

  it("reports malformed input as a value with its line", () => {
    expect(parseCsv('a\n"open')).toEqual({ ok: false, error: { reason: "unterminated_quote", line: 2 } });
    expect(parseCsv('a\nb"c')).toEqual({ ok: false, error: { reason: "stray_quote", line: 2 } });
    expect(parseCsv('"a"b')).toEqual({ ok: false, error: { reason: "text_after_quote", line: 1 } });
  });
});
