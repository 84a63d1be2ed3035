/**
 * Merges matched chain lines into the Signups tab for one date: which rows to append, which
 * volunteers are already there, and the totals per part of the day.
 *
 * Explicit rules:
 * - A Signups row is one volunteer on one date (the tab's keys are date + volunteer ID). A
 *   volunteer already signed up for the date is left as the organizers have it, even when the
 *   chain says another part of the day: we only ever add rows, never rewrite organizers' cells.
 *   The difference is reported so an organizer can change it by hand.
 * - A volunteer on several lines of the chain (they re-added themselves, or changed their mind)
 *   gets one row; the parts of the day are combined (上午 + 下午 = 全天), as the Signups tab
 *   merges two rows for one person.
 * - Appended rows carry the roster's ID and name (not the text typed in the chain), the
 *   availability as the dropdown shows it ("全天 All day"), and a note saying they came from a
 *   chain import, followed by the line's comment.
 */
import { AVAILABILITY_OPTIONS, type Availability } from "../normalize.ts";
import { idKey, type MatchedLine } from "./match.ts";

/** A sign-up the sheet already has for the date; availability null when it could not be read. */
export interface ExistingSignup {
  volunteerId: string;
  availability: Availability | null;
}

/** Cells of one appended Signups row, by manifest column key. */
export type SignupRowCells = Record<"date" | "volunteer_id" | "name" | "availability" | "pin" | "note", string>;

export interface MergedVolunteer {
  volunteerId: string;
  name: string;
  availability: Availability;
  /** Chain line numbers this volunteer appears on. */
  lineNumbers: number[];
  /** All day was assumed because no line named a part of the day. */
  defaulted: boolean;
}

export interface PresentVolunteer extends MergedVolunteer {
  /** What the sheet says, when it differs from the chain (left as it is). */
  sheetAvailability: Availability | null;
  differs: boolean;
}

export interface MergeResult {
  rows: SignupRowCells[];
  added: MergedVolunteer[];
  alreadyPresent: PresentVolunteer[];
  /** Volunteers on more than one line of the chain. */
  repeated: MergedVolunteer[];
  /** The chain's volunteers (each once) by part of the day. */
  totals: Record<Availability, number>;
}

export const IMPORT_NOTE = "接龙导入 chain import";
const NOTE_LIMIT = 200;

/** The dropdown label for an availability, e.g. "全天 All day". */
export function availabilityLabel(value: Availability): string {
  const option = AVAILABILITY_OPTIONS.find((o) => o.value === value)!;
  return `${option.zh} ${option.en}`;
}

function combine(a: Availability, b: Availability): Availability {
  return a === b ? a : "all_day";
}

function note(comments: readonly string[]): string {
  const text = [...new Set(comments.filter((c) => c !== ""))].join("；");
  const full = text === "" ? IMPORT_NOTE : `${IMPORT_NOTE}: ${text}`;
  return full.length > NOTE_LIMIT ? `${full.slice(0, NOTE_LIMIT - 1)}…` : full;
}

/**
 * @example
 * mergeSignups(matched, [{ volunteerId: "V001", availability: "am" }], "2022-04-19").rows
 * // [{ date: "2022-04-19", volunteer_id: "V002", name: "李娜", availability: "上午 AM", pin: "", note: "接龙导入 chain import" }]
 */
export function mergeSignups(
  matched: readonly MatchedLine[],
  existing: readonly ExistingSignup[],
  date: string,
): MergeResult {
  const byVolunteer = new Map<string, MergedVolunteer & { comments: string[]; lines: number }>();
  for (const m of matched) {
    const key = idKey(m.volunteer.id);
    const seen = byVolunteer.get(key);
    if (!seen) {
      byVolunteer.set(key, {
        volunteerId: m.volunteer.id,
        name: m.volunteer.name,
        availability: m.availability,
        lineNumbers: [m.line.lineNumber],
        defaulted: m.defaulted,
        comments: [m.line.comment],
        lines: 1,
      });
      continue;
    }
    seen.lines++;
    if (!seen.lineNumbers.includes(m.line.lineNumber)) seen.lineNumbers.push(m.line.lineNumber);
    // A line that names no part of the day adds nothing to one that does.
    if (!m.defaulted) {
      seen.availability = seen.defaulted ? m.availability : combine(seen.availability, m.availability);
      seen.defaulted = false;
    }
    seen.comments.push(m.line.comment);
  }

  const inSheet = new Map<string, Availability | null>();
  for (const e of existing) {
    const key = idKey(e.volunteerId);
    const before = inSheet.get(key);
    inSheet.set(key, before ?? e.availability);
  }

  const result: MergeResult = {
    rows: [],
    added: [],
    alreadyPresent: [],
    repeated: [],
    totals: { all_day: 0, am: 0, pm: 0 },
  };
  for (const [key, v] of byVolunteer) {
    const { comments, lines, ...merged } = v;
    result.totals[merged.availability]++;
    if (lines > 1) result.repeated.push(merged);
    if (inSheet.has(key)) {
      const sheetAvailability = inSheet.get(key) ?? null;
      result.alreadyPresent.push({
        ...merged,
        sheetAvailability,
        differs: sheetAvailability !== null && sheetAvailability !== merged.availability,
      });
      continue;
    }
    result.added.push(merged);
    result.rows.push({
      date,
      volunteer_id: merged.volunteerId,
      name: merged.name,
      availability: availabilityLabel(merged.availability),
      pin: "",
      note: note(comments),
    });
  }
  return result;
}
