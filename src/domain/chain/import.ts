/**
 * A whole chain import, decided without touching the sheet: parse, match, merge, and the report
 * an organizer reads. The service only reads the sheet before and appends `rows` after.
 *
 * One rule beyond parse/match/merge: a chain where at least FOREIGN_MIN_LINES lines were read and
 * fewer than half match the roster is refused whole ("foreign_chain"): it is most likely another
 * group's chain, whose few namesakes would otherwise be signed up here. When the lines are real
 * new volunteers, adding them to the Volunteers tab first makes the same paste import.
 */
import type { Availability } from "../normalize.ts";
import {
  matchLines,
  onlyPlusOnes,
  type BrokenRosterRow,
  type MatchedLine,
  type RosterVolunteer,
  type UnmatchedLine,
} from "./match.ts";
import {
  availabilityLabel,
  mergeSignups,
  type ExistingSignup,
  type MergeResult,
  type SignupRowCells,
} from "./merge.ts";
import { parseChain, type ChainRefusalCode, type IgnoredLine } from "./parse.ts";

export const FOREIGN_MIN_LINES = 5;
const ROSTER_LINE_CODES: ReadonlySet<string> = new Set(["unclear_day_part", "suggested_match"]);
/** Ignored lines listed in a report (the count is always complete). */
export const IGNORED_LISTED = 100;
/**
 * Unmatched lines listed in a report or a refusal (the count is always complete): a 200 KB paste
 * can hold 2,000 lines no volunteer matches, and listing each with its reason answered 870 KB.
 */
export const UNMATCHED_LISTED = 100;

export interface ChainImportInput {
  text: string;
  /** The community's today. */
  today: string;
  /** The date being imported. */
  date: string;
  roster: readonly RosterVolunteer[];
  brokenRoster?: readonly BrokenRosterRow[];
  /** Sign-ups the Signups tab already has for `date`. */
  existing: readonly ExistingSignup[];
}

export interface ChainImportRefusal {
  code: ChainRefusalCode | "foreign_chain";
  zh: string;
  en: string;
}

export interface ChainSummary {
  title: string | null;
  /** The date the chain's header names; null when it names none. */
  date: string | null;
  dateWords: string[];
  /** Numbered lines read. */
  lines: number;
}

export interface ChainImportPlan {
  date: string;
  chain: ChainSummary;
  refusal: ChainImportRefusal | null;
  /** Signups rows to append (empty when refused). */
  rows: SignupRowCells[];
  matched: MatchedLine[];
  unmatched: UnmatchedLine[];
  ignored: IgnoredLine[];
  merge: MergeResult;
}

export interface ReportNote {
  code:
    | "no_date"
    | "availability_assumed"
    | "sheet_differs"
    | "repeated_volunteers"
    | "added_meanwhile"
    | "unmatched_not_listed"
    | "plus_ones"
    | "suggestions";
  zh: string;
  en: string;
}

/** What `POST /signups/import` answers after a successful import. */
export interface ChainImportReport {
  date: string;
  chain: ChainSummary;
  added: number;
  alreadyPresent: number;
  /** The first UNMATCHED_LISTED of them; `unmatchedCount` counts them all. */
  unmatched: Array<{ lineNumber: number; line: string; code: string; zh: string; en: string; candidates?: string[] }>;
  unmatchedCount: number;
  totals: Record<Availability, number>;
  ignored: Array<{ lineNumber: number; line: string; reason: string; zh: string; en: string }>;
  ignoredCount: number;
  addedRows: Array<{
    volunteerId: string;
    name: string;
    availability: string;
    lineNumbers: number[];
    assumed: boolean;
  }>;
  alreadyPresentRows: Array<{
    volunteerId: string;
    name: string;
    availability: string;
    sheetAvailability: string | null;
    differs: boolean;
  }>;
  notes: ReportNote[];
  summary: { zh: string; en: string };
}

const EMPTY_MERGE: MergeResult = {
  rows: [],
  added: [],
  alreadyPresent: [],
  repeated: [],
  totals: { all_day: 0, am: 0, pm: 0 },
};

