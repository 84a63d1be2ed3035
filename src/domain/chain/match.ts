/**
 * Matches parsed chain lines to the roster (the Volunteers tab, validated).
 *
 * A line names a volunteer by, in order of trust: an ID ("V012"); a name plus a phone tail
 * ("王芳 尾号1234"); or a name that exactly one active volunteer has. Anything else — an unknown
 * name, two namesakes without a tail, an ID whose roster name differs from the line's — is a
 * problem with a reason in Chinese and English, never a guess: a wrong guess sends the wrong
 * person to a building in a lockdown.
 *
 * Explicit rules:
 * - A name-only match whose line names a building other than the volunteer's home building is
 *   refused: it is probably a namesake who is not registered yet.
 * - An inactive volunteer (在册: 否, e.g. tested positive) is refused, as the Signups tab does.
 * - A volunteer whose roster row has an error cannot be matched until that row is fixed.
 * - A line saying the person is not coming is reported, never imported.
 * - A line whose part of the day contradicts itself ("上午 下午不行 全天") is reported with the
 *   volunteer it names, never imported with a guessed part of the day.
 * - Plus-ones ("+1", "带家属1人", "我和我老公") are listed as sign-ups no volunteer matches, beside
 *   the volunteer's own sign-up on that line; a line that is only a plus-one lists only that.
 * - A name no volunteer has but that is a roster name with a nickname's prefix or suffix
 *   ("A黄佳慧") is listed with the suggested volunteer (./suggest.ts), never signed up.
 */
import { buildingKey, foldText, nameKey, type Availability } from "../normalize.ts";
import type { ChainLine } from "./parse.ts";
import { suggestMatches } from "./suggest.ts";

/** The roster fields matching uses (structurally a model `Volunteer`). */
export interface RosterVolunteer {
  id: string;
  name: string;
  phone: string;
  homeBuilding: string | null;
  active: boolean;
  note?: string;
}

/** A Volunteers row left out of the roster because it has an error. */
export interface BrokenRosterRow {
  rowNumber: number;
  id?: string;
  name?: string;
}

export type MatchedBy = "id" | "phone_tail" | "name";

export interface MatchedLine {
  line: ChainLine;
  volunteer: { id: string; name: string };
  by: MatchedBy;
  availability: Availability;
  /** True when the line named no part of the day and all day was assumed. */
  defaulted: boolean;
}

export type UnmatchedCode =
  | "not_coming"
  | "no_name"
  | "unknown_id"
  | "id_name_mismatch"
  | "unknown_name"
  | "ambiguous_name"
  | "tail_mismatch"
  | "building_mismatch"
  | "inactive"
  | "roster_row_error"
  | "unclear_day_part"
  | "plus_one"
  | "suggested_match";

export interface UnmatchedLine {
  line: ChainLine;
  code: UnmatchedCode;
  zh: string;
  en: string;
  /**
   * Roster IDs the line could be: namesakes when it is ambiguous, the suggestion for a nickname,
   * the volunteer named on a line whose part of the day is unclear.
   */
  candidates?: string[];
}

export interface MatchResult {
  matched: MatchedLine[];
  unmatched: UnmatchedLine[];
}

/** The comparison form of an ID: "v 012", "Ｖ012" and "V012" are the same. */
export function idKey(text: string): string {
  return foldText(text)
    .toLowerCase()
    .replace(/[\s-]+/g, "");
}

function listIds(vs: readonly RosterVolunteer[]): string {
  const shown = vs.slice(0, 6).map((v) => `${v.id}`);
  return vs.length > 6 ? `${shown.join("、")}…` : shown.join("、");
}

function fail(line: ChainLine, code: UnmatchedCode, zh: string, en: string, candidates?: string[]): UnmatchedLine {
  return candidates ? { line, code, zh, en, candidates } : { line, code, zh, en };
}

