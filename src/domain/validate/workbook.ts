/**
 * Validates a whole workbook read: every organizer tab's rows -> the snapshot planning uses, and
 * every problem, placed on its row.
 *
 * Order matters because tabs refer to each other: Buildings first (everything resolves buildings
 * through its valid rows), then Workflow (pins name its steps), Volunteers (home buildings), then
 * Signups (volunteers and posts), Parcels (buildings) and Supplies. A reference to a row that has
 * an error says so ("fix that row first") instead of calling the thing unknown.
 *
 * Valid rows never depend on invalid ones beside them: cross-tab lookups use only valid rows, and
 * only rules about the same ID (duplicates), which the organizer must settle, reach across rows.
 */
import { say, type Language } from "../language.ts";
import { organizerTabKeys, type OrganizerTabKey, type RowRef, type Snapshot } from "../model.ts";
import { daysFromIso } from "../normalize/calendar.ts";
import { bilingual, type Problem } from "../problem.ts";
import { validateBuildings } from "./buildings.ts";
import { validateParcels } from "./parcels.ts";
import { hasError, type RowInput, type RowState } from "./row.ts";
import { validateSignups } from "./signups.ts";
import { validateSupplies } from "./supplies.ts";
import { validateVolunteers } from "./volunteers.ts";
import { validateWorkflow } from "./workflow.ts";

/** The compound's rule: volunteers must be under 50. */
export const DEFAULT_AGE_LIMIT = 50;

/** What the Check column shows beside a row with no problem. */
export const CHECK_OK = "✓";

export interface ValidateInput {
  /** The gateway's `WorkbookRead.tabs` (or anything with the same rows); a missing tab has no rows. */
  tabs: Partial<Record<OrganizerTabKey, { rows: readonly RowInput[] }>>;
  /** YYYY-MM-DD in the community's time zone: the day sign-up dates are judged against. */
  today: string;
  /** Active volunteers must be younger than this; default 50. */
  ageLimit?: number;
  /** The spreadsheet's locale (Google renders typed dates in it: en_US shows m/d/yyyy). */
  locale?: string;
  /** The community's language for the Check column; both when absent. */
  language?: Language;
}

/** Per tab: how many rows were read, used, and left out; and how many problems of each kind. */
export interface TabSummary {
  rows: number;
  excluded: number;
  errors: number;
  warnings: number;
}

export interface ValidationResult {
  /** Valid rows, normalized; JSON-serializable (see `snapshotSchema`). */
  snapshot: Snapshot;
  /**
   * Every problem, for the Problems tab: by tab (manifest order), then row number, errors before
   * warnings. `value` is the cell as typed, cut to 500 characters.
   */
  problems: Problem[];
  /** `rowStatusKey(tab, row.key)` -> that row's problems, errors first; [] for a clean row. */
  rowStatus: Map<string, Problem[]>;
  /**
   * The Check column per tab, ready for a column write: row key -> "✓" or the first problem's
   * bilingual text. Rows sharing a key (an ID typed twice) share one entry holding all their problems.
   */
  check: Record<OrganizerTabKey, Map<string, string>>;
  summary: Record<OrganizerTabKey, TabSummary>;
}

/** The key of `rowStatus` for a row: tab and the gateway's row key. */
export function rowStatusKey(tab: OrganizerTabKey, key: string): string {
  return `${tab}\u001f${key}`;
}

const severityRank = { error: 0, warning: 1 } as const;

/** Errors first, then warnings; within each, sheet order and the order rules ran. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) => severityRank[a.p.severity] - severityRank[b.p.severity] || (a.p.row ?? 0) - (b.p.row ?? 0) || a.i - b.i,
    )
    .map(({ p }) => p);
}

/**
 * What the Check column shows for a row's problems: "✓", or the most serious one in both languages.
 *
 * @example checkText([]) // "✓"
 */
export function checkText(problems: readonly Problem[], language: Language = "zh+en"): string {
  const first = sortProblems(problems)[0];
  if (!first) return CHECK_OK;
  return language === "zh+en" ? bilingual(first) : say(language, first);
}