/**
 * @example
 * const plan = planChainImport({ text, today: "2022-04-18", date: "2022-04-19", roster, existing: [] });
 * plan.refusal ?? plan.rows; // rows to append to the Signups tab
 */
export function planChainImport(input: ChainImportInput): ChainImportPlan {
  const parsed = parseChain(input.text, { today: input.today, expected: input.date });
  const chain: ChainSummary = {
    title: parsed.title,
    date: parsed.date,
    dateWords: parsed.dateWords,
    lines: parsed.lines.length,
  };
  const base = { date: input.date, chain, ignored: parsed.ignored };
  if (parsed.refusal) {
    return { ...base, refusal: parsed.refusal, rows: [], matched: [], unmatched: [], merge: EMPTY_MERGE };
  }
  const { matched, unmatched } = matchLines(parsed.lines, input.roster, input.brokenRoster);
  // A plus-one names nobody, and a line naming one of ours (its part of the day unclear, or a
  // nickname of a roster name) is evidence of our chain: neither is counted as foreign.
  const considered = parsed.lines.filter((l) => !l.cancelled && !onlyPlusOnes(l)).length;
  const ours = matched.length + unmatched.filter((u) => ROSTER_LINE_CODES.has(u.code)).length;
  if (considered >= FOREIGN_MIN_LINES && ours * 2 < considered) {
    return {
      ...base,
      refusal: {
        code: "foreign_chain",
        zh: `${considered} 行报名里只有 ${ours} 行对得上志愿者表：这可能是别的群或别的小区的接龙，没有导入。如果是新志愿者，请先把他们加到志愿者表，再导入一次。`,
        en: `Only ${ours} of ${considered} lines match the roster: this may be another group's or compound's chain, so nothing was imported. If they are new volunteers, add them to the Volunteers tab first and import again.`,
      },
      rows: [],
      matched,
      unmatched,
      merge: EMPTY_MERGE,
    };
  }
  const merge = mergeSignups(matched, input.existing, input.date);
  return { ...base, refusal: null, rows: merge.rows, matched, unmatched, merge };
}

function names(list: ReadonlyArray<{ name: string }>): string {
  const shown = list.slice(0, 8).map((v) => v.name);
  return list.length > 8 ? `${shown.join("、")}…` : shown.join("、");
}

/**
 * The report for a plan that was not refused. `appended` is what the sheet write actually added:
 * when someone else added the same rows between our read and our write, those count as present.
 */
