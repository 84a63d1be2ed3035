/**
 * Signups tab rules: who is available on which day, matched to the roster.
 *
 * Matching: an ID wins when typed (a different name beside it is a warning — the ID is what the
 * organizer copied from the roster); without an ID the name must match exactly one active
 * volunteer, optionally narrowed by a phone tail as chains write it ("王芳(1234)", "王芳 尾号1234").
 * Two namesakes is an error asking for the ID: guessing would send the wrong person.
 *
 * Decisions:
 * - An inactive volunteer (在册: 否) signing up is an error: the roster is where organizers mark
 *   people who tested positive or stopped, and a chain message must not undo that.
 * - A past date is a warning: old sign-ups are history that is simply not planned again, and
 *   deleting them is housekeeping, not a fix. More than 7 days ahead is an error (a typo in the
 *   month, most likely; nobody plans that far).
 * - The same volunteer twice on one date is merged into the first row with a warning on the
 *   later ones: availability is the union (am + pm = all_day, anything + all_day = all_day), the
 *   first pin wins, notes are joined.
 * - A pin that cannot be honoured (no such post, a post on another day, a role the volunteer
 *   lacks) is a warning and the pin is dropped: the volunteer is still planned, just not pinned.
 */
import { taskSynonyms } from "./workflow.ts";
import { signupSchema, type Availability, type Signup, type Volunteer, type WorkflowStep } from "../model.ts";
import { daysFromIso, isoFromDays } from "../normalize/calendar.ts";
import { foldText, nameKey, namesMatch, normalizeAvailability, normalizeDate, optionMatcher } from "../normalize.ts";
import type { ProblemCode } from "./codes.ts";
import { manifestOptions } from "./manifest.ts";
import {
  accept,
  groupBy,
  hasError,
  idKey,
  isBlank,
  memo,
  preview,
  raw,
  readCell,
  readText,
  report,
  reportInvalid,
  startRow,
  type RowInput,
  type RowState,
} from "./row.ts";
import type { VolunteerDraft } from "./volunteers.ts";

/** Sign-ups further ahead than this many days are refused. */
export const SIGNUP_DAYS_AHEAD = 7;

export interface SignupContext {
  today: string;
  /** Dates are written month first in this spreadsheet (en_US). */
  monthFirst?: boolean;
  volunteers: readonly Volunteer[];
  /** Every volunteer row as read, to tell "unknown" from "that roster row has an error". */
  volunteerDrafts: readonly VolunteerDraft[];
  steps: readonly WorkflowStep[];
  /** idKey of step IDs on workflow rows with an error. */
  excludedStepIds: ReadonlySet<string>;
}

export interface SignupsOutcome {
  rows: RowState[];
  signups: Signup[];
}

interface SignupDraft {
  row: RowState;
  date: string;
  volunteer: Volunteer;
  availability: Availability;
  pin: string | null;
  note: string;
}

interface Roster {
  byId: Map<string, Volunteer>;
  excludedById: Map<string, VolunteerDraft>;
  /** Name key -> volunteers; built on the first sign-up typed by name only (most chains carry IDs). */
  byName(key: string): Volunteer[];
  excludedByName(key: string): VolunteerDraft[];
}

const taskOptions = manifestOptions("workflow", "task");
const postMatchers = new Map<string, ReturnType<typeof optionMatcher>>();
/** A matcher over the tasks the day's posts have (cached: a workbook has few distinct sets). */
function postTaskOf(tasks: ReadonlySet<string>): ReturnType<typeof optionMatcher> {
  const key = [...tasks].sort().join(",");
  let matcher = postMatchers.get(key);
  if (!matcher) {
    const synonyms = Object.fromEntries(Object.entries(taskSynonyms).filter(([value]) => tasks.has(value)));
    matcher = optionMatcher(
      taskOptions.filter((o) => tasks.has(o.value)),
      synonyms,
    );
    postMatchers.set(key, matcher);
  }
  return matcher;
}
const ROUTE_WORDS = new Set(["route", "包干", "包干路线", "路线", "包干路线route"]);
const STANDBY_WORDS = new Set(["standby", "待命", "机动", "备用", "待命standby"]);
const TAIL = /(?:\(\s*(\d{4})\s*\)|(?:尾号|尾數|尾数|后四位|后4位|後四位)\s*(?:是|为|為)?\s*:?\s*(\d{4})(?!\d))/;

