/**
 * format-characters.security.test.ts types the override into the assembly place (free text,
 * tidied by `tidyText`); this file types it into a building's name and zone, the identifiers the
 * Buildings tab owns (folded by `foldText`), which every route's page, calendar entry and group
 * message repeat. "3\u202E号楼" must read, and match, as "3号楼", and carry no format character.
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo, sheetsCall } from "./support/emulator.ts";
import { generateAndPublish, ORIGIN, pathOf, resetDay, SHEET, type Published } from "./support/links.ts";

const TAB = "'楼栋 Buildings'";
const FORMAT = /\p{Cf}/u;

let published: Published;
let building: string;

beforeAll(async () => {
  await resetDay();
  await seedDemo(SHEET);
  const { values = [] } = (await (await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent(TAB)}`)).json()) as {
    values?: string[][];
  };
  const row = [...values[1]!];
  building = row[0]!;
  // Volunteers, sign-ups and parcels still name the building without the override.
  row[0] = `${building.slice(0, 1)}\u202E${building.slice(1)}\u2066`;
  row[1] = `\u202B${row[1]}\u200F`;
  const put = await sheetsCall(SHEET, "PUT", `/values/${encodeURIComponent(`${TAB}!A2`)}?valueInputOption=RAW`, {
    values: [row],
  });
  expect(put.status).toBe(200);
  published = await generateAndPublish();
});

describe("format characters typed into a building's name and zone", { timeout: 30_000 }, () => {
  it("reach neither the route's pages, nor their .ics, nor the group message", async () => {
    const messages = published.messages.join("\n");
    expect(messages).toContain(building);
    expect(messages).not.toMatch(FORMAT);

    let walkers = 0;
    for (const link of published.links.filter((l) => l.url)) {
      const path = pathOf(link.url!);
      const page = await (await SELF.fetch(`${ORIGIN}${path}`)).text();
      expect(page, link.volunteerId).not.toMatch(FORMAT);
      if (!page.includes(building)) continue;
      walkers += 1;
      const ics = await (await SELF.fetch(`${ORIGIN}${path}/calendar.ics`)).text();
      expect(ics, link.volunteerId).not.toMatch(FORMAT);
    }
    // Someone walks the building (else the test proved nothing about the route pages).
    expect(walkers).toBeGreaterThan(0);
  });
});
