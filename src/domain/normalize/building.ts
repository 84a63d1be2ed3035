/**
 * Buildings as residents name them — "3号楼", "3栋", "3幢", "3座", "3#", "B3", "三号楼", "12-301" —
 * resolved to the name the Buildings tab uses, so a parcel count for "3栋" lands on "3号楼".
 *
 * Explicit rules: a room number after the building ("12-301", "12栋301", "12号楼2单元301室")
 * belongs to building 12; a letter before the number ("B3") is dropped from the number key, so
 * when both "A3" and "B3" exist only their exact names resolve; "3单元" alone is a unit, never a
 * building; a bare number with a room glued on ("12301") is not read.
 */
import { blank, fail, ok, type Parsed } from "./result.ts";
import { CN_NUMERAL_CHARS, foldKey, foldText, parseSmallNumber } from "./text.ts";

export type BuildingKeyFailureReason = "empty" | "unit" | "unrecognized";

const NUM = `(\\d{1,3}|[${CN_NUMERAL_CHARS}]{1,3})`;
const SUFFIX = "(?:#楼|#樓|号楼|號樓|号樓|號楼|楼|樓|栋|棟|幢|座|#|号|號)";
const UNIT_PART = `(?:-?${NUM}单元)`;
const ROOM_PART = "(?:-?\\d{1,4}(?:室|号|號)?)";
const NUMBERED = new RegExp(`^第?([a-z])?${NUM}(?:${SUFFIX}${UNIT_PART}?${ROOM_PART}?|(?:-\\d{1,4}){1,2})?$`);
const LETTERED = new RegExp(`^([a-z])${SUFFIX}?$`);
const UNIT_ONLY = new RegExp(`^第?${NUM}单元`);

/**
 * The key that identifies a building across spellings: its number ("3") or, for lettered
 * buildings with no number ("A座"), its letter ("a").
 *
 * @example buildingKey("三号楼") // { ok: true, value: "3" }
 * @example buildingKey("12号楼301室") // { ok: true, value: "12" }
 * @example buildingKey("3单元").ok // false (reason "unit")
 */
export function buildingKey(text: string): Parsed<string, BuildingKeyFailureReason> {
  const parsed = parseBuilding(text);
  return parsed.ok ? ok(parsed.value.key) : parsed;
}

/** `key` as in `buildingKey`; `lettered` also keeps the letter before a number ("b3"). */
interface BuildingParts {
  key: string;
  lettered: string;
}

function parseBuilding(text: string): Parsed<BuildingParts, BuildingKeyFailureReason> {
  const compact = foldKey(text).replace(/\s+/g, "");
  if (compact === "") return blank();
  if (compact.length <= 40) {
    if (UNIT_ONLY.test(compact)) {
      return fail(
        "unit",
        "这是单元号，不是楼栋，请写楼号，例如 3号楼。",
        "That is a unit (单元), not a building; write the building, e.g. 3号楼.",
      );
    }
    const numbered = NUMBERED.exec(compact);
    const number = numbered ? parseSmallNumber(numbered[2]!) : undefined;
    if (number !== undefined) return ok({ key: String(number), lettered: `${numbered![1] ?? ""}${number}` });
    const lettered = LETTERED.exec(compact);
    if (lettered) return ok({ key: lettered[1]!, lettered: lettered[1]! });
  }
  return fail(
    "unrecognized",
    "看不出是哪栋楼，请写成 3号楼 这样的格式。",
    "Not a building this sheet can read; write it like 3号楼.",
  );
}

/** One row of the Buildings tab, as far as naming goes. */
export interface BuildingRow {
  building: string;
  /** Other names, separated by commas or 、 ("3栋,B3"). */
  aliases?: string;
}

export type BuildingMatch =
  | { ok: true; building: string }
  | { ok: false; reason: "unknown" | "ambiguous"; candidates: string[]; zh: string; en: string };

export type BuildingResolver = (text: string) => BuildingMatch;

/** The typed text, shortened for a message. */
function preview(text: string): string {
  const folded = foldText(text);
  return folded.length > 24 ? `${folded.slice(0, 24)}…` : folded;
}

function nameForm(text: string): string {
  return foldKey(text).replace(/\s+/g, "");
}

function splitAliases(aliases: string | undefined): string[] {
  return foldText(aliases ?? "")
    .split(/[,、;/|]+/)
    .map((a) => a.trim())
    .filter((a) => a !== "");
}

function addTo(map: Map<string, string[]>, key: string, building: string): void {
  const list = map.get(key) ?? [];
  if (!list.includes(building)) list.push(building);
  map.set(key, list);
}

/**
 * Indexes the Buildings tab and returns a resolver from any spelling to the tab's own name.
 * Order of matching: the exact name or alias (after folding width, case and spaces); then the
 * same letter and number ("三号楼" finds "3号楼" even beside "A3"); then the number alone when
 * exactly one building has it ("B3" finds "3号楼" when no building is lettered B). Two buildings sharing a name, alias or
 * number make that spelling `ambiguous` with both as candidates.
 *
 * @example
 * const resolve = buildBuildingIndex([{ building: "3号楼", aliases: "3栋,B3" }, { building: "12号楼" }]);
 * resolve("三号楼"); // { ok: true, building: "3号楼" }
 * resolve("12-301"); // { ok: true, building: "12号楼" }
 */
export function buildBuildingIndex(rows: readonly BuildingRow[]): BuildingResolver {
  const byName = new Map<string, string[]>();
  const byLettered = new Map<string, string[]>();
  const byKey = new Map<string, string[]>();
  for (const row of rows) {
    if (foldText(row.building) === "") continue;
    for (const name of [row.building, ...splitAliases(row.aliases)]) {
      addTo(byName, nameForm(name), row.building);
      const parts = parseBuilding(name);
      if (!parts.ok) continue;
      addTo(byLettered, parts.value.lettered, row.building);
      addTo(byKey, parts.value.key, row.building);
    }
  }
  const example = rows.find((r) => foldText(r.building) !== "")?.building ?? "3号楼";
  return (text) => {
    const shown = preview(text);
    const exact = byName.get(nameForm(text));
    const parts = parseBuilding(text);
    // "3" prefers "3号楼" over "A3"; only when no building has the same letter (or none) does
    // the bare number decide.
    const candidates =
      exact ?? (parts.ok ? (byLettered.get(parts.value.lettered) ?? byKey.get(parts.value.key)) : undefined) ?? [];
    if (candidates.length === 1) return { ok: true, building: candidates[0]! };
    if (candidates.length > 1) {
      return {
        ok: false,
        reason: "ambiguous",
        candidates: [...candidates],
        zh: `“${shown}”可能是 ${candidates.join("、")}，请写楼栋表里的完整名称。`,
        en: `"${shown}" could be ${candidates.join(", ")}; write the name as the Buildings tab has it.`,
      };
    }
    return {
      ok: false,
      reason: "unknown",
      candidates: [],
      zh:
        shown === ""
          ? "楼栋是空的。"
          : `楼栋表里没有“${shown}”，请写楼栋表里的名称（如 ${example}），或把它加到那栋楼的别名里。`,
      en:
        shown === ""
          ? "The building is blank."
          : `"${shown}" is not in the Buildings tab; use its name there (e.g. ${example}) or add it to that building's aliases.`,
    };
  };
}