/**
 * Union of two availabilities for one day: the volunteer said both, so they can come for both.
 *
 * @example mergeAvailability("am", "pm") // "all_day"
 */
export function mergeAvailability(a: Availability, b: Availability): Availability {
  return a === b ? a : "all_day";
}

function lazyIndex<T>(items: () => Iterable<T>, keyOf: (item: T) => string | undefined): (key: string) => T[] {
  let index: Map<string, T[]> | undefined;
  return (key) => {
    index ??= groupBy([...items()], keyOf);
    return index.get(key) ?? [];
  };
}

function buildRoster(context: SignupContext): Roster {
  const byId = new Map<string, Volunteer>();
  for (const v of context.volunteers) byId.set(idKey(v.id), v);
  const broken = context.volunteerDrafts.filter((d) => hasError(d.row));
  const excludedById = new Map<string, VolunteerDraft>();
  for (const d of broken) {
    if (d.id !== undefined && !excludedById.has(idKey(d.id))) excludedById.set(idKey(d.id), d);
  }
  return {
    byId,
    excludedById,
    byName: lazyIndex(
      () => context.volunteers,
      (v) => nameKey(v.name),
    ),
    excludedByName: lazyIndex(
      () => broken,
      (d) => (d.name === undefined ? undefined : nameKey(d.name)),
    ),
  };
}

/** Splits a phone tail off a chain-style name: "王芳(1234)" -> { name: "王芳", tail: "1234" }. */
function splitTail(text: string): { name: string; tail?: string } {
  const folded = foldText(text);
  const m = TAIL.exec(folded);
  if (!m) return { name: folded };
  const name = `${folded.slice(0, m.index)} ${folded.slice(m.index + m[0].length)}`.trim();
  return { name, tail: m[1] ?? m[2] };
}

function ids(volunteers: readonly Volunteer[]): string {
  const shown = volunteers.slice(0, 6).map((v) => v.id);
  return volunteers.length > 6 ? `${shown.join("、")}…` : shown.join("、");
}

function inactive(row: RowState, v: Volunteer, column: string): undefined {
  const why = v.note === "" ? "" : `（${preview(v.note)}）`;
  const whyEn = v.note === "" ? "" : ` (${preview(v.note)})`;
  report(row, {
    code: "signup_inactive_volunteer",
    severity: "error",
    column,
    zh: `${v.id} ${v.name} 在志愿者表里标为不在册${why}，不会给 ta 排班：如果 ta 已经可以参加，请先在志愿者表把“在册”改为“是”。`,
    en: `${v.id} ${v.name} is marked inactive on the roster${whyEn}, so they are not planned: if they can serve again, set Active to Yes on the Volunteers tab first.`,
  });
  return undefined;
}

function excluded(row: RowState, d: VolunteerDraft, column: string): undefined {
  const label = [d.id, d.name].filter((x) => x !== undefined).join(" ");
  report(row, {
    code: "signup_volunteer_excluded",
    severity: "error",
    column,
    zh: `志愿者表第 ${d.row.ref.rowNumber} 行（${label}）有错误，这条报名暂时用不上：先改好志愿者表的那一行（见“检查”一栏）。`,
    en: `Row ${d.row.ref.rowNumber} of the Volunteers tab (${label}) has an error, so this sign-up cannot be used yet: fix that row first (see its Check column).`,
  });
  return undefined;
}

