/**
 * What each volunteer was told, and what changed since: the day's duty changes carried from one
 * published version to the next. A volunteer's entry keeps the duty first published to them
 * (`before`) and the one they have now (`after`), so a second change does not hide the first, and
 * someone moved back where they started has no entry at all. Pages, the Plan tab's 变化 column
 * and the console's 需要通知 list all read this one list.
 *
 * @example
 * const changes = carryChanges(published, next, 3, new Map([["V117", "V042"]]));
 * changes[0]; // { volunteerId: "V117", version: 3, before: { zh: "待命 07:00–15:00", ... }, after: ... }
 */
import { diffAssignments } from "./diff.ts";
import { compareText } from "./seeded-hash.ts";
import type { Bilingual, DutyChange, Plan } from "./types.ts";

/** "东区 3号楼、5号楼（包干） 07:30–15:00", "门口消杀分拣 06:30–08:00", "待命 07:00–15:00". */
export function dutyLabel(plan: Plan, volunteerId: string): Bilingual | null {
  const a = plan.assignments.find((x) => x.volunteerId === volunteerId);
  if (!a) return null;
  const time = `${a.start}–${a.end}`;
  if (a.kind === "standby") return { zh: `待命 ${time}`, en: `Standby ${time}` };
  if (a.kind === "post") {
    const post = plan.posts.find((p) => p.id === a.postId);
    return { zh: `${post?.zh ?? a.postId ?? ""} ${time}`, en: `${post?.en ?? a.postId ?? ""} ${time}` };
  }
  const zone = plan.routes.find((r) => r.id === a.postId)?.zone ?? "";
  return {
    zh: `${zone} ${a.buildings.join("、")}（包干） ${time}`.trim(),
    en: `Route ${zone}: ${a.buildings.join(", ")} ${time}`,
  };
}

const same = (a: Bilingual | null, b: Bilingual | null): boolean => (a?.zh ?? null) === (b?.zh ?? null);

/**
 * The changes of `next` (to be version `version`) against the published `previous`, merged with
 * the changes `previous` already carried. Sorted by volunteer ID.
 */
export function carryChanges(
  previous: Plan,
  next: Plan,
  version: number,
  replaces: ReadonlyMap<string, string> = new Map(),
): DutyChange[] {
  const carried = new Map((previous.changes ?? []).map((c) => [c.volunteerId, c]));
  const moved = new Set(diffAssignments(previous.assignments, next.assignments).map((d) => d.volunteerId));
  const ids = [...new Set([...carried.keys(), ...moved])].sort(compareText);
  const out: DutyChange[] = [];
  for (const id of ids) {
    const old = carried.get(id);
    const before = old ? old.before : dutyLabel(previous, id);
    const after = dutyLabel(next, id);
    if (same(before, after)) continue;
    out.push({
      volunteerId: id,
      version: moved.has(id) ? version : old!.version,
      before,
      after,
      replaces: moved.has(id) ? (replaces.get(id) ?? null) : (old?.replaces ?? null),
    });
  }
  return out;
}

/** The plan with its carried changes (a new object; plans are never edited in place). */
export function withChanges(previous: Plan, next: Plan, version: number, replaces?: ReadonlyMap<string, string>): Plan {
  return { ...next, changes: carryChanges(previous, next, version, replaces) };
}