function inactive(line: ChainLine, v: RosterVolunteer): UnmatchedLine {
  const why = v.note ? `（${v.note.slice(0, 20)}）` : "";
  const whyEn = v.note ? ` (${v.note.slice(0, 20)})` : "";
  return fail(
    line,
    "inactive",
    `${v.id} ${v.name} 在志愿者表里标为不在册${why}，没有导入：如果 ta 已经可以参加，请先在志愿者表把“在册”改为“是”，再导入一次。`,
    `${v.id} ${v.name} is marked inactive on the roster${whyEn}, so this line was not imported: if they can serve again, set Active to Yes on the Volunteers tab and import again.`,
  );
}

function brokenRow(line: ChainLine, row: BrokenRosterRow): UnmatchedLine {
  const label = [row.id, row.name].filter(Boolean).join(" ");
  return fail(
    line,
    "roster_row_error",
    `志愿者表第 ${row.rowNumber} 行（${label}）有错误，这一行暂时导入不了：先改好那一行（见“检查”一栏），再导入一次。`,
    `Row ${row.rowNumber} of the Volunteers tab (${label}) has an error, so this line cannot be imported yet: fix that row (see its Check column) and import again.`,
  );
}

function who(v: RosterVolunteer): string {
  return v.homeBuilding ? `${v.name}（${v.homeBuilding}）` : v.name;
}

function unclearDayPart(line: ChainLine, v: RosterVolunteer): UnmatchedLine {
  const [a, b] = line.dayPartConflict;
  const [zh, en] =
    b === undefined
      ? [`只说了“${a}”，没说哪个时段能来`, `only says "${a}", not which part of the day they can come`]
      : [`写的时段前后矛盾（“${a}”和“${b}”）`, `contradicts itself about the part of the day ("${a}" and "${b}")`];
  return fail(
    line,
    "unclear_day_part",
    `${who(v)}这一行${zh}，没有导入：请问清楚哪个时段能来，在报名表里填上，或请本人改好接龙后再导入一次。`,
    `The line for ${v.name} ${en}, so it was not imported: ask which part of the day they can come and fill in the Signups tab, or have them fix the chain and import again.`,
    [v.id],
  );
}

function suggestion(line: ChainLine, suggested: readonly RosterVolunteer[]): UnmatchedLine {
  const shown = suggested.slice(0, 6).map(who);
  const zh = suggested.length === 1 ? `可能是${shown[0]}` : `可能是这几位中的一位：${shown.join("、")}`;
  const en = suggested.length === 1 ? `it may be ${shown[0]}` : `it may be one of ${shown.join(", ")}`;
  return fail(
    line,
    "suggested_match",
    `志愿者表里没有“${line.name}”，${zh}。没有自动报名：请核对，是的话在报名表里手动加上，或请本人在接龙里写志愿者表上的名字。`,
    `No volunteer is called "${line.name}"; ${en}. Not signed up automatically: check, and if so add the sign-up by hand, or ask them to write their roster name in the chain.`,
    suggested.map((v) => v.id),
  );
}

const CN_PEOPLE = ["", "一位", "两位"];

/** The line's plus-ones, beside the sign-up of `name` (the roster's name) or alone. */
function plusOne(line: ChainLine, name: string | null): UnmatchedLine {
  const n = line.plusOnes;
  const people = CN_PEOPLE[n] ?? `${n} 位`;
  const peopleEn = n === 1 ? "1 person" : `${n} people`;
  const words = line.plusOneWords.join(" ");
  const [zh, en] =
    name === null
      ? [
          `这一行报名的是${people}没写名字的人（“${words}”），志愿者表里对不上，没有导入`,
          `This line signs up ${peopleEn} with no name ("${words}"); the roster cannot match them, so nothing was imported`,
        ]
      : [
          `${name}还带了${people}不在志愿者表里的人（“${words}”），这${n === 1 ? "位" : "些人"}没有报名`,
          `${name} brings ${peopleEn} more who ${n === 1 ? "is" : "are"} not on the roster ("${words}"), not signed up`,
        ];
  return fail(
    line,
    "plus_one",
    `${zh}：如果要安排，请问清楚是谁，先加到志愿者表（核对年龄和身体情况）再导入一次，或在报名表里手动添加。`,
    `${en}: to place them, ask who they are, add them to the Volunteers tab (checking age and health) and import again, or add the sign-up by hand.`,
  );
}