function byId(row: RowState, roster: Roster, id: string, typed: { name: string; tail?: string } | undefined) {
  const v = roster.byId.get(idKey(id));
  if (v) {
    if (!v.active) return inactive(row, v, "volunteer_id");
    // Most rows copy the roster's name exactly; only a different spelling needs normalizing.
    if (typed && typed.name !== v.name && nameKey(typed.name) !== "" && !namesMatch(typed.name, v.name)) {
      report(row, {
        code: "signup_name_mismatch",
        severity: "warning",
        column: "name",
        zh: `编号 ${v.id} 在志愿者表里是“${v.name}”，这里写的是“${preview(typed.name)}”：已按编号排 ${v.name}；如果不是这个人，请改正编号。`,
        en: `ID ${v.id} is "${v.name}" on the roster but this row says "${preview(typed.name)}": ${v.name} is planned by ID; if that is the wrong person, correct the ID.`,
      });
    }
    return v;
  }
  const broken = roster.excludedById.get(idKey(id));
  if (broken) return excluded(row, broken, "volunteer_id");
  const byName = typed ? roster.byName(nameKey(typed.name)).filter((c) => c.active) : [];
  const hint = byName.length === 1 ? `姓名 ${byName[0]!.name} 在志愿者表里的编号是 ${byName[0]!.id}；` : "";
  const hintEn = byName.length === 1 ? ` The roster has ${byName[0]!.name} as ${byName[0]!.id}.` : "";
  report(row, {
    code: "signup_unknown_volunteer",
    severity: "error",
    column: "volunteer_id",
    zh: `志愿者表里没有编号“${preview(id)}”：${hint}请改正编号，或先把这位志愿者加到志愿者表。`,
    en: `No volunteer has ID "${preview(id)}".${hintEn} Correct the ID, or add the person to the Volunteers tab first.`,
  });
  return undefined;
}

function byName(row: RowState, roster: Roster, typed: { name: string; tail?: string }) {
  const key = nameKey(typed.name);
  if (key === "") {
    reportInvalid(row, "name", {
      zh: "姓名里没有文字（只有表情或符号）：请写编号或真实姓名。",
      en: "The name has no letters (only emoji or symbols): write the ID or the person's name.",
    });
    return undefined;
  }
  const tailed = (list: readonly Volunteer[]) =>
    typed.tail === undefined ? list : list.filter((v) => v.phone.endsWith(typed.tail!));
  const all = roster.byName(key);
  const active = tailed(all.filter((v) => v.active));
  if (active.length === 1) return active[0]!;
  const shown = preview(typed.name);
  if (active.length > 1) {
    report(row, {
      code: "signup_ambiguous_name",
      severity: "error",
      column: "name",
      zh: `志愿者表里有 ${active.length} 位“${shown}”（${ids(active)}），不知道是哪一位：请在“编号”一栏写上 ta 的编号。`,
      en: `${active.length} volunteers are called "${shown}" (${ids(active).replaceAll("、", ", ")}): write this person's ID in the Volunteer ID column.`,
    });
    return undefined;
  }
  const resting = tailed(all.filter((v) => !v.active));
  if (resting.length > 0) return inactive(row, resting[0]!, "name");
  const broken = roster.excludedByName(key);
  if (broken.length > 0) return excluded(row, broken[0]!, "name");
  const tailNote = typed.tail !== undefined && all.length > 0 ? `（有叫这个名字的，但手机尾号不是 ${typed.tail}）` : "";
  const tailNoteEn =
    typed.tail !== undefined && all.length > 0 ? ` (someone has this name, but not phone tail ${typed.tail})` : "";
  report(row, {
    code: "signup_unknown_volunteer",
    severity: "error",
    column: "name",
    zh: `志愿者表里没有“${shown}”${tailNote}：请写编号，或先把这位志愿者加到志愿者表。`,
    en: `No volunteer is called "${shown}"${tailNoteEn}: write the ID, or add the person to the Volunteers tab first.`,
  });
  return undefined;
}

function resolveVolunteer(row: RowState, roster: Roster): Volunteer | undefined {
  const id = readText(row, "volunteer_id", { identifier: true });
  const name = readText(row, "name", { identifier: true });
  const typed = name === undefined ? undefined : splitTail(name);
  if (id !== undefined) return byId(row, roster, id, typed);
  // An ID that could not be read has its own problem; matching the name instead would guess.
  if (!isBlank(raw(row, "volunteer_id"))) return undefined;
  if (typed !== undefined) return byName(row, roster, typed);
  if (isBlank(raw(row, "volunteer_id")) && isBlank(raw(row, "name"))) {
    report(row, {
      code: "required_missing",
      severity: "error",
      column: "volunteer_id",
      zh: "没写是谁报名：请填编号（最准确）或姓名。",
      en: "No one is named on this sign-up: write the volunteer's ID (best) or name.",
    });
  }
  return undefined;
}

function notPinned(
  row: RowState,
  code: "pin_unknown_post" | "pin_not_that_day" | "pin_missing_role",
  zh: string,
  en: string,
): null {
  report(row, {
    code,
    severity: "warning",
    column: "pin",
    zh: `${zh}这次先不指定岗位，照常排班。`,
    en: `${en} This sign-up is planned without the pin.`,
  });
  return null;
}

