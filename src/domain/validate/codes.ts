/**
 * Every problem code the validator can produce, with its severity and what it means.
 *
 * Codes are stable: the Problems tab, the API and tests key on them, so a code is never renamed or
 * reused for another meaning. A code has one severity everywhere, so organizers learn that a
 * `warning` row is still planned and an `error` row is not. Tests check every problem produced
 * against this table.
 */
import type { Severity } from "../problem.ts";

export const problemCodes = {
  // Any cell
  required_missing: { severity: "error", meaning: "A required cell is blank (for sign-ups: neither ID nor name)." },
  value_invalid: {
    severity: "error",
    meaning: "A cell the normalizer refused, where the value matters; carries its advice.",
  },
  value_ignored: {
    severity: "warning",
    meaning: "An optional cell that could not be read; treated as blank (or unknown words dropped).",
  },
  formula_error: { severity: "error", meaning: "The cell shows a failed formula (#REF!, #N/A, Loading...)." },
  text_too_long: { severity: "error", meaning: "An ID, name, building, zone or item longer than 100 characters." },
  looks_like_formula: { severity: "warning", meaning: 'An ID or name that starts with "=" (kept as text).' },
  schema_mismatch: {
    severity: "error",
    meaning: "The row read into a record the model rejects (an internal bug, never expected).",
  },
  // Volunteers
  duplicate_volunteer_id: {
    severity: "error",
    meaning: "Two or more rows share a volunteer ID; all of them are left out.",
  },
  phone_invalid: { severity: "error", meaning: "Not an 11-digit mainland mobile number." },
  duplicate_phone: { severity: "warning", meaning: "The same phone as an earlier volunteer row (on the later row)." },
  age_missing: { severity: "error", meaning: "Age is blank." },
  age_invalid: { severity: "error", meaning: "Age is not a whole number above 0." },
  age_over_limit: {
    severity: "error",
    meaning: "An active volunteer at or over the community's age limit (default 50).",
  },
  building_unknown: { severity: "warning", meaning: "Home building not in the Buildings tab; planned without it." },
  building_ambiguous: { severity: "warning", meaning: "Home building could be two buildings; planned without it." },
  // Signups
  signup_unknown_volunteer: { severity: "error", meaning: "No volunteer has this ID (or this name)." },
  signup_ambiguous_name: {
    severity: "error",
    meaning: "Name only, and two or more active volunteers have it: write the ID.",
  },
  signup_name_mismatch: {
    severity: "warning",
    meaning: "The ID exists but the name beside it is another person's; matched by ID.",
  },
  signup_inactive_volunteer: { severity: "error", meaning: "The volunteer is marked inactive (在册: 否)." },
  signup_volunteer_excluded: {
    severity: "error",
    meaning: "The volunteer's roster row has an error; fix that row first.",
  },
  signup_date_past: {
    severity: "warning",
    meaning: "The date is before today; kept, but no plan is made for it again.",
  },
  signup_date_too_far: { severity: "error", meaning: "The date is more than 7 days after today." },
  signup_duplicate: {
    severity: "warning",
    meaning: "Same volunteer and date as an earlier row; merged into it (am + pm = all day).",
  },
  pin_unknown_post: {
    severity: "warning",
    meaning: "The pinned post is not a (valid) workflow step; the pin is dropped.",
  },
  pin_not_that_day: { severity: "warning", meaning: "The pinned post runs on another date only; the pin is dropped." },
  pin_missing_role: {
    severity: "warning",
    meaning: "The volunteer lacks the role the pinned post needs; the pin is dropped.",
  },
  // Buildings
  duplicate_building: { severity: "error", meaning: "A building name on two or more rows; all of them are left out." },
  households_invalid: { severity: "error", meaning: "Households is not a positive whole number." },
  building_alias_conflict: { severity: "warning", meaning: "An alias that is also another building's name or alias." },
  // Workflow
  duplicate_step: { severity: "error", meaning: "A step ID on two or more rows; all of them are left out." },
  workflow_end_before_start: { severity: "error", meaning: "A step's end time is not after its start." },
  workflow_overlap: {
    severity: "error",
    meaning: "Route steps that run on the same day overlap in time (every one involved).",
  },
  workflow_order: {
    severity: "warning",
    meaning: "A route step listed after one that starts later; planned by start time.",
  },
  workflow_gap: {
    severity: "warning",
    meaning: "A break between consecutive route steps (volunteers wait in their suit).",
  },
  headcount_missing: { severity: "error", meaning: "A fixed post without a headcount." },
  // Parcels
  parcels_unknown_building: {
    severity: "error",
    meaning: "Parcels for a building not in (or with an error in) the Buildings tab.",
  },
  parcels_ambiguous_building: { severity: "error", meaning: "The parcels' building could be two buildings." },
  parcels_negative: { severity: "error", meaning: "A negative parcel, medicine or cold-chain count." },
  parcels_priority_exceeds_count: {
    severity: "warning",
    meaning: "Medicine + cold chain is more than the parcel count.",
  },
  parcels_duplicate: {
    severity: "warning",
    meaning: "Another row has the same date, wave and building; counts add up.",
  },
  // Supplies
  duplicate_supply_item: { severity: "error", meaning: "An item on two or more rows; all of them are left out." },
  stock_negative: { severity: "error", meaning: "Stock below zero." },
  value_negative: { severity: "error", meaning: "Use per volunteer per day below zero." },
  stock_below_reorder: { severity: "warning", meaning: "Stock below the item's reorder level." },
} as const satisfies Record<string, { severity: Severity; meaning: string }>;

export type ProblemCode = keyof typeof problemCodes;
