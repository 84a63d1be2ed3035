/**
 * Sync: read the organizers' sheet, validate it, show every problem in the sheet, and store the
 * validated snapshot for planning.
 *
 * Sheets cost, whatever the roster size: one read, then one write of the Problems tab and every
 * Check column together (which itself reads once to find the rows again after any sort) — two
 * reads and one write in all.
 */
import { say, type Language } from "../domain/language.ts";
import { addDays, localDate } from "../domain/local-time.ts";
import type { Snapshot } from "../domain/model.ts";
import type { Problem } from "../domain/problem.ts";
import { sortProblems, validateWorkbook } from "../domain/validate.ts";
import type { SheetsGateway, WorkbookRead, WriteOp } from "../sheets/gateway.ts";
import { organizerTabKeys, tabSpec, type OrganizerTabKey } from "../sheets/manifest.ts";
import { saveSnapshot } from "../store/snapshots.ts";
import type { Community } from "../community.ts";

export interface SyncResult {
  problems: Problem[];
  counts: { rows: number; errors: number; warnings: number };
  snapshotAt: string;
  snapshotId: number;
  today: string;
  sheets: { requests: number };
}

export interface SyncDeps {
  gateway: SheetsGateway & { requests?: number };
  db: D1Database;
  community: Community;
  /** Milliseconds since the epoch. */
  now: number;
  ageLimit?: number;
}

/**
 * `alsoWrite` lets a caller that plans from the fresh snapshot (generate) add its Plan-tab rows to
 * the same batched write, so generating costs no more Sheets calls than syncing.
 */
export async function syncCommunity(
  deps: SyncDeps,
  alsoWrite?: (snapshot: Snapshot) => Promise<WriteOp[]>,
): Promise<SyncResult & { snapshot: Snapshot }> {
  const { gateway, community } = deps;
  const before = gateway.requests ?? 0;
  const read = await gateway.read(organizerTabKeys);
  const today = localDate(deps.now, community.timeZone);
  const result = validateWorkbook({
    tabs: read.tabs,
    today,
    ageLimit: deps.ageLimit ?? community.settings.ageLimit,
    locale: read.locale,
    language: community.language,
  });
  const problems = sortProblems([...read.problems, ...result.problems]);

  const extra = alsoWrite ? await alsoWrite(result.snapshot) : [];
  await gateway.write([
    ...checkColumns(read, result.check),
    problemsTab(gateway, read, problems, community.language),
    ...extra,
  ]);
  const linked = problems.map((p) => ({ ...p, link: problemLink(gateway, read, p) }));

  const counts = {
    rows: organizerTabKeys.reduce((n, k) => n + (read.tabs[k]?.rows.length ?? 0), 0),
    errors: problems.filter((p) => p.severity === "error").length,
    warnings: problems.filter((p) => p.severity === "warning").length,
  };
  const snapshotAt = new Date(deps.now).toISOString();
  const snapshotId = await saveSnapshot(deps.db, {
    community: community.slug,
    takenAt: snapshotAt,
    today,
    counts,
    snapshot: result.snapshot,
    problems: linked,
  });
  return {
    problems,
    counts,
    snapshotAt,
    snapshotId,
    today,
    snapshot: result.snapshot,
    sheets: { requests: (gateway.requests ?? 0) - before },
  };
}

/** The Check column of every tab that could be read (a tab with a broken header has no rows). */
function checkColumns(read: WorkbookRead, check: Record<OrganizerTabKey, Map<string, string>>): WriteOp[] {
  return organizerTabKeys
    .filter((key) => read.tabs[key] && read.tabs[key]!.rows.length > 0)
    .map((key) => ({ kind: "column" as const, tab: key, column: "check", values: check[key], otherwise: "" }));
}

/** One row per problem; the zh and en columns are both filled only in 中文+English. */
function problemsTab(gateway: SheetsGateway, read: WorkbookRead, problems: Problem[], language: Language): WriteOp {
  return {
    kind: "replace",
    tab: "problems",
    rows: problems.map((p) => {
      const spec = organizerTabKeys.includes(p.tab as OrganizerTabKey) ? tabSpec(p.tab as OrganizerTabKey) : undefined;
      const column = spec?.columns.find((c) => c.key === p.column);
      return {
        tab: spec ? say(language, spec) : p.tab,
        row: p.row ? String(p.row) : "",
        id: p.id ?? "",
        column: column ? say(language, column) : (p.column ?? ""),
        value: p.value ?? "",
        code: p.code,
        zh: language === "en" ? "" : p.zh,
        en: language === "zh" ? "" : p.en,
        severity: say(language, p.severity === "error" ? { zh: "错误", en: "Error" } : { zh: "提醒", en: "Warning" }),
        link: problemLink(gateway, read, p),
      };
    }),
  };
}

/** The link that opens the problem's cell (the console shows it too); empty for a whole tab. */
function problemLink(gateway: SheetsGateway, read: WorkbookRead, p: Problem): string {
  const tab = read.tabs[p.tab as OrganizerTabKey];
  return tab && p.row ? gateway.cellLink(tab, p.row, p.column) : "";
}

/** Tomorrow in the community's time zone: the day the evening sign-ups are for. */
export function tomorrowOf(now: number, timeZone: string): string {
  return addDays(localDate(now, timeZone), 1);
}
