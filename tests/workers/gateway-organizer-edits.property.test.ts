/**
 * No organizer row lost, whatever she does while ZoneCrew works. Before every Sheets call the
 * gateway makes (each read, each write, each read-back) a simulated organizer edits the Signups
 * tab through the API as her own client would: inserts a row, deletes one, sorts the tab,
 * appends, renames a header, retypes a name. ZoneCrew meanwhile writes the Check column by row
 * key, appends sign-ups and upserts Plan rows (the outbox's write). After one quiet write (the
 * next flush) every organizer row is there once and unchanged, every ZoneCrew row once, and every
 * Check and Plan cell sits beside its own ID. fast-check, fixed seed; FUZZ_SCALE in
 * support/hostile.ts for long runs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WriteOp } from "../../src/sheets/gateway.ts";
import { headerText, tabSpec, tabTitle } from "../../src/sheets/manifest.ts";
import { rowKey } from "../../src/sheets/tab-reader.ts";
import { fuzz, FUZZ_SCALE } from "./support/hostile.ts";
import { createEmpty, fastGateway, sheetIdOf, sheetsCall, TOKEN } from "./support/emulator.ts";

const DATE = "2026-12-06";
const SIGNUPS = tabSpec("signups");
const TITLE = "报名 Signups";
/** Column positions never move in this test (headers may be renamed): ID columns first. */
const ORGANIZER_COLUMNS = ["date", "volunteer_id", "name", "availability", "pin", "note"] as const;
const CHECK = 6;
const RUNS = 15;

type Action =
  | { kind: "insert"; at: number }
  | { kind: "delete"; at: number }
  | { kind: "sort"; descending: boolean }
  | { kind: "append" }
  | { kind: "rename" }
  | { kind: "retype"; at: number; name: string }
  | { kind: "none" };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(40) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(40) }),
  fc.record({ kind: fc.constant("sort" as const), descending: fc.boolean() }),
  fc.record({ kind: fc.constant("append" as const) }),
  fc.record({ kind: fc.constant("rename" as const) }),
  fc.record({
    kind: fc.constant("retype" as const),
    at: fc.nat(40),
    name: fc.constantFrom("改名甲", "改名乙", "张 三"),
  }),
  fc.record({ kind: fc.constant("none" as const) }),
);

/** IDs the organizer deleted during a run (ZoneCrew must not bring them back). */
const deleted = new Set<string>();

/** The organizer's rows as she means them: ID -> her cells. */
type Model = Map<string, string[]>;

class Organizer {
  readonly rows: Model = new Map();
  private next = 0;
  private noteRenamed = false;
  constructor(
    private readonly id: string,
    private readonly sheetId: number,
  ) {}

  newRow(): string[] {
    const volunteerId = `O${String(++this.next).padStart(3, "0")}`;
    return [DATE, volunteerId, `组织者${this.next}`, "全天 All day", "", `第${this.next}行`];
  }

  async grid(): Promise<string[][]> {
    const response = await sheetsCall(this.id, "GET", `/values/${encodeURIComponent(`'${TITLE}'`)}`);
    return ((await response.json()) as { values?: string[][] }).values ?? [];
  }

  private async batch(requests: object[]): Promise<void> {
    const response = await sheetsCall(this.id, "POST", ":batchUpdate", { requests });
    if (!response.ok) throw new Error(`organizer edit failed: ${response.status} ${await response.text()}`);
  }

  private cells(values: readonly string[]) {
    return { values: values.map((v) => (v === "" ? {} : { userEnteredValue: { stringValue: v } })) };
  }

  async apply(a: Action): Promise<void> {
    const grid = await this.grid();
    const dataRows = grid.length - 1;
    if (a.kind === "insert") {
      const at = 1 + (a.at % (dataRows + 1));
      const row = this.newRow();
      this.rows.set(row[1]!, row);
      await this.batch([
        { insertDimension: { range: { sheetId: this.sheetId, dimension: "ROWS", startIndex: at, endIndex: at + 1 } } },
        {
          updateCells: {
            start: { sheetId: this.sheetId, rowIndex: at, columnIndex: 0 },
            rows: [this.cells(row)],
            fields: "userEnteredValue",
          },
        },
      ]);
    } else if (a.kind === "delete" && dataRows > 0) {
      const at = 1 + (a.at % dataRows);
      const id = grid[at]?.[1] ?? "";
      // She deletes one of her own rows (ZoneCrew's sign-ups are hers too, once in the tab).
      this.rows.delete(id);
      deleted.add(id);
      await this.batch([
        { deleteDimension: { range: { sheetId: this.sheetId, dimension: "ROWS", startIndex: at, endIndex: at + 1 } } },
      ]);
    } else if (a.kind === "sort") {
      await this.batch([
        {
          sortRange: {
            range: { sheetId: this.sheetId, startRowIndex: 1 },
            sortSpecs: [{ dimensionIndex: 2, sortOrder: a.descending ? "DESCENDING" : "ASCENDING" }],
          },
        },
      ]);
    } else if (a.kind === "append") {
      const row = this.newRow();
      this.rows.set(row[1]!, row);
      await this.batch([
        { appendCells: { sheetId: this.sheetId, rows: [this.cells(row)], fields: "userEnteredValue" } },
      ]);
    } else if (a.kind === "rename") {
      // "备注 Note" <-> "Note": both name the same column for ZoneCrew.
      const note = SIGNUPS.columns.find((c) => c.key === "note")!;
      this.noteRenamed = !this.noteRenamed;
      await this.batch([
        {
          updateCells: {
            start: { sheetId: this.sheetId, rowIndex: 0, columnIndex: 5 },
            rows: [this.cells([this.noteRenamed ? note.en : headerText(note)])],
            fields: "userEnteredValue",
          },
        },
      ]);
    } else if (a.kind === "retype" && dataRows > 0) {
      const at = 1 + (a.at % dataRows);
      const id = grid[at]?.[1] ?? "";
      const mine = this.rows.get(id);
      if (!mine) return;
      mine[2] = a.name;
      await this.batch([
        {
          updateCells: {
            start: { sheetId: this.sheetId, rowIndex: at, columnIndex: 2 },
            rows: [this.cells([a.name])],
            fields: "userEnteredValue",
          },
        },
      ]);
    }
  }
}

