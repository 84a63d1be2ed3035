/**
 * Generate: sync the sheet, plan the date from the validated snapshot, store the plan as a new
 * version (or find the same version again when nothing changed), and show it in the Plan tab.
 *
 * Once a day is published, people have been told where to go: generating again starts from the
 * published plan and changes only what must change (withdrawn or new sign-ups, buildings, a route
 * made heavier by parcels), and never moves anyone who confirmed. Only `mode: "fresh"` (the
 * console's 重新排班 button) plans the day from scratch, confirmed people included.
 */
import type { Community } from "../community.ts";
import { dayLabel } from "../domain/broadcast.ts";
import { addDays } from "../domain/local-time.ts";
import { diffAssignments, planDay, replan, withChanges, type Plan } from "../domain/plan/index.ts";
import { trainedOn } from "./training.ts";
import { planInputFromSnapshot } from "../domain/plan-input.ts";
import type { Notice, PlanInput } from "../domain/plan/index.ts";
import { latestGateCountsBefore } from "./gate-counts.ts";
import type { SheetsGateway } from "../sheets/gateway.ts";
import { insertPlan, latestPlan, latestPublishedPlan, type PlanRecord } from "../store/plans.ts";
import { answersForDay } from "../store/answers.ts";
import { latestPublication, planChangesForDay, replannedVersionStatements } from "../store/publications.ts";
import { effectiveStatus } from "./day-status.ts";
import { syncCommunity, type SyncResult } from "./sync.ts";
import { planTabRows } from "./plan-tab.ts";

export interface GenerateResult {
  record: PlanRecord;
  /** True when the input was unchanged and the existing version was returned. */
  unchanged: boolean;
  sync: SyncResult;
}

