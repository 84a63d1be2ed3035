/**
 * Properties over whatever organizers could type into any tab: validation never throws, every row
 * is either in the snapshot or has an error on its own row, and invalid rows typed between valid
 * ones never change what the valid ones become.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { organizerTabKeys, type OrganizerTabKey } from "../../src/domain/model.ts";
import { rowStatusKey, validateWorkbook, type RowInput, type ValidateInput } from "../../src/domain/validate.ts";
import { idKey } from "../../src/domain/validate/row.ts";
import { organizerColumns, tabSpec } from "../../src/sheets/manifest.ts";
import { rowKey } from "../../src/sheets/tab-reader.ts";
import { baseRecords, toRows, TODAY, type Cells } from "./validate-fixtures.ts";
import { snapshotRows } from "../shared/snapshot-rows.ts";

// Pieces of real cells, so random rows reach the rules and not only "unreadable".
const realistic = fc.constantFrom(
  "",
  " ",
  "\u200B",
  "V001",
  "v006",
  "V999",
  "王芳",
  "张敏",
  "张敏(3333)",
  "🌸李伟~",
  "13800138000",
  "138 0013 8000",
  "+86 139-1234-5678",
  "1380013800",
  "35",
  "50",
  "四十",
  "0",
  "-3",
  "12.5",
  "1,200",
  "3号楼",
  "3栋",
  "B3",
  "12-301",
  "99号楼",
  "东区",
  "全天 All day",
  "上午",
  "下午 PM",
  "8-12点",
  "P1",
  "P4",
  "R3",
  "P9",
  "待命",
  "2022-04-19",
  "明天",
  "4月20日",
  "2022-04-10",
  "2022-05-30",
  "04/05/2022",
  "07:00",
  "下午2点",
  "3点",
  "是 Yes",
  "否",
  "队长、司机",
  "门岗分拣 Gate crew",
  "包干路线 Route",
  "固定岗位 Fixed post",
  "收垃圾",
  "第一波 Wave 1",
  "2",
  "#REF!",
  "Loading...",
  '=IMPORTXML("http://example.com","//a")',
  "=1+1",
  "🌸🌸",
);
const longCell = fc.oneof(
  fc.constantFrom("a", "号", "🌸", "1", " ", "-").map((c) => c.repeat(5000)),
  fc.string({ unit: "binary", minLength: 5000, maxLength: 5000 }),
);
const cell = fc.oneof(
  { weight: 6, arbitrary: realistic },
  { weight: 2, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: "binary" }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme" }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: longCell },
);

function recordOf(tab: OrganizerTabKey): fc.Arbitrary<Cells> {
  const columns = organizerColumns(tabSpec(tab)).map((c) => c.key);
  return fc.record(Object.fromEntries(columns.map((k) => [k, cell])) as Record<string, fc.Arbitrary<string>>);
}

const anyTabs = fc.record(
  Object.fromEntries(organizerTabKeys.map((tab) => [tab, fc.array(recordOf(tab), { maxLength: 8 })])) as Record<
    OrganizerTabKey,
    fc.Arbitrary<Cells[]>
  >,
);

function input(records: Record<OrganizerTabKey, Cells[]>): ValidateInput {
  const tabs: ValidateInput["tabs"] = {};
  for (const tab of organizerTabKeys) tabs[tab] = { rows: toRows(tab, records[tab]) };
  return { tabs, today: TODAY };
}

/**
 * Every row has a status and a Check cell; it is in the snapshot exactly when it has no error of
 * its own. Returns how many rows made it into the snapshot (to prove both branches are exercised).
 */
function checkEveryRow(data: ValidateInput): number {
  const result = validateWorkbook(data);
  const used = snapshotRows(result.snapshot);
  let valid = 0;
  for (const tab of organizerTabKeys) {
    for (const row of data.tabs[tab]!.rows) {
      const status = result.rowStatus.get(rowStatusKey(tab, row.key));
      expect(status, `${tab} row ${row.rowNumber} has no status`).toBeDefined();
      expect(result.check[tab].get(row.key)).toBeTypeOf("string");
      const errors = status!.filter((p) => p.row === row.rowNumber && p.severity === "error");
      const inSnapshot = used.has(`${tab}:${row.rowNumber}`);
      expect(inSnapshot !== errors.length > 0, `${tab} row ${row.rowNumber}`).toBe(true);
      if (inSnapshot) valid += 1;
    }
  }
  for (const p of result.problems) {
    expect(p.zh.length).toBeGreaterThan(0);
    expect(p.en.length).toBeGreaterThan(0);
    expect((p.value ?? "").length).toBeLessThanOrEqual(500);
  }
  return valid;
}

/** Base rows (a real compound) with a few cells replaced by anything: reaches every rule. */
function mutatedOf(tab: OrganizerTabKey): fc.Arbitrary<Cells> {
  const columns = organizerColumns(tabSpec(tab)).map((c) => c.key);
  return fc
    .tuple(
      fc.constantFrom(...baseRecords()[tab]),
      fc.array(fc.tuple(fc.constantFrom(...columns), cell), { maxLength: 2 }),
    )
    .map(([record, changes]) => ({ ...record, ...Object.fromEntries(changes) }));
}

