/**
 * The typed, normalized rows of every organizer tab, and the `Snapshot` planning reads.
 *
 * Why zod and not just interfaces: the snapshot crosses boundaries (stored in D1, sent to the
 * engine, returned by `POST /sync`), so it needs a schema that can re-check it after a JSON round
 * trip; and the validator parses every row it builds through these schemas, so a normalizer that
 * ever returns something the planner cannot use is caught as a problem on that row, not as a
 * crash three layers later.
 *
 * Why `columnFields`: the workbook manifest (sheets-templates/manifest.json) is the one list of
 * columns. Every organizer column maps to exactly one field here, and tests/node/model-manifest
 * fails when a column is added to the manifest without a field (or a field without a column), so
 * the validator cannot silently forget a column. The only fields without a column are the row
 * references in `metaFields`.
 *
 * Blank optional cells are `null` (not absent), so `JSON.stringify` of two snapshots compares
 * them field by field. Times are 24-hour "HH:MM" ("24:00" is the end of the day); dates are
 * "YYYY-MM-DD" in the community's zone.
 *
 * @example
 * import { snapshotSchema, type Snapshot } from "./model.ts";
 * const snapshot: Snapshot = snapshotSchema.parse(JSON.parse(storedJson));
 */
import { z } from "zod";

/** The tabs organizers type into, in the manifest's order. */
export const organizerTabKeys = ["volunteers", "signups", "buildings", "workflow", "parcels", "supplies"] as const;
export type OrganizerTabKey = (typeof organizerTabKeys)[number];

// Option values, as the manifest's dropdowns list them. Spelled out (not read from the manifest at
// run time) so the inferred types are literal unions; tests/node/model-manifest checks they agree.

/** volunteers.roles and workflow.role. */
export const roleValues = ["captain", "gate", "pcr", "trainer"] as const;
/** signups.availability. */
export const availabilityValues = ["all_day", "am", "pm"] as const;
/** workflow.task. */
export const taskValues = [
  "assembly",
  "garbage",
  "parcels_1",
  "antigen",
  "pcr",
  "parcels_2",
  "gate_sort",
  "pcr_marshal",
  "briefing_lead",
] as const;
/** workflow.scope. */
export const scopeValues = ["route", "post"] as const;
/** workflow.wave and parcels.wave: the manifest's option values "1" and "2", as numbers. */
export const waveValues = [1, 2] as const;

export type Role = (typeof roleValues)[number];
export type Availability = (typeof availabilityValues)[number];
export type Task = (typeof taskValues)[number];
export type Scope = (typeof scopeValues)[number];
export type Wave = (typeof waveValues)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
const hhmm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, "HH:MM");
const mobile = z.string().regex(/^1[3-9]\d{9}$/, "11-digit mainland mobile");
const nonEmpty = z.string().min(1);
const count = z.number().int().nonnegative();
const wave = z.union([z.literal(1), z.literal(2)]);

/**
 * Where a value came from: the row as read this sync. `key` is the gateway's row identity (what a
 * write uses to find the row again after a sort); `rowNumber` is only true for this read.
 */
export const rowRefSchema = z.object({
  tab: z.enum(organizerTabKeys),
  rowNumber: z.number().int().positive(),
  key: z.string(),
});
export type RowRef = z.infer<typeof rowRefSchema>;

/** One person on the roster. `active: false` (在册: 否) keeps them off every plan. */
export const volunteerSchema = z.object({
  row: rowRefSchema,
  id: nonEmpty,
  name: nonEmpty,
  phone: mobile,
  /** Whole years, already checked against the community's age limit. */
  age: z.number().int().positive(),
  /** The Buildings tab's name for it, or null when blank or not a known building. */
  homeBuilding: nonEmpty.nullable(),
  roles: z.array(z.enum(roleValues)),
  /** Blank means active: rosters list people to use, and 否 is typed when someone drops out. */
  active: z.boolean(),
  note: z.string(),
  /**
   * 培训日期, a system column: the day roll call saw them at the morning training (YYYY-MM-DD),
   * or whatever an organizer typed there for training given before ZoneCrew (a date is read as
   * one; other text, e.g. 已培训, is kept as typed). Null (blank) means never trained: the plan
   * sends them to the training first and never alone on a route. Never a problem on the row.
   */
  trainedOn: z.string().nullable(),
});
export type Volunteer = z.infer<typeof volunteerSchema>;

/**
 * One volunteer's sign-up for one date, after rows for the same person and date were merged.
 * `volunteerId` and `name` are the roster's, whichever of the two the organizer typed.
 */
export const signupSchema = z.object({
  row: rowRefSchema,
  /** Later rows for the same volunteer and date folded into this one (each got a warning). */
  mergedRows: z.array(rowRefSchema),
  date: isoDate,
  volunteerId: nonEmpty,
  name: nonEmpty,
  availability: z.enum(availabilityValues),
  /**
   * A workflow post's step ID ("P1"), "route" (any route; a route stage's ID or 包干 was typed),
   * "standby" (待命), or null. Pins that cannot be honoured are dropped with a warning.
   */
  pin: nonEmpty.nullable(),
  note: z.string(),
});
export type Signup = z.infer<typeof signupSchema>;

