/**
 * The assignment engine (pure): `planDay` for a day's plan, `replan` for the smallest change
 * after a decline, a new sign-up or a new building. See engine.ts for how it works.
 */
export { planDay } from "./engine.ts";
export { applyChange, replan } from "./replan.ts";
export { diffAssignments, yesterdayOf } from "./diff.ts";
export { carryChanges, dutyLabel, withChanges } from "./duty-changes.ts";
export type { ReplanOptions } from "./replan.ts";
export { defaultRules, resolveRules, type PlanRules } from "./rules.ts";
export { formatTime, toMinutes } from "./time.ts";
export { trainedAtRollCall } from "./training.ts";
export type * from "./types.ts";