function assertInput(input: ValidateInput): number {
  if (typeof input.today !== "string" || daysFromIso(input.today) === undefined) {
    // A caller bug (the community's clock), not something an organizer typed.
    throw new RangeError(`validateWorkbook: today must be a valid YYYY-MM-DD, got ${JSON.stringify(input.today)}`);
  }
  const ageLimit = input.ageLimit ?? DEFAULT_AGE_LIMIT;
  if (!Number.isInteger(ageLimit) || ageLimit <= 0) {
    throw new RangeError(`validateWorkbook: ageLimit must be a positive whole number, got ${ageLimit}`);
  }
  return ageLimit;
}

function rowsOf(input: ValidateInput, tab: OrganizerTabKey): readonly RowInput[] {
  const rows = input.tabs[tab]?.rows;
  return Array.isArray(rows) ? rows : [];
}

/**
 * Validates every organizer tab. Never throws for anything typed into the sheet; throws only for a
 * malformed `today` or `ageLimit` (the caller's bug).
 *
 * @example
 * const result = validateWorkbook({ tabs: read.tabs, today: "2022-04-18" });
 * result.snapshot.signups; // merged, matched to the roster
 * result.check.volunteers.get(row.key); // "✓" or "手机号应为11位… A mobile number has 11 digits…"
 */
export function validateWorkbook(input: ValidateInput): ValidationResult {
  const ageLimit = assertInput(input);
  const today = input.today;

  const buildings = validateBuildings(rowsOf(input, "buildings"));
  const monthFirst = input.locale === "en_US";
  const workflow = validateWorkflow(rowsOf(input, "workflow"), today, monthFirst);
  const volunteers = validateVolunteers(rowsOf(input, "volunteers"), {
    ageLimit,
    resolveBuilding: buildings.resolve,
    today,
  });
  const signups = validateSignups(rowsOf(input, "signups"), {
    today,
    monthFirst,
    volunteers: volunteers.volunteers,
    volunteerDrafts: volunteers.drafts,
    steps: workflow.steps,
    excludedStepIds: workflow.excludedIds,
  });
  const parcels = validateParcels(rowsOf(input, "parcels"), {
    today,
    monthFirst,
    resolve: buildings.resolve,
    resolveAny: buildings.resolveAny,
  });
  const supplies = validateSupplies(rowsOf(input, "supplies"));

  const rowsByTab: Record<OrganizerTabKey, RowState[]> = {
    volunteers: volunteers.rows,
    signups: signups.rows,
    buildings: buildings.rows,
    workflow: workflow.rows,
    parcels: parcels.rows,
    supplies: supplies.rows,
  };

  const excluded: RowRef[] = [];
  const problems: Problem[] = [];
  const rowStatus = new Map<string, Problem[]>();
  const check = {} as Record<OrganizerTabKey, Map<string, string>>;
  const summary = {} as Record<OrganizerTabKey, TabSummary>;
  for (const tab of organizerTabKeys) {
    const rows = [...rowsByTab[tab]].sort((a, b) => a.ref.rowNumber - b.ref.rowNumber);
    const tabSummary: TabSummary = { rows: rows.length, excluded: 0, errors: 0, warnings: 0 };
    const byKey = new Map<string, Problem[]>();
    for (const row of rows) {
      if (hasError(row)) {
        excluded.push(row.ref);
        tabSummary.excluded += 1;
      }
      const sorted = sortProblems(row.problems);
      problems.push(...sorted);
      for (const p of sorted) tabSummary[p.severity === "error" ? "errors" : "warnings"] += 1;
      byKey.set(row.ref.key, [...(byKey.get(row.ref.key) ?? []), ...sorted]);
    }
    const tabCheck = new Map<string, string>();
    for (const [key, list] of byKey) {
      const sorted = sortProblems(list);
      rowStatus.set(rowStatusKey(tab, key), sorted);
      tabCheck.set(key, checkText(sorted, input.language));
    }
    check[tab] = tabCheck;
    summary[tab] = tabSummary;
  }

  const snapshot: Snapshot = {
    today,
    ageLimit,
    volunteers: volunteers.volunteers,
    signups: signups.signups,
    buildings: buildings.buildings,
    workflow: workflow.steps,
    parcels: parcels.parcels,
    supplies: supplies.supplies,
    excluded,
  };
  return { snapshot, problems, rowStatus, check, summary };
}