/** One building of the compound. */
export const buildingSchema = z.object({
  row: rowRefSchema,
  /** The name parcels and routes use, e.g. "3号楼". */
  building: nonEmpty,
  zone: nonEmpty,
  households: z.number().int().positive(),
  /** Walking order inside the zone; null when blank (the planner falls back to its own order). */
  routeOrder: z.number().int().positive().nullable(),
  /** Other spellings residents use ("3栋", "B3"); parcels and home buildings resolve through them. */
  aliases: z.array(nonEmpty),
});
export type Building = z.infer<typeof buildingSchema>;

/** A stage every route runs, or a fixed post with a headcount. */
export const workflowStepSchema = z.object({
  row: rowRefSchema,
  id: nonEmpty,
  task: z.enum(taskValues),
  scope: z.enum(scopeValues),
  start: hhmm,
  end: hhmm,
  /** Posts: people needed (always ≥ 1); routes: whatever was typed, usually null. */
  headcount: z.number().int().positive().nullable(),
  role: z.enum(roleValues).nullable(),
  wave: wave.nullable(),
  place: nonEmpty.nullable(),
  /** Only on this date (replacing the undated steps it overlaps); null means every day. */
  date: isoDate.nullable(),
  note: z.string(),
});
export type WorkflowStep = z.infer<typeof workflowStepSchema>;

/** Parcels for one building and wave on one date; medicine and cold chain are part of `count`. */
export const parcelCountSchema = z.object({
  row: rowRefSchema,
  date: isoDate,
  wave,
  /** Resolved to the Buildings tab's name ("3栋" typed -> "3号楼"). */
  building: nonEmpty,
  count,
  medicine: count,
  coldChain: count,
});
export type ParcelCount = z.infer<typeof parcelCountSchema>;

/** One line of protective supplies. */
export const supplyItemSchema = z.object({
  row: rowRefSchema,
  item: nonEmpty,
  unit: z.string(),
  stock: count,
  /** Use per on-duty volunteer per day; may be fractional (0.2 litres). */
  perVolunteer: z.number().nonnegative(),
  reorderLevel: count.nullable(),
  note: z.string(),
});
export type SupplyItem = z.infer<typeof supplyItemSchema>;

/**
 * The validated input for planning. Every entity comes from a row with no error; `excluded`
 * lists the rows left out because they had at least one error (see the validator's problems).
 */
export const snapshotSchema = z.object({
  /** The community's today when this was validated; sign-up dates were judged against it. */
  today: isoDate,
  ageLimit: z.number().int().positive(),
  volunteers: z.array(volunteerSchema),
  signups: z.array(signupSchema),
  buildings: z.array(buildingSchema),
  workflow: z.array(workflowStepSchema),
  parcels: z.array(parcelCountSchema),
  supplies: z.array(supplyItemSchema),
  excluded: z.array(rowRefSchema),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

/** The schema of each organizer tab's entity. */
export const tabSchemas = {
  volunteers: volunteerSchema,
  signups: signupSchema,
  buildings: buildingSchema,
  workflow: workflowStepSchema,
  parcels: parcelCountSchema,
  supplies: supplyItemSchema,
} as const;

/** Entity type per tab. */
export interface TabEntities {
  volunteers: Volunteer;
  signups: Signup;
  buildings: Building;
  workflow: WorkflowStep;
  parcels: ParcelCount;
  supplies: SupplyItem;
}

/** Fields that describe where a row came from rather than a column's value. */
export const metaFields = ["row", "mergedRows"] as const;

/**
 * System-owned columns of organizer tabs that the sync also reads (column key -> field): what
 * ZoneCrew wrote there feeds the next plan. Check is written only, so it is not here.
 */
export const systemColumnFields: { readonly [T in OrganizerTabKey]?: Readonly<Record<string, ValueField<T>>> } = {
  volunteers: { trained_on: "trainedOn" },
};

type ValueField<T extends OrganizerTabKey> = Exclude<keyof TabEntities[T], (typeof metaFields)[number]>;

/**
 * Manifest column key -> entity field, for every organizer column of every tab. System columns
 * (Check) have none: they are what the validator writes, not what it reads.
 */
export const columnFields: { readonly [T in OrganizerTabKey]: Readonly<Record<string, ValueField<T>>> } = {
  volunteers: {
    volunteer_id: "id",
    name: "name",
    phone: "phone",
    age: "age",
    home_building: "homeBuilding",
    roles: "roles",
    active: "active",
    note: "note",
  },
  signups: {
    date: "date",
    volunteer_id: "volunteerId",
    name: "name",
    availability: "availability",
    pin: "pin",
    note: "note",
  },
  buildings: {
    building: "building",
    zone: "zone",
    households: "households",
    route_order: "routeOrder",
    aliases: "aliases",
  },
  workflow: {
    step: "id",
    task: "task",
    scope: "scope",
    start: "start",
    end: "end",
    headcount: "headcount",
    role: "role",
    wave: "wave",
    place: "place",
    date: "date",
    note: "note",
  },
  parcels: {
    date: "date",
    wave: "wave",
    building: "building",
    count: "count",
    medicine: "medicine",
    cold_chain: "coldChain",
  },
  supplies: {
    item: "item",
    unit: "unit",
    stock: "stock",
    per_volunteer: "perVolunteer",
    reorder_level: "reorderLevel",
    note: "note",
  },
};
