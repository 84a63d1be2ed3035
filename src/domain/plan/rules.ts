/**
 * The engine's tunable rules, with the defaults the demo compound and the article suggest.
 * Organizers do not edit these per day; a community may override them once.
 */

export interface PlanRules {
  /** Volunteers must be younger than this (the compound's "under 50"). */
  maxAge: number;
  /** Minutes since midnight an AM volunteer leaves (12:00: the gate crew's waves split at noon). */
  amEnd: number;
  /** Minutes since midnight a PM volunteer arrives. */
  pmStart: number;
  /**
   * Load one route volunteer can carry in a day (load = households × householdWeight + parcels ×
   * parcelWeight). 200 ≈ garbage for ~110 households in the garbage hour and ~90 parcels over two
   * rounds; a building above it is a route of its own with ceil(load / capacity) people.
   */
  routeCapacity: number;
  householdWeight: number;
  parcelWeight: number;
  /** Spare all-day volunteers join the heaviest routes up to this team size (pins may exceed it). */
  maxTeamSize: number;
  /** Route-capable volunteers kept on standby for declines: ceil(share × required route people). */
  standbyShare: number;
  /**
   * How much heavier (as a share) than the compound's optimal heaviest route a route may get to
   * keep yesterday's routes. 0 by default: balance ranks above continuity, so a zone keeps
   * yesterday's routes only within the room the compound's heaviest route already leaves.
   */
  continuitySlack: number;
  /** The role whose holders are spread one per zone. */
  captainRole: string;
  /** Post tasks filled before routes (the gate crew sorts the parcels every route delivers). */
  beforeRouteTasks: string[];
  /**
   * A post starting at most this many minutes after another post of the same task and role
   * ends is the same crew's next shift (unless its step says `newCrew`): the same people hold
   * both as one block, one suit for the day. 60 by default: the demo's gate shifts 07:00–12:00
   * and 12:00–17:00 are one crew; shifts with a longer break between them are separate crews.
   */
  crewGap: number;
}

export const defaultRules: Readonly<PlanRules> = Object.freeze({
  maxAge: 50,
  amEnd: 12 * 60,
  pmStart: 12 * 60,
  routeCapacity: 200,
  householdWeight: 1,
  parcelWeight: 1,
  maxTeamSize: 3,
  standbyShare: 0.1,
  continuitySlack: 0,
  captainRole: "captain",
  beforeRouteTasks: ["gate_sort"],
  crewGap: 60,
});

/** Defaults overlaid with the given rules; a nonsensical value is a caller bug and throws. */
export function resolveRules(partial?: Partial<PlanRules> | null): PlanRules {
  const rules: PlanRules = { ...defaultRules, beforeRouteTasks: [...defaultRules.beforeRouteTasks], ...partial };
  if (!(rules.routeCapacity > 0)) throw new RangeError(`routeCapacity must be positive, got ${rules.routeCapacity}`);
  if (!(rules.maxTeamSize >= 1)) throw new RangeError(`maxTeamSize must be at least 1, got ${rules.maxTeamSize}`);
  if (!(rules.householdWeight >= 0 && rules.parcelWeight >= 0)) throw new RangeError("load weights must be >= 0");
  if (!(rules.standbyShare >= 0)) throw new RangeError(`standbyShare must be >= 0, got ${rules.standbyShare}`);
  return rules;
}