async function freshSheet(id: string, organizer: (sheetId: number) => Organizer): Promise<Organizer> {
  await createEmpty(id);
  await sheetsCall(id, "POST", ":batchUpdate", {
    requests: [{ addSheet: { properties: { title: TITLE, gridProperties: { rowCount: 14, columnCount: 7 } } } }],
  });
  const who = organizer(await sheetIdOf(id, TITLE));
  const header = SIGNUPS.columns.map((c) => headerText(c));
  const rows = Array.from({ length: 8 }, () => who.newRow());
  for (const row of rows) who.rows.set(row[1]!, row);
  await sheetsCall(id, "PUT", `/values/${encodeURIComponent(`'${TITLE}'!A1`)}?valueInputOption=RAW`, {
    values: [header, ...rows],
  });
  return who;
}

const keyOf = (volunteerId: string) => rowKey(SIGNUPS, { date: DATE, volunteer_id: volunteerId });

function checkWrite(ids: Iterable<string>): WriteOp {
  return {
    kind: "column",
    tab: "signups",
    column: "check",
    values: new Map([...ids].map((id) => [keyOf(id), `ok-${id}`])),
    otherwise: "",
  };
}

describe("organizer edits between every read and write of the gateway", () => {
  it(
    "lose no organizer row, overwrite none, and leave every Check and Plan cell beside its ID",
    async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 16 }), async (actions) => {
          const id = `prop-edits-${++run}`;
          deleted.clear();
          const organizer = await freshSheet(id, (sheetId) => new Organizer(id, sheetId));
          const queue = [...actions];
          let editing = true;
          const gateway = () =>
            fastGateway(id, TOKEN, async () => {
              const next = editing ? queue.shift() : undefined;
              if (next) await organizer.apply(next);
            });
          const ours: string[] = [];
          for (let round = 0; round < 3; round++) {
            const added = [`Z${round}a`, `Z${round}b`];
            ours.push(...added);
            await gateway().write([
              checkWrite([...organizer.rows.keys(), ...ours]),
              {
                kind: "append",
                tab: "signups",
                rows: added.map((v) => ({ date: DATE, volunteer_id: v, name: `系统${v}`, availability: "上午 AM" })),
              },
            ]);
            await gateway().write([
              {
                kind: "upsert",
                tab: "plan",
                rows: [...organizer.rows.keys()].map((v) => ({
                  date: DATE,
                  volunteer_id: v,
                  status: `plan-${v}-${round}`,
                })),
              },
            ]);
          }
          // The next flush, with nobody editing: it must converge.
          editing = false;
          const survivors = [...organizer.rows.keys(), ...ours.filter((v) => !deleted.has(v))];
          const last = await gateway().write([checkWrite(survivors)]);
          expect(last.misplaced ?? 0).toBe(0);

          const grid = (await organizer.grid()).slice(1).filter((r) => r.some((v) => v !== ""));
          const byId = new Map<string, string[][]>();
          for (const r of grid) byId.set(r[1] ?? "", [...(byId.get(r[1] ?? "") ?? []), r]);
          // Every organizer row once, exactly as she left it.
          for (const [volunteerId, mine] of organizer.rows) {
            const found = byId.get(volunteerId) ?? [];
            expect(found, `${volunteerId} in the tab once`).toHaveLength(1);
            expect(ORGANIZER_COLUMNS.map((_, i) => found[0]![i] ?? "")).toEqual(mine);
          }
          // Every sign-up ZoneCrew appended once (unless she deleted it), and no row from nowhere.
          for (const v of ours) expect(byId.get(v)?.length ?? 0, `${v} appended once`).toBe(deleted.has(v) ? 0 : 1);
          const strays = grid.filter((r) => !survivors.includes(r[1] ?? ""));
          expect(strays, "rows nobody wrote").toEqual([]);
          expect(grid).toHaveLength(survivors.length);
          // Every Check cell beside its own ID.
          for (const r of grid) expect(r[CHECK], `Check of ${r[1]}`).toBe(`ok-${r[1]}`);
          // Plan rows (system tab): each ID once, with the last value written for it.
          const plan = await sheetsCall(id, "GET", `/values/${encodeURIComponent(`'${tabTitle(tabSpec("plan"))}'`)}`);
          const planRows = (((await plan.json()) as { values?: string[][] }).values ?? []).slice(1);
          const status = tabSpec("plan").columns.findIndex((c) => c.key === "status");
          const planIds = planRows.map((r) => r[1]);
          expect(new Set(planIds).size).toBe(planIds.length);
          for (const r of planRows) expect(r[status]).toMatch(new RegExp(`^plan-${r[1]}-[0-2]$`));
        }),
        fuzz(20261205, RUNS),
      );
    },
    60_000 * FUZZ_SCALE,
  );
});