/** The step a pin names: its ID, or the task's name when exactly one post that day has it. */
function findStep(
  text: string,
  date: string,
  steps: readonly WorkflowStep[],
): WorkflowStep | WorkflowStep[] | undefined {
  const key = idKey(text);
  const exact = steps.find((s) => idKey(s.id) === key);
  if (exact) return exact;
  // A pin names a post, so only tasks that are posts count (核酸引导 is a route stage too).
  const dayPosts = steps.filter((s) => s.scope === "post" && (s.date === null || s.date === date));
  const task = postTaskOf(new Set(dayPosts.map((s) => s.task)))(text);
  if (!task.ok) return undefined;
  const posts = dayPosts.filter((s) => s.task === task.value);
  return posts.length === 1 ? posts[0]! : posts.length > 1 ? posts : undefined;
}

function resolvePin(row: RowState, volunteer: Volunteer, date: string, context: SignupContext): string | null {
  const text = readText(row, "pin", { onInvalid: "ignore" });
  if (text === undefined) return null;
  const key = idKey(text);
  if (ROUTE_WORDS.has(key)) return "route";
  if (STANDBY_WORDS.has(key)) return "standby";
  const shown = preview(text);
  const found = findStep(text, date, context.steps);
  const postIds = context.steps.filter((s) => s.scope === "post").map((s) => s.id);
  const choices = postIds.length > 0 ? postIds.slice(0, 8).join("、") : "—";
  if (found === undefined) {
    if (context.excludedStepIds.has(key)) {
      return notPinned(
        row,
        "pin_unknown_post",
        `流程表里 ${shown} 那一行有错误：先改好流程表的那一行。`,
        `The Workflow row of ${shown} has an error: fix that row first.`,
      );
    }
    return notPinned(
      row,
      "pin_unknown_post",
      `流程表里没有岗位“${shown}”：请写流程表“编号”一栏的岗位编号（${choices}），或清空这一格。`,
      `The Workflow tab has no post "${shown}": write a post's step ID (${choices.replaceAll("、", ", ")}) or clear the cell.`,
    );
  }
  if (Array.isArray(found)) {
    const list = found.map((s) => `${s.id} ${s.start}–${s.end}`);
    return notPinned(
      row,
      "pin_unknown_post",
      `“${shown}”有 ${found.length} 个岗位（${list.join("、")}）：请写岗位编号。`,
      `"${shown}" is ${found.length} posts (${list.join(", ")}): write the step ID.`,
    );
  }
  if (found.scope === "route") return "route";
  if (found.date !== null && found.date !== date) {
    return notPinned(
      row,
      "pin_not_that_day",
      `岗位 ${found.id} 只在 ${found.date} 有，这条报名是 ${date}：请改正日期或岗位。`,
      `Post ${found.id} runs only on ${found.date}, but this sign-up is for ${date}: correct the date or the post.`,
    );
  }
  if (found.role !== null && !(volunteer.roles as readonly string[]).includes(found.role)) {
    const role = manifestOptions("workflow", "role").find((o) => o.value === found.role);
    return notPinned(
      row,
      "pin_missing_role",
      `岗位 ${found.id} 要有“${role?.zh ?? found.role}”角色，${volunteer.id} ${volunteer.name} 没有：请在志愿者表给 ta 加上这个角色，或换一个岗位。`,
      `Post ${found.id} needs the role "${role?.en ?? found.role}", which ${volunteer.id} ${volunteer.name} does not have: add the role on the Volunteers tab, or pin another post.`,
    );
  }
  return found.id;
}

function checkDate(row: RowState, date: string, today: string): void {
  const ahead = daysFromIso(date)! - daysFromIso(today)!;
  if (ahead < 0) {
    report(row, {
      code: "signup_date_past",
      severity: "warning",
      column: "date",
      zh: `${date} 已经过去了，这条报名不会再排班：如果日期写错了请改正；旧的报名可以删掉。`,
      en: `${date} is in the past, so this sign-up is not planned again: correct the date if it is a typo; old sign-ups can be deleted.`,
    });
  } else if (ahead > SIGNUP_DAYS_AHEAD) {
    const last = isoFromDays(daysFromIso(today)! + SIGNUP_DAYS_AHEAD);
    report(row, {
      code: "signup_date_too_far",
      severity: "error",
      column: "date",
      zh: `${date} 是 ${ahead} 天以后，报名最多提前 ${SIGNUP_DAYS_AHEAD} 天（到 ${last}）：请检查日期，多半是月份写错了。`,
      en: `${date} is ${ahead} days ahead; sign-ups go at most ${SIGNUP_DAYS_AHEAD} days ahead (until ${last}): check the date, most likely the month.`,
    });
  }
}