const mutatedTabs = fc.record(
  Object.fromEntries(organizerTabKeys.map((tab) => [tab, fc.array(mutatedOf(tab), { maxLength: 10 })])) as Record<
    OrganizerTabKey,
    fc.Arbitrary<Cells[]>
  >,
);

describe("whatever is typed into any tab", () => {
  it("validation never throws; every row is in the snapshot or has an error pointing at it, never both", () => {
    fc.assert(
      fc.property(anyTabs, (records) => {
        checkEveryRow(input(records));
      }),
      { numRuns: 120 },
    );
    // Up to ~300 cells a run, some of them 5,000 characters of arbitrary Unicode.
  }, 120_000);

  it("the same holds for real rows with a few cells changed (duplicates, merges, references)", () => {
    let valid = 0;
    fc.assert(
      fc.property(mutatedTabs, (records) => {
        valid += checkEveryRow(input(records));
      }),
      { numRuns: 120 },
    );
    // Most mutated rows stay valid, so the "in the snapshot" side was really checked.
    expect(valid).toBeGreaterThan(600);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Valid rows are unaffected by invalid rows beside them.
// ---------------------------------------------------------------------------------------------

const base = baseRecords();
/** Base rows sit on even sheet rows, noise on odd ones, so both keep their row numbers when mixed. */
function placed(tab: OrganizerTabKey, records: readonly Cells[], parity: 0 | 1): RowInput[] {
  return toRows(tab, records).map((row, i) => ({ ...row, rowNumber: 2 + 2 * i + parity }));
}

// The columns whose value identifies a row for the "same ID on two rows" rules; noise must not
// reuse a valid row's ID, because a duplicated ID is an error on both rows by design.
const identity: Partial<Record<OrganizerTabKey, string>> = {
  volunteers: "volunteer_id",
  buildings: "building",
  workflow: "step",
  supplies: "item",
};

/** A noise record that is certainly invalid: one required cell blank or showing a formula error. */
function noiseOf(tab: OrganizerTabKey): fc.Arbitrary<Cells> {
  const required = organizerColumns(tabSpec(tab))
    .filter((c) => c.required)
    .map((c) => c.key);
  return fc
    .tuple(recordOf(tab), fc.constantFrom(...required), fc.constantFrom("", "#REF!", " \u200B "))
    .map(([record, column, broken]) => {
      const cells = { ...record, [column]: broken };
      const idColumn = identity[tab];
      if (idColumn) {
        const taken = new Set(base[tab].map((r) => idKey(r[idColumn] ?? "")));
        if (taken.has(idKey(cells[idColumn] ?? ""))) cells[idColumn] = `N-${cells[idColumn]}`;
      }
      return cells;
    });
}

function interleave(tab: OrganizerTabKey, noise: readonly Cells[]): RowInput[] {
  const good = placed(tab, base[tab], 0);
  const bad = placed(tab, noise, 1).map((row) => ({ ...row, key: rowKey(tabSpec(tab), row.cells) }));
  return [...good, ...bad].sort((a, b) => a.rowNumber - b.rowNumber);
}

const anyNoise = fc.record(
  Object.fromEntries(organizerTabKeys.map((tab) => [tab, fc.array(noiseOf(tab), { maxLength: 6 })])) as Record<
    OrganizerTabKey,
    fc.Arbitrary<Cells[]>
  >,
);

describe("invalid rows beside valid ones", () => {
  const cleanTabs: ValidateInput["tabs"] = {};
  for (const tab of organizerTabKeys) cleanTabs[tab] = { rows: placed(tab, base[tab], 0) };
  const clean = validateWorkbook({ tabs: cleanTabs, today: TODAY });

  it("the base compound itself is valid", () => {
    expect(clean.problems).toEqual([]);
  });

  it("never change the snapshot entries of the valid rows, and are themselves excluded", () => {
    fc.assert(
      fc.property(anyNoise, (noise) => {
        const tabs: ValidateInput["tabs"] = {};
        for (const tab of organizerTabKeys) tabs[tab] = { rows: interleave(tab, noise[tab]) };
        const mixed = validateWorkbook({ tabs, today: TODAY });
        for (const tab of organizerTabKeys) {
          const valid = (mixed.snapshot[tab] as { row: { rowNumber: number } }[]).filter(
            (e) => e.row.rowNumber % 2 === 0,
          );
          expect(valid, tab).toEqual(clean.snapshot[tab]);
          // No noise row made it in.
          expect(
            (mixed.snapshot[tab] as { row: { rowNumber: number } }[]).every((e) => e.row.rowNumber % 2 === 0),
          ).toBe(true);
        }
        expect(mixed.snapshot.excluded.every((r) => r.rowNumber % 2 === 1)).toBe(true);
        const noiseRows = organizerTabKeys.reduce((n, tab) => n + noise[tab].length, 0);
        expect(mixed.snapshot.excluded).toHaveLength(noiseRows);
      }),
      { numRuns: 120 },
    );
  }, 120_000);
});