/** A 32-bit seed from the community and date, so a plan is reproducible without storing it. */
export async function planSeed(community: string, date: string): Promise<number> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${community}|${date}`));
  return new DataView(digest).getUint32(0);
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function generatePlan(deps: {
  gateway: SheetsGateway;
  db: D1Database;
  community: Community;
  date: string;
  now: number;
  actor: string;
  /** "stable" (default): keep the published plan and confirmed people; "fresh": plan anew. */
  mode?: GenerateMode;
}): Promise<GenerateResult> {
  const { db, community, date } = deps;
  const mode = deps.mode ?? "stable";
  const [yesterday, published, latest, locked, gateDay, trained] = await Promise.all([
    latestPublishedPlan(db, community.slug, addDays(date, -1)).then(
      async (p) => p ?? (await latestPlan(db, community.slug, addDays(date, -1))),
    ),
    latestPublishedPlan(db, community.slug, date),
    latestPlan(db, community.slug, date),
    latestPublishedPlan(db, community.slug, date).then((p) => confirmedOn(db, community.slug, date, p?.plan)),
    latestGateCountsBefore(db, community.slug, date),
    trainedOn(db, community.slug),
  ]);
  let outcome: { record: PlanRecord; unchanged: boolean } | undefined;
  // Planning happens between the read and the write-back, so the Plan tab rides in the same write.
  const { snapshot: _snapshot, ...sync } = await syncCommunity(deps, async (snapshot) => {
    const typed = planInputFromSnapshot(snapshot, {
      date,
      seed: await planSeed(community.slug, date),
      yesterday: yesterday?.plan ?? null,
      // After publishing, a new version changes as few assignments as possible.
      previous: published?.plan ?? null,
      standbyShare: community.settings.standbyShare,
      // Trained at roll call, even while 培训日期 is still on its way to the sheet.
      trained: new Set(trained.keys()),
    });
    // No counts typed for the day: the gate's latest actual counts are a better guess of the
    // routes' loads than none (parcels arrive much alike from one day to the next).
    const fromGate = typed.parcels.length === 0 && gateDay !== null && gateDay.counts.length > 0;
    const input = fromGate
      ? {
          ...typed,
          parcels: gateDay.counts.map((c) => ({
            building: c.building,
            wave: c.wave,
            count: c.count,
            medicine: c.medicine,
            coldChain: c.coldChain,
          })),
        }
      : typed;
    const inputHash = await sha256Hex(
      JSON.stringify({
        ...input,
        previous: published?.version ?? null,
        ...(published ? { mode, locked: mode === "fresh" ? [] : [...locked].sort() } : {}),
      }),
    );
    const names = new Map(snapshot.volunteers.map((v) => [v.id, v.name]));
    if (latest && latest.inputHash === inputHash) {
      outcome = { record: latest, unchanged: true };
      // Rewriting an unchanged draft repairs a Plan tab whose last write failed; a published
      // plan's rows carry answers and are left to the outbox.
      return latest.status === "draft" && !published
        ? [{ kind: "upsert", tab: "plan", rows: planTabRows(latest.plan, names, null, "draft", community.language) }]
        : [];
    }
    const version = (latest?.version ?? 0) + 1;
    const planned: Plan = published
      ? republished(published.plan, input, mode, locked, version, Object.fromEntries(names))
      : planDay(input);
    const plan: Plan = fromGate
      ? { ...planned, warnings: [...planned.warnings, gateCountsUsed(gateDay.date)] }
      : planned;
    const record = {
      community: community.slug,
      date,
      version,
      inputHash,
      createdAt: new Date(deps.now).toISOString(),
      plan,
    };
    // Nobody moves (only counts changed): the new version is published at once, so volunteers'
    // pages show today's parcel counts without the organizer publishing again.
    const counts = published && latest?.version === published.version ? countsOnly(published.plan, plan) : false;
    const publication = counts ? await latestPublication(db, community.slug, date) : undefined;
    if (publication) {
      const publishedAt = new Date(deps.now).toISOString();
      const p = { ...publication, version, publishedAt, actor: deps.actor, input: { ...input, previous: null } };
      await db.batch(replannedVersionStatements(db, p, plan, inputHash, []));
      outcome = { record: { ...record, status: "published", publishedAt }, unchanged: false };
      return [];
    }
    await insertPlan(db, record, names, deps.actor);
    outcome = { record: { ...record, status: "draft", publishedAt: null }, unchanged: false };
    // Once a day is published the Plan tab shows the published plan with its answers; a newer
    // draft stays in D1 (and the console) until it is published itself.
    if (published) return [];
    return [
      {
        kind: "upsert",
        tab: "plan",
        rows: planTabRows(plan, names, latest?.plan ?? null, "draft", community.language),
      },
    ];
  });
  return { ...outcome!, sync };
}

export type GenerateMode = "stable" | "fresh";

/** Said with a plan whose loads come from the gate's counts of an earlier day ("4月19日"). */
function gateCountsUsed(day: string): Notice {
  const [, m, d] = day.split("-").map(Number);
  return {
    code: "parcels_from_gate",
    zh: `快递表没有填这一天的件数，各路线的工作量按门口${m}月${d}日登记的件数估计。`,
    en: `No parcel counts were typed for this day, so route loads are estimated from the gate's counts of ${dayLabel(day).en}.`,
  };
}

/** True when `next` gives everyone the same duty as `published` (loads and parcel counts may differ). */
function countsOnly(published: Plan, next: Plan): boolean {
  return diffAssignments(published.assignments, next.assignments).length === 0;
}

/** A new version of a published day, with every change since the first publish carried on it. */
function republished(
  base: Plan,
  input: PlanInput,
  mode: GenerateMode,
  locked: ReadonlySet<string>,
  version: number,
  /** Roster names, so a warning about a place someone left names them. */
  names: Readonly<Record<string, string>>,
): Plan {
  if (mode === "fresh") return withChanges(base, planDay(input), version);
  const { plan } = replan(base, { ...input, previous: null }, { kind: "refresh" }, { locked, names });
  return withChanges(base, plan, version);
}

/**
 * Who has confirmed their current duty on the published day: they are not moved again. Standby
 * are the exception: being called in to cover is what standby means (they get the banner and
 * confirm again), and without them a heavier route could only be covered by moving someone else.
 */
async function confirmedOn(
  db: D1Database,
  community: string,
  date: string,
  published: Plan | undefined,
): Promise<Set<string>> {
  if (!published) return new Set();
  const [answers, changes] = await Promise.all([
    answersForDay(db, community, date),
    planChangesForDay(db, community, date),
  ]);
  const standby = new Set(published.assignments.filter((a) => a.kind === "standby").map((a) => a.volunteerId));
  return new Set(
    answers
      .filter((a) => !standby.has(a.volunteerId) && effectiveStatus(a.volunteerId, a, changes) === "confirmed")
      .map((a) => a.volunteerId),
  );
}
