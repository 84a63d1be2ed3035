/**
 * What organizers do to the sheet with their own Sheets client while ZoneCrew works: hold back
 * the second parcel wave until it arrives, then type it in; sort tabs, insert rows above the
 * data, rename a header (and put it right again). All through the emulator's Sheets v4 API, the
 * same calls Google's own UI makes.
 */
import type { SimClient } from "./client.ts";
import type { CompoundSpec } from "./compounds.ts";
import { TAB } from "./signups.ts";

const WAVE_2 = "第二轮 Wave 2";
const PARCEL_COLUMNS = 6;
/** The Parcels tab's count header, and what an organizer renames it to. */
export const PARCEL_COUNT_HEADER = "件数 Parcels";
export const RENAMED_COUNT_HEADER = "今日到件 Arrivals";

/**
 * Takes the second wave's rows out of the Parcels tab (they are known only the next morning) and
 * returns them, to be typed in again by `addWaveTwo`.
 */
export async function holdBackWaveTwo(client: SimClient, spec: CompoundSpec): Promise<string[][]> {
  const rows = await client.tabValues(spec.spreadsheetId, TAB.parcels);
  const data = rows.slice(1).map((r) => r.slice(0, PARCEL_COLUMNS));
  const waveTwo = data.filter((r) => r[1] === WAVE_2);
  const rest = data.filter((r) => r[1] !== WAVE_2);
  await client.clear(spec.spreadsheetId, TAB.parcels, "A2:Z");
  if (rest.length > 0) await client.put(spec.spreadsheetId, TAB.parcels, "A2", rest);
  return waveTwo;
}

export async function addWaveTwo(client: SimClient, spec: CompoundSpec, rows: string[][]): Promise<void> {
  if (rows.length > 0) await client.append(spec.spreadsheetId, TAB.parcels, rows);
}

/**
 * The edits made while the evening publish runs: the Volunteers tab sorted by name (descending),
 * the Signups tab sorted by name, two blank rows inserted above the sign-ups, one above the Plan
 * rows, and the Parcels count header renamed. Returns what was done, in words.
 */
export async function editDuringPublish(client: SimClient, spec: CompoundSpec): Promise<string[]> {
  const ids = await client.sheetIds(spec.spreadsheetId);
  const id = (title: string) => {
    const sheetId = ids.get(title);
    if (sheetId === undefined) throw new Error(`no tab ${title} in ${spec.spreadsheetId}`);
    return sheetId;
  };
  const below = (sheetId: number) => ({ sheetId, startRowIndex: 1 });
  const done: string[] = [];
  await client.batchUpdate(spec.spreadsheetId, [
    { sortRange: { range: below(id(TAB.volunteers)), sortSpecs: [{ dimensionIndex: 1, sortOrder: "DESCENDING" }] } },
  ]);
  done.push("sorted Volunteers by name, descending");
  await client.batchUpdate(spec.spreadsheetId, [
    { sortRange: { range: below(id(TAB.signups)), sortSpecs: [{ dimensionIndex: 2, sortOrder: "ASCENDING" }] } },
  ]);
  done.push("sorted Signups by name");
  await client.batchUpdate(spec.spreadsheetId, [
    {
      insertDimension: {
        range: { sheetId: id(TAB.signups), dimension: "ROWS", startIndex: 1, endIndex: 3 },
        inheritFromBefore: false,
      },
    },
    {
      insertDimension: {
        range: { sheetId: id(TAB.plan), dimension: "ROWS", startIndex: 1, endIndex: 2 },
        inheritFromBefore: false,
      },
    },
  ]);
  done.push("inserted 2 rows above the Signups data and 1 above the Plan rows");
  await renameParcelCount(client, spec, RENAMED_COUNT_HEADER);
  done.push(`renamed the Parcels header "${PARCEL_COUNT_HEADER}" to "${RENAMED_COUNT_HEADER}"`);
  return done;
}

/** Types `title` over the Parcels count header (wherever that column is now). */
export async function renameParcelCount(client: SimClient, spec: CompoundSpec, title: string): Promise<void> {
  const header = (await client.tabValues(spec.spreadsheetId, TAB.parcels))[0] ?? [];
  const index = header.findIndex((h) => h === PARCEL_COUNT_HEADER || h === RENAMED_COUNT_HEADER);
  if (index < 0) throw new Error(`no count header in ${spec.spreadsheetId}'s Parcels tab`);
  await client.put(spec.spreadsheetId, TAB.parcels, `${String.fromCharCode(65 + index)}1`, [[title]]);
}
