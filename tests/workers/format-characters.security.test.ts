/**
 * A right-to-left override (U+202E) or another invisible format character typed into an
 * organizer's free text (the assembly place, a note) would reorder what a volunteer's page, the
 * calendar entry's LOCATION and the group message show after it: "居委会" could read as a
 * different place. The one tidying step strips every `\p{Cf}` character before anything is shown.
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { workerWith } from "./support/console.ts";
import { seedDemo, sheetsCall } from "./support/emulator.ts";
import { generateAndPublish, ORIGIN, pathOf, resetDay, SHEET, type Published } from "./support/links.ts";

const TAB = "'流程 Workflow'";
const FORMAT = /\p{Cf}/u;

let published: Published;

beforeAll(async () => {
  await resetDay();
  await seedDemo(SHEET);
  const { values = [] } = (await (await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent(TAB)}`)).json()) as {
    values?: string[][];
  };
  const header = values[0]!;
  const place = header.findIndex((h) => h.includes("地点"));
  const note = header.findIndex((h) => h.includes("说明"));
  const assembly = values.findIndex((r) => r[0] === "R1");
  expect([place, note, assembly].every((i) => i > 0)).toBe(true);
  const row = [...values[assembly]!];
  row[place] = "居委\u202E会\u2066 Committee\u200F office";
  row[note] = "先培训\u202B再分工\u200B";
  const a1 = `${TAB}!A${assembly + 1}`;
  const put = await sheetsCall(SHEET, "PUT", `/values/${encodeURIComponent(a1)}?valueInputOption=RAW`, {
    values: [row],
  });
  expect(put.status).toBe(200);
  published = await generateAndPublish();
});

describe("format characters typed in the sheet", () => {
  it("reach neither the volunteer page, nor the .ics LOCATION, nor the group message", async () => {
    const link = pathOf(published.links.find((l) => l.url)!.url!);
    const page = await (await SELF.fetch(`${ORIGIN}${link}`)).text();
    expect(page).toContain("居委会");
    expect(page).toContain("先培训再分工");
    expect(page).not.toMatch(FORMAT);

    const ics = await (await SELF.fetch(`${ORIGIN}${link}/calendar.ics`)).text();
    expect(ics).toMatch(/LOCATION:[^\r\n]*居委会/);
    expect(ics).not.toMatch(FORMAT);

    expect(published.messages.join("\n")).toContain("居委会");
    for (const part of published.messages) expect(part).not.toMatch(FORMAT);
  });

  it("nor does one in the community's name (a wrangler var or community:add), on the volunteer page", async () => {
    const link = pathOf(published.links.find((l) => l.url)!.url!);
    const worker = workerWith({ COMMUNITY_NAME: "演示\u202E小区\u200B Demo compound" });
    const page = await (await worker(new Request(`${ORIGIN}${link}`))).text();
    expect(page).toContain("演示小区");
    expect(page).not.toMatch(FORMAT);
  });
});