export function chainImportReport(plan: ChainImportPlan, appended: number = plan.rows.length): ChainImportReport {
  const { merge } = plan;
  const meanwhile = Math.max(0, merge.added.length - appended);
  const notes: ReportNote[] = [];
  if (plan.chain.date === null) {
    notes.push({
      code: "no_date",
      zh: `接龙里没有写日期，按 ${plan.date} 导入。`,
      en: `The chain names no date; imported for ${plan.date}.`,
    });
  }
  const assumed = [...merge.added, ...merge.alreadyPresent].filter((v) => v.defaulted);
  if (assumed.length > 0) {
    notes.push({
      code: "availability_assumed",
      zh: `${assumed.length} 位没写时段，按全天算：${names(assumed)}。`,
      en: `${assumed.length} gave no part of the day and are taken as all day: ${names(assumed)}.`,
    });
  }
  const differs = merge.alreadyPresent.filter((v) => v.differs);
  if (differs.length > 0) {
    notes.push({
      code: "sheet_differs",
      zh: `${differs.length} 位已经在报名表里，但接龙写的时段不同，报名表没有改动，需要的话请手动改：${names(differs)}。`,
      en: `${differs.length} are already in the Signups tab with another part of the day; the tab was left as it is, change it by hand if needed: ${names(differs)}.`,
    });
  }
  if (merge.repeated.length > 0) {
    notes.push({
      code: "repeated_volunteers",
      zh: `${merge.repeated.length} 位在接龙里出现了不止一次，只算一行（时段合并）：${names(merge.repeated)}。`,
      en: `${merge.repeated.length} appear on more than one line of the chain and count once (parts of the day combined): ${names(merge.repeated)}.`,
    });
  }
  if (meanwhile > 0) {
    notes.push({
      code: "added_meanwhile",
      zh: `有 ${meanwhile} 行在导入的同时已被别人加进报名表，没有重复添加。`,
      en: `${meanwhile} rows were added to the Signups tab by someone else during the import and were not added twice.`,
    });
  }
  const plusOnes = plan.unmatched.filter((u) => u.code === "plus_one");
  if (plusOnes.length > 0) {
    const people = plusOnes.reduce((sum, u) => sum + u.line.plusOnes, 0);
    notes.push({
      code: "plus_ones",
      zh: `接龙里还有 ${people} 位家属或朋友（“+1”之类）不在志愿者表里，没有报名，见对不上的行。`,
      en: `The chain also brings ${people} relatives or friends ("+1" and the like) who are not on the roster and were not signed up: see the lines not matched.`,
    });
  }
  const suggested = plan.unmatched.filter((u) => u.code === "suggested_match");
  if (suggested.length > 0) {
    notes.push({
      code: "suggestions",
      zh: `${suggested.length} 行写的像是志愿者表里的人（名字前后多了字），没有自动报名，请核对：见对不上的行。`,
      en: `${suggested.length} lines look like roster volunteers with something added to the name; not signed up automatically, please check: see the lines not matched.`,
    });
  }
  if (plan.unmatched.length > UNMATCHED_LISTED) {
    const more = plan.unmatched.length - UNMATCHED_LISTED;
    notes.push({
      code: "unmatched_not_listed",
      zh: `对不上的行只列出前 ${UNMATCHED_LISTED} 行，还有 ${more} 行没有列出。`,
      en: `Only the first ${UNMATCHED_LISTED} lines not matched are listed; ${more} more are not.`,
    });
  }
  const added = merge.added.length - meanwhile;
  const alreadyPresent = merge.alreadyPresent.length + meanwhile;
  const unmatched = plan.unmatched.length;
  const { all_day, am, pm } = merge.totals;
  return {
    date: plan.date,
    chain: plan.chain,
    added,
    alreadyPresent,
    ...unmatchedLines(plan),
    totals: merge.totals,
    ...ignoredLines(plan),
    addedRows: merge.added.map((v) => ({
      volunteerId: v.volunteerId,
      name: v.name,
      availability: availabilityLabel(v.availability),
      lineNumbers: v.lineNumbers,
      assumed: v.defaulted,
    })),
    alreadyPresentRows: merge.alreadyPresent.map((v) => ({
      volunteerId: v.volunteerId,
      name: v.name,
      availability: availabilityLabel(v.availability),
      sheetAvailability: v.sheetAvailability === null ? null : availabilityLabel(v.sheetAvailability),
      differs: v.differs,
    })),
    notes,
    summary: {
      zh: `${plan.date}：新增 ${added} 人，已在报名表 ${alreadyPresent} 人，对不上 ${unmatched} 行；接龙合计全天 ${all_day}、上午 ${am}、下午 ${pm}。`,
      en: `${plan.date}: ${added} added, ${alreadyPresent} already signed up, ${unmatched} lines not matched; the chain has ${all_day} all day, ${am} AM, ${pm} PM.`,
    },
  };
}

/**
 * The first UNMATCHED_LISTED lines no volunteer was found for, each with its reason (and the
 * candidates when ambiguous), and how many there were.
 */
export function unmatchedLines(plan: ChainImportPlan) {
  return {
    unmatched: plan.unmatched.slice(0, UNMATCHED_LISTED).map((u) => ({
      lineNumber: u.line.lineNumber,
      line: u.line.raw,
      code: u.code,
      zh: u.zh,
      en: u.en,
      ...(u.candidates ? { candidates: u.candidates } : {}),
    })),
    unmatchedCount: plan.unmatched.length,
  };
}

/** The first IGNORED_LISTED lines that were not sign-ups (titles, comments), and how many there were. */
export function ignoredLines(plan: ChainImportPlan) {
  return {
    ignored: plan.ignored
      .slice(0, IGNORED_LISTED)
      .map((l) => ({ lineNumber: l.lineNumber, line: l.raw, reason: l.reason, zh: l.zh, en: l.en })),
    ignoredCount: plan.ignored.length,
  };
}
