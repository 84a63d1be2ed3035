/**
 * Every organizer tab fuzzed through the real sync: the demo compound with random cells of
 * Volunteers, Signups, Buildings, Workflow, Parcels and Supplies overwritten by anything (random
 * Unicode, formulas typed or pasted, 50,000-character cells, numbers and booleans where text
 * belongs), then `POST /api/demo/sync` as an organizer would press it.
 *
 * What must hold, whatever was typed: the sync answers (never a 5xx); a damaged row is either
 * planned (in the snapshot) or has an error naming its row, in the answer, in the Problems tab and
 * in its Check cell; rows nobody touched get no new problem unless a rule that compares rows links
 * them to a damaged tab; and everything ZoneCrew writes back is plain text that fits a cell.
 * The pure validator has its own properties in tests/node/validate-properties.test.ts; this file
 * adds the sheet in between (the emulator's RAW/USER_ENTERED parsing, formatted values, the write).
 */
import { env, SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { columnToLetters } from "../../src/sheets/a1.ts";
import { organizerColumns, organizerTabKeys, tabSpec, type OrganizerTabKey } from "../../src/sheets/manifest.ts";
import { latestSnapshot } from "../../src/store/snapshots.ts";
import { seedDemo, sheetsCall } from "./support/emulator.ts";
import { cellInput, expectAllText, fuzz, storedCells, type CellInput } from "./support/hostile.ts";
import { auth, ORIGIN, SHEET } from "./support/links.ts";
import { snapshotRows } from "../shared/snapshot-rows.ts";

interface SyncProblem {
  tab: string;
  row?: number;
  id?: string;
  column?: string;
  code: string;
  severity: "error" | "warning";
}

interface TabLayout {
  title: string;
  headerRow: number;
  columns: Record<string, number>;
  rows: number;
}

let layout: Record<OrganizerTabKey, TabLayout>;
let baseline: Set<string>;

const problemKey = (p: SyncProblem) => `${p.tab}|${p.row ?? ""}|${p.column ?? ""}|${p.code}`;

async function sync(): Promise<SyncProblem[]> {
  const response = await SELF.fetch(`${ORIGIN}/api/demo/sync`, { method: "POST", headers: auth });
  const text = await response.text();
  expect(response.status, text.slice(0, 2000)).toBe(200);
  return (JSON.parse(text) as { problems: SyncProblem[] }).problems;
}

beforeAll(async () => {
  await seedDemo(SHEET);
  const sheet = (await (await SELF.fetch(`${ORIGIN}/api/demo/sheet`, { headers: auth })).json()) as {
    tabs: Record<string, TabLayout>;
  };
  layout = Object.fromEntries(organizerTabKeys.map((k) => [k, sheet.tabs[k]!])) as typeof layout;
  baseline = new Set((await sync()).map(problemKey));
});

/**
 * Rules that look at other rows, and the tabs whose rows they compare with: a damaged row there
 * may give an untouched row one of these (a duplicated ID, a building renamed away, a step
 * removed under a pin). Any other code on an untouched row means damage leaked across rows.
 */
const crossRow: Record<string, readonly OrganizerTabKey[]> = {
  duplicate_volunteer_id: ["volunteers"],
  duplicate_phone: ["volunteers"],
  building_unknown: ["buildings"],
  building_ambiguous: ["buildings"],
  signup_unknown_volunteer: ["volunteers"],
  signup_ambiguous_name: ["volunteers"],
  signup_name_mismatch: ["volunteers"],
  signup_inactive_volunteer: ["volunteers"],
  signup_volunteer_excluded: ["volunteers"],
  signup_duplicate: ["signups", "volunteers"],
  pin_unknown_post: ["workflow"],
  pin_not_that_day: ["workflow"],
  pin_missing_role: ["workflow", "volunteers"],
  duplicate_building: ["buildings"],
  building_alias_conflict: ["buildings"],
  duplicate_step: ["workflow"],
  workflow_overlap: ["workflow"],
  workflow_order: ["workflow"],
  workflow_gap: ["workflow"],
  parcels_unknown_building: ["buildings"],
  parcels_ambiguous_building: ["buildings"],
  parcels_duplicate: ["parcels", "buildings"],
  duplicate_supply_item: ["supplies"],
};

interface Damage {
  tab: OrganizerTabKey;
  /** 0-based index among the tab's data rows. */
  index: number;
  cells: Array<{ column: string; value: CellInput }>;
}

function damageOf(tab: OrganizerTabKey): fc.Arbitrary<Damage[]> {
  const columns = organizerColumns(tabSpec(tab)).map((c) => c.key);
  const rows = { volunteers: 320, signups: 120, buildings: 32, workflow: 10, parcels: 64, supplies: 5 }[tab];
  return fc.array(
    fc.record({
      tab: fc.constant(tab),
      index: fc.integer({ min: 0, max: rows - 1 }),
      cells: fc.array(fc.record({ column: fc.constantFrom(...columns), value: cellInput }), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
    { maxLength: 2 },
  );
}

const anyDamage = fc
  .tuple(...organizerTabKeys.map(damageOf))
  .map((lists) => lists.flat())
  .filter((list) => list.length > 0);

function a1(tab: OrganizerTabKey, index: number, column: string): string {
  const l = layout[tab];
  return `'${l.title}'!${columnToLetters(l.columns[column]!)}${l.headerRow + 1 + index}`;
}

/** Writes the damage as an organizer's tools would: pasted text RAW, typed text USER_ENTERED. */
async function apply(damage: Damage[]): Promise<void> {
  const raw: Array<{ range: string; values: unknown[][] }> = [];
  const typed: Array<{ range: string; values: unknown[][] }> = [];
  for (const d of damage) {
    for (const { column, value } of d.cells) {
      const entry = { range: a1(d.tab, d.index, column), values: [[typeof value === "object" ? value.text : value]] };
      (typeof value === "object" && value.typed ? typed : raw).push(entry);
    }
  }
  for (const [option, data] of [
    ["RAW", raw],
    ["USER_ENTERED", typed],
  ] as const) {
    if (data.length === 0) continue;
    const response = await sheetsCall(SHEET, "POST", "/values:batchUpdate", { valueInputOption: option, data });
    expect(response.status, await response.clone().text()).toBe(200);
  }
}

describe("every organizer tab fuzzed through POST /sync", () => {
  it("never 5xx; damaged rows are planned or named by an error everywhere; untouched rows stay clean; writes stay text", async () => {
    let named = 0;
    let planned = 0;
    await fc.assert(
      fc.asyncProperty(anyDamage, async (damage) => {
        await seedDemo(SHEET);
        await apply(damage);
        const problems = await sync();
        const snapshot = (await latestSnapshot(env.DB, "demo"))!.snapshot;
        const used = snapshotRows(snapshot);
        const problemsTab = await storedCells(SHEET, "'问题 Problems'");
        const listed = problemsTab.map((r) => r.map((c) => c.formattedValue ?? ""));
        const damagedRows = new Set(damage.map((d) => `${d.tab}:${layout[d.tab].headerRow + 1 + d.index}`));
        const damagedTabs = new Set(damage.map((d) => d.tab));

        for (const key of damagedRows) {
          const [tab, rowText] = key.split(":") as [OrganizerTabKey, string];
          const row = Number(rowText);
          const mine = problems.filter((p) => p.tab === tab && p.row === row);
          const errors = mine.filter((p) => p.severity === "error");
          // Planned exactly when no error names it: nothing dropped silently, nothing bad planned.
          expect(used.has(key), `${key}: ${JSON.stringify(mine)}`).toBe(errors.length === 0);
          if (errors.length > 0) named += 1;
          else planned += 1;
          const spec = tabSpec(tab);
          for (const p of mine) {
            const line = listed.find(
              (l) => l[0] === spec.zh && l[1] === String(row) && l[5] === p.code, // 中文: the tab by its Chinese name
            );
            expect(line, `${key} ${p.code} missing from the Problems tab`).toBeDefined();
          }
          if (mine.length > 0) {
            const check = (await storedCells(SHEET, a1(tab, row - layout[tab].headerRow - 1, "check")))[0]?.[0];
            expect(check?.formattedValue, `${key} Check cell`).not.toBe("✓");
            expect(check?.formattedValue ?? "", `${key} Check cell`).not.toBe("");
          }
        }

        for (const p of problems) {
          if (baseline.has(problemKey(p)) || damagedRows.has(`${p.tab}:${p.row}`)) continue;
          const via = crossRow[p.code] ?? [];
          expect(
            via.some((t) => damagedTabs.has(t)),
            `untouched ${p.tab} row ${p.row} got ${p.code} (damaged: ${[...damagedTabs].join(", ")})`,
          ).toBe(true);
        }

        expectAllText(problemsTab, "Problems tab");
        for (const tab of organizerTabKeys) {
          const l = layout[tab];
          const range = `${a1(tab, -1, "check")}:${a1(tab, l.rows - 1, "check").split("!")[1]}`;
          expectAllText(await storedCells(SHEET, range), `${tab} Check column`);
        }
      }),
      fuzz(0x5eed1, 10),
    );
    // Both outcomes were exercised: some damage was harmless, some excluded its row.
    expect(named).toBeGreaterThan(0);
    expect(planned).toBeGreaterThan(0);
  }, 120_000);
});