interface RosterIndex {
  byId: Map<string, RosterVolunteer>;
  byName: Map<string, RosterVolunteer[]>;
  brokenById: Map<string, BrokenRosterRow>;
  brokenByName: Map<string, BrokenRosterRow>;
}

function indexRoster(roster: readonly RosterVolunteer[], broken: readonly BrokenRosterRow[]): RosterIndex {
  const byId = new Map<string, RosterVolunteer>();
  const byName = new Map<string, RosterVolunteer[]>();
  for (const v of roster) {
    if (!byId.has(idKey(v.id))) byId.set(idKey(v.id), v);
    const key = nameKey(v.name);
    byName.set(key, [...(byName.get(key) ?? []), v]);
  }
  const brokenById = new Map<string, BrokenRosterRow>();
  const brokenByName = new Map<string, BrokenRosterRow>();
  for (const row of broken) {
    if (row.id && !brokenById.has(idKey(row.id))) brokenById.set(idKey(row.id), row);
    if (row.name && nameKey(row.name) !== "" && !brokenByName.has(nameKey(row.name)))
      brokenByName.set(nameKey(row.name), row);
  }
  return { byId, byName, brokenById, brokenByName };
}

function matchOne(line: ChainLine, index: RosterIndex): MatchedLine | UnmatchedLine {
  const found = (v: RosterVolunteer, by: MatchedBy): MatchedLine | UnmatchedLine =>
    line.dayPartConflict.length > 0
      ? unclearDayPart(line, v)
      : {
          line,
          volunteer: { id: v.id, name: v.name },
          by,
          availability: line.availability ?? "all_day",
          defaulted: line.availability === null,
        };
  if (line.cancelled) {
    return fail(
      line,
      "not_coming",
      "这一行说不来了（取消/请假），没有导入；如果报名表里已经有 ta 这一天的报名，请手动删掉那一行。",
      "This line says the person is not coming, so it was not imported; if the Signups tab already has them for this day, delete that row by hand.",
    );
  }
  const name = line.name;
  const key = nameKey(name);

  if (line.volunteerId !== null) {
    const v = index.byId.get(idKey(line.volunteerId));
    if (!v) {
      const broken = index.brokenById.get(idKey(line.volunteerId));
      if (broken) return brokenRow(line, broken);
      return fail(
        line,
        "unknown_id",
        `志愿者表里没有编号“${line.volunteerId}”：请核对编号，或先把这位志愿者加到志愿者表。`,
        `No volunteer has ID "${line.volunteerId}": check the ID, or add the person to the Volunteers tab first.`,
      );
    }
    if (key !== "" && nameKey(v.name) !== key) {
      return fail(
        line,
        "id_name_mismatch",
        `编号 ${v.id} 在志愿者表里是“${v.name}”，这一行写的是“${name}”，不知道哪个对：请核对后改正接龙或手动填报名表。`,
        `ID ${v.id} is "${v.name}" on the roster but this line says "${name}": check which is right and fix the chain, or fill in the Signups tab by hand.`,
      );
    }
    if (line.phoneTail !== null && !v.phone.endsWith(line.phoneTail)) {
      return fail(
        line,
        "tail_mismatch",
        `编号 ${v.id} ${v.name} 的手机尾号不是 ${line.phoneTail}：请核对编号和尾号。`,
        `The phone of ${v.id} ${v.name} does not end in ${line.phoneTail}: check the ID and the tail.`,
      );
    }
    return v.active ? found(v, "id") : inactive(line, v);
  }

  if (key === "") {
    return fail(
      line,
      "no_name",
      "这一行没有姓名（只有符号、表情或楼号）：请写上姓名或编号。",
      "This line has no name (only symbols, emoji or a building): write the name or the ID.",
    );
  }
  const all = index.byName.get(key) ?? [];
  if (line.phoneTail !== null) {
    const tailed = all.filter((v) => v.phone.endsWith(line.phoneTail!));
    if (tailed.length === 1) return tailed[0]!.active ? found(tailed[0]!, "phone_tail") : inactive(line, tailed[0]!);
    if (tailed.length > 1) {
      return fail(
        line,
        "ambiguous_name",
        `志愿者表里有 ${tailed.length} 位“${name}”手机尾号都是 ${line.phoneTail}（${listIds(tailed)}）：请在接龙里写编号。`,
        `${tailed.length} volunteers called "${name}" have phone tail ${line.phoneTail} (${listIds(tailed).replaceAll("、", ", ")}): write the ID in the chain.`,
        tailed.map((v) => v.id),
      );
    }
    if (all.length > 0) {
      return fail(
        line,
        "tail_mismatch",
        `志愿者表里有“${name}”，但手机尾号不是 ${line.phoneTail}：请核对尾号，或先把这位志愿者加到志愿者表。`,
        `The roster has "${name}", but not with phone tail ${line.phoneTail}: check the tail, or add the person to the Volunteers tab first.`,
      );
    }
  }
  const active = all.filter((v) => v.active);
  if (active.length > 1) {
    return fail(
      line,
      "ambiguous_name",
      `志愿者表里有 ${active.length} 位“${name}”（${listIds(active)}），不知道是哪一位：请在接龙里写上编号或手机尾号（如“${name} 尾号1234”）。`,
      `${active.length} volunteers are called "${name}" (${listIds(active).replaceAll("、", ", ")}): write the ID or the phone tail in the chain (e.g. "${name} 尾号1234").`,
      active.map((v) => v.id),
    );
  }
  if (active.length === 1) {
    const v = active[0]!;
    const home = v.homeBuilding === null ? undefined : buildingKey(v.homeBuilding);
    if (line.buildingKey !== null && home?.ok && home.value !== line.buildingKey) {
      return fail(
        line,
        "building_mismatch",
        `志愿者表里的${v.name}（${v.id}）住 ${v.homeBuilding}，这一行写的是 ${line.building}，可能是同名的另一个人：请在接龙里写编号或手机尾号，或先把 ta 加到志愿者表。`,
        `${v.name} (${v.id}) on the roster lives in ${v.homeBuilding} but this line says ${line.building}; it may be a namesake: write the ID or phone tail in the chain, or add the person to the Volunteers tab first.`,
      );
    }
    return found(v, "name");
  }
  if (all.length > 0) return inactive(line, all[0]!);
  const broken = index.brokenByName.get(key);
  if (broken) return brokenRow(line, broken);
  const suggested = suggestMatches(name, index.byName);
  if (suggested.length > 0) return suggestion(line, suggested);
  return fail(
    line,
    "unknown_name",
    `志愿者表里没有“${name}”：请先把这位志愿者加到志愿者表（或在接龙里写编号），再导入一次。`,
    `No volunteer is called "${name}": add the person to the Volunteers tab (or write the ID in the chain) and import again.`,
  );
}

