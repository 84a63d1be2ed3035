/**
 * Chain import: a pasted WeChat 接龙 -> new rows at the bottom of the Signups tab.
 *
 * Sheets cost: one read of the organizer tabs (the roster is validated exactly as a sync would,
 * so a line matches only a volunteer a sync would plan), then — only when there is something to
 * add — one write with a single `append` op, which reads the Signups tab again at write time and
 * skips any row (date + volunteer ID) that appeared meanwhile. Nothing else in the sheet is
 * touched: the new rows' Check column fills in at the next sync.
 */
import type { Community } from "../community.ts";
import {
  chainImportReport,
  planChainImport,
  type BrokenRosterRow,
  type ChainImportPlan,
  type ChainImportReport,
  type ExistingSignup,
} from "../domain/chain.ts";
import { localDate } from "../domain/local-time.ts";
import type { Availability } from "../domain/normalize.ts";
import { normalizeDate } from "../domain/normalize.ts";
import type { Problem } from "../domain/problem.ts";
import { validateWorkbook } from "../domain/validate.ts";
import type { SheetsGateway, WorkbookRead } from "../sheets/gateway.ts";
import { organizerTabKeys } from "../sheets/manifest.ts";

export interface ImportDeps {
  gateway: SheetsGateway & { requests?: number };
  community: Community;
  /** Milliseconds since the epoch. */
  now: number;
  ageLimit?: number;
}

export type ImportOutcome =
  | {
      kind: "imported";
      report: ChainImportReport & {
        /** The date's valid sign-ups in the sheet after the import, by part of the day. */
        dayTotals: Record<Availability, number>;
        sheets: { requests: number };
      };
    }
  | { kind: "refused"; plan: ChainImportPlan }
  /** The Volunteers or Signups tab is missing or its headers cannot be read. */
  | { kind: "sheet_not_ready"; problems: Problem[] };

/** The sign-ups the sheet already has for `date`, valid or not, by volunteer ID. */
function existingSignups(
  read: WorkbookRead,
  valid: ReadonlyArray<{ date: string; volunteerId: string; availability: Availability }>,
  date: string,
  today: string,
): ExistingSignup[] {
  const existing: ExistingSignup[] = valid
    .filter((s) => s.date === date)
    .map((s) => ({ volunteerId: s.volunteerId, availability: s.availability }));
  // Rows with an error (a typo in the availability, say) still hold the volunteer's place: adding
  // a second row for them would only add a duplicate warning.
  for (const row of read.tabs.signups?.rows ?? []) {
    const id = (row.cells.volunteer_id ?? "").trim();
    if (id === "") continue;
    const typed = normalizeDate(row.cells.date ?? "", { today });
    if (typed.ok && typed.value === date) existing.push({ volunteerId: id, availability: null });
  }
  return existing;
}

function brokenRoster(read: WorkbookRead, excludedKeys: ReadonlySet<string>): BrokenRosterRow[] {
  return (read.tabs.volunteers?.rows ?? [])
    .filter((row) => excludedKeys.has(row.key))
    .map((row) => ({
      rowNumber: row.rowNumber,
      id: row.cells.volunteer_id?.trim() || undefined,
      name: row.cells.name?.trim() || undefined,
    }));
}

/**
 * Imports a chain for `date` (YYYY-MM-DD, already checked by the caller).
 *
 * @example
 * const outcome = await importChain({ gateway, community, now: Date.now() }, text, "2022-04-19");
 * if (outcome.kind === "imported") outcome.report.added; // rows appended to the Signups tab
 */
export async function importChain(
  deps: ImportDeps,
  text: string,
  date: string,
  options: { preview?: boolean } = {},
): Promise<ImportOutcome> {
  const { gateway, community } = deps;
  const before = gateway.requests ?? 0;
  const read = await gateway.read(organizerTabKeys);
  const structural = read.problems.filter(
    (p) => p.severity === "error" && (p.tab === "volunteers" || p.tab === "signups"),
  );
  if (!read.tabs.volunteers || !read.tabs.signups || structural.length > 0) {
    return { kind: "sheet_not_ready", problems: structural };
  }
  const today = localDate(deps.now, community.timeZone);
  const { snapshot } = validateWorkbook({
    tabs: read.tabs,
    today,
    ageLimit: deps.ageLimit ?? community.settings.ageLimit,
    locale: read.locale,
  });
  const excluded = new Set(snapshot.excluded.filter((r) => r.tab === "volunteers").map((r) => r.key));
  const existing = existingSignups(read, snapshot.signups, date, today);

  const plan = planChainImport({
    text,
    today,
    date,
    roster: snapshot.volunteers,
    brokenRoster: brokenRoster(read, excluded),
    existing,
  });
  if (plan.refusal) return { kind: "refused", plan };

  // A preview (the console's 预览) writes nothing and reports what an import would add.
  const written =
    plan.rows.length > 0 && !options.preview
      ? await gateway.write([{ kind: "append", tab: "signups", rows: plan.rows }])
      : undefined;
  const report = chainImportReport(plan, options.preview ? plan.rows.length : (written?.appended ?? 0));

  const dayTotals: Record<Availability, number> = { all_day: 0, am: 0, pm: 0 };
  const counted = new Set<string>();
  for (const s of snapshot.signups) {
    if (s.date !== date || counted.has(s.volunteerId)) continue;
    counted.add(s.volunteerId);
    dayTotals[s.availability]++;
  }
  for (const v of plan.merge.added.slice(0, report.added)) dayTotals[v.availability]++;

  return {
    kind: "imported",
    report: { ...report, dayTotals, sheets: { requests: (gateway.requests ?? 0) - before } },
  };
}
