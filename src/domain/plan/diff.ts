/**
 * Comparing plans by what each volunteer was asked to do. Two assignments are the same when kind,
 * post/route, buildings and the crew shifts held match; times follow from those, and a route
 * gaining a team member does not change what its other members do.
 */
import { compareText } from "./seeded-hash.ts";
import type { Assignment, AssignmentChange, Plan, YesterdayDuty } from "./types.ts";

type Duty = NonNullable<AssignmentChange["before"]>;

const dutyOf = (a: Assignment): Duty => ({ kind: a.kind, postId: a.postId, buildings: a.buildings });
const keyOf = (a: Assignment): string =>
  `${a.kind}\u0000${a.postId ?? ""}\u0000${a.buildings.join("\u0001")}\u0000${(a.shifts ?? []).join("\u0001")}`;

/** Every volunteer whose duty differs, or who is in only one of the plans; sorted by ID. */
export function diffAssignments(
  before: readonly Assignment[],
  after: readonly Assignment[],
  replaces: ReadonlyMap<string, string> = new Map(),
): AssignmentChange[] {
  const old = new Map(before.map((a) => [a.volunteerId, a]));
  const now = new Map(after.map((a) => [a.volunteerId, a]));
  const ids = [...new Set([...old.keys(), ...now.keys()])].sort(compareText);
  const changes: AssignmentChange[] = [];
  for (const id of ids) {
    const a = old.get(id);
    const b = now.get(id);
    const da = a ? dutyOf(a) : null;
    const db = b ? dutyOf(b) : null;
    if (a && b && keyOf(a) === keyOf(b)) continue;
    changes.push({ volunteerId: id, before: da, after: db, replaces: replaces.get(id) ?? null });
  }
  return changes;
}

/**
 * Yesterday's duties by volunteer ID, from yesterday's plan: what the adapter puts into each
 * sign-up's `yesterday` so the engine can keep people on their route.
 */
export function yesterdayOf(plan: Plan): Record<string, YesterdayDuty> {
  const out: Record<string, YesterdayDuty> = {};
  for (const a of plan.assignments) {
    out[a.volunteerId] =
      a.kind === "route"
        ? { kind: "route", buildings: [...a.buildings] }
        : a.kind === "post"
          ? { kind: "post", postId: a.postId ?? "" }
          : { kind: "standby" };
  }
  return out;
}