/** A line that signs up only unnamed people ("+1", "我和我老公"): there is nobody to match. */
export function onlyPlusOnes(line: ChainLine): boolean {
  return line.plusOnes > 0 && !line.cancelled && nameKey(line.name) === "" && line.volunteerId === null;
}

/**
 * Matches every line; the order of `matched` and `unmatched` follows the chain.
 *
 * @example
 * matchLines(chain.lines, snapshot.volunteers).unmatched[0]; // { line, code: "ambiguous_name", zh, en, candidates }
 */
export function matchLines(
  lines: readonly ChainLine[],
  roster: readonly RosterVolunteer[],
  broken: readonly BrokenRosterRow[] = [],
): MatchResult {
  const index = indexRoster(roster, broken);
  const result: MatchResult = { matched: [], unmatched: [] };
  for (const line of lines) {
    if (onlyPlusOnes(line)) {
      result.unmatched.push(plusOne(line, null));
      continue;
    }
    const outcome = matchOne(line, index);
    if ("volunteer" in outcome) result.matched.push(outcome);
    else result.unmatched.push(outcome);
    if (line.plusOnes > 0 && !line.cancelled) {
      const name = "volunteer" in outcome ? outcome.volunteer.name : line.name || (line.volunteerId ?? "");
      result.unmatched.push(plusOne(line, name));
    }
  }
  return result;
}