/** Date and availability texts repeat down the chain; read each distinct one once. */
interface Readers {
  date: (text: string) => ReturnType<typeof normalizeDate>;
  availability: (text: string) => ReturnType<typeof normalizeAvailability>;
}

function readDraft(
  input: RowInput,
  roster: Roster,
  context: SignupContext,
  read: Readers,
): { row: RowState; draft?: SignupDraft } {
  const row = startRow("signups", input);
  const date = readCell(row, "date", read.date);
  if (date !== undefined) checkDate(row, date, context.today);
  const volunteer = resolveVolunteer(row, roster);
  // The normalizer's own options equal the manifest's (tests/node/model-manifest checks it), and
  // passing them leaves its prebuilt matcher in use.
  const availability = readCell(row, "availability", read.availability);
  const pin = volunteer && date !== undefined ? resolvePin(row, volunteer, date, context) : null;
  const note = readText(row, "note") ?? "";
  if (hasError(row) || date === undefined || !volunteer || availability === undefined) return { row };
  return { row, draft: { row, date, volunteer, availability, pin, note } };
}

function mergeGroup(group: readonly SignupDraft[]): Signup | undefined {
  const first = group[0]!;
  let availability = first.availability;
  let pin = first.pin;
  const notes = first.note === "" ? [] : [first.note];
  for (const later of group.slice(1)) {
    availability = mergeAvailability(availability, later.availability);
    const pinNote =
      later.pin !== null && pin !== null && later.pin !== pin
        ? {
            zh: `指定岗位以第 ${first.row.ref.rowNumber} 行的 ${pin} 为准。`,
            en: ` The pin ${pin} from row ${first.row.ref.rowNumber} is kept.`,
          }
        : { zh: "", en: "" };
    pin ??= later.pin;
    if (later.note !== "" && !notes.includes(later.note)) notes.push(later.note);
    const v = first.volunteer;
    report(later.row, {
      code: "signup_duplicate",
      severity: "warning",
      column: "volunteer_id",
      zh: `${v.id} ${v.name} 在 ${first.date} 已经在第 ${first.row.ref.rowNumber} 行报过名，两行已合并（时段取两者合起来）：请删掉多余的一行。${pinNote.zh}`,
      en: `${v.id} ${v.name} already signed up for ${first.date} on row ${first.row.ref.rowNumber}; the rows are merged (availability combined): delete the extra row.${pinNote.en}`,
    });
  }
  const mergedRows = group.slice(1).map((d) => d.row.ref);
  const signup = accept(first.row, signupSchema, {
    row: first.row.ref,
    mergedRows,
    date: first.date,
    volunteerId: first.volunteer.id,
    name: first.volunteer.name,
    availability,
    pin,
    note: notes.join("；"),
  });
  if (!signup) {
    // The first row now carries the error; the rows merged into it must not look valid either.
    const why = first.row.problems.at(-1)!;
    for (const later of group.slice(1))
      report(later.row, { code: why.code as ProblemCode, severity: why.severity, zh: why.zh, en: why.en });
  }
  return signup;
}

/** Reads every sign-up, matches it to the roster and merges repeats per volunteer and date. */
export function validateSignups(inputs: readonly RowInput[], context: SignupContext): SignupsOutcome {
  const roster = buildRoster(context);
  const readers: Readers = {
    date: memo((t) => normalizeDate(t, { today: context.today, monthFirst: context.monthFirst })),
    availability: memo((t) => normalizeAvailability(t)),
  };
  const read = inputs.map((input) => readDraft(input, roster, context, readers));
  const drafts = read.flatMap((r) => (r.draft ? [r.draft] : []));
  const signups: Signup[] = [];
  for (const group of groupBy(drafts, (d) => `${d.date}\u001f${d.volunteer.id}`).values()) {
    const signup = mergeGroup(group);
    if (signup) signups.push(signup);
  }
  return { rows: read.map((r) => r.row), signups };
}
