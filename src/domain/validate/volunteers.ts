/**
 * Volunteers tab rules: who may be planned at all.
 *
 * Errors exclude the person from every plan (no ID, a duplicate ID, no usable phone, no age, over
 * the age limit); warnings keep them (a phone shared with someone else, an unknown home building,
 * an unknown role word). The age limit applies to active volunteers only, so an organizer can keep
 * an older helper on the roster by marking them 在册: 否.
 */
import { roleValues, volunteerSchema, type Role, type Volunteer } from "../model.ts";
import {
  matchOptionList,
  normalizeBoolean,
  normalizeDate,
  normalizeName,
  normalizePhone,
  parseInteger,
  type BuildingResolver,
} from "../normalize.ts";
import { manifestOptions, roleSynonyms } from "./manifest.ts";
import {
  accept,
  groupBy,
  idKey,
  memo,
  raw,
  readCell,
  readText,
  report,
  reportInvalid,
  rowNumbers,
  startRow,
  type RowInput,
  type RowState,
} from "./row.ts";

export interface VolunteerRules {
  /** Active volunteers must be younger than this (the compound's "under 50"). */
  ageLimit: number;
  /** Resolves home buildings against the valid rows of the Buildings tab. */
  resolveBuilding: BuildingResolver;
  /** The community's today, to read 培训日期 written without a year; absent keeps the text. */
  today?: string;
}

/** One volunteer row as read, before cross-row rules decide whether it is used. */
export interface VolunteerDraft {
  row: RowState;
  id: string | undefined;
  name: string | undefined;
  phone: string | undefined;
  age: number | undefined;
  homeBuilding: string | null;
  roles: Role[];
  active: boolean;
  note: string;
  trainedOn: string | null;
}

export interface VolunteersOutcome {
  rows: RowState[];
  drafts: VolunteerDraft[];
  volunteers: Volunteer[];
}

const roleOptions = manifestOptions("volunteers", "roles");

function isRole(value: string): value is Role {
  return (roleValues as readonly string[]).includes(value);
}

/** Readers for the columns whose texts repeat down the roster, memoized per validation. */
interface Readers {
  active: (text: string) => ReturnType<typeof normalizeBoolean>;
  roles: (text: string) => ReturnType<typeof matchOptionList>;
  home: BuildingResolver;
}

function readers(rules: VolunteerRules): Readers {
  return {
    active: memo(normalizeBoolean),
    roles: memo((t) => matchOptionList(t, roleOptions, roleSynonyms)),
    home: memo(rules.resolveBuilding),
  };
}

// What nameKey removes; a normalized name of only these has no letters at all.
const HAS_LETTERS = /[^\s·'-]/;

function readDraft(input: RowInput, rules: VolunteerRules, read: Readers): VolunteerDraft {
  const row = startRow("volunteers", input);
  const id = readText(row, "volunteer_id", { identifier: true });
  const typedName = readText(row, "name", { identifier: true });
  let name: string | undefined;
  if (typedName !== undefined) {
    name = normalizeName(typedName);
    if (!HAS_LETTERS.test(name)) {
      name = undefined;
      reportInvalid(row, "name", {
        zh: "姓名里没有文字（只有表情或符号）：请写真实姓名。",
        en: "The name has no letters (only emoji or symbols): write the person's name.",
      });
    }
  }
  const phone = readCell(row, "phone", normalizePhone, { invalidCode: "phone_invalid" });
  const age = readCell(row, "age", parseInteger, { missingCode: "age_missing", invalidCode: "age_invalid" });
  const active = readCell(row, "active", read.active) ?? true;
  if (age !== undefined && age <= 0) {
    reportInvalid(
      row,
      "age",
      { zh: "年龄要大于 0：请写周岁，例如 35。", en: "An age is more than 0: write whole years, e.g. 35." },
      { invalidCode: "age_invalid" },
    );
  } else if (age !== undefined && active && age >= rules.ageLimit) {
    report(row, {
      code: "age_over_limit",
      severity: "error",
      column: "age",
      zh: `${age} 岁不符合本小区志愿者须在 ${rules.ageLimit} 岁以下的规定，不会给 ta 排班：年龄写错了请改正；否则请把“在册”改为“否”。`,
      en: `Age ${age} is not under this compound's limit of ${rules.ageLimit}, so this person is never planned: correct the age if it is wrong, otherwise set Active to No.`,
    });
  }
  return {
    row,
    id,
    name,
    phone,
    age: age !== undefined && age > 0 ? age : undefined,
    homeBuilding: readHome(row, read.home),
    roles: readRoles(row, read.roles),
    active,
    note: readText(row, "note") ?? "",
    trainedOn: readTrainedOn(row, rules.today),
  };
}

/**
 * 培训日期 is system-owned (roll call writes the day), but an organizer may record training given
 * before ZoneCrew there: a date is read as a date, any other text (已培训) is kept as typed and
 * counts as trained. Never reported: the column is ours, and a blank only means "train first".
 */
function readTrainedOn(row: RowState, today: string | undefined): string | null {
  const text = raw(row, "trained_on").trim();
  if (text === "") return null;
  if (today === undefined) return text;
  const date = normalizeDate(text, { today });
  return date.ok ? date.value : text;
}

/** The home building only steers routes towards home, so an unknown one is a warning. */
function readHome(row: RowState, resolve: BuildingResolver): string | null {
  const text = readCell(row, "home_building", (t) => ({ ok: true, value: t }), { onInvalid: "ignore" });
  if (text === undefined) return null;
  const match = resolve(text);
  if (match.ok) return match.building;
  report(row, {
    code: match.reason === "ambiguous" ? "building_ambiguous" : "building_unknown",
    severity: "warning",
    column: "home_building",
    zh: `所住楼栋：${match.zh}（不改也能排班，只是不会优先安排在家附近。）`,
    en: `Home building: ${match.en} (Planning still works; routes near home just cannot be preferred.)`,
  });
  return null;
}

/** Known roles are kept even beside an unknown word, which is reported and ignored. */
function readRoles(row: RowState, match: Readers["roles"]): Role[] {
  const roles = readCell(
    row,
    "roles",
    (t) => {
      const matched = match(t);
      if (matched.ok) return matched;
      reportInvalid(row, "roles", matched, { onInvalid: "ignore" });
      return { ok: true, value: matched.values };
    },
    { onInvalid: "ignore" },
  );
  return (roles ?? []).filter(isRole);
}

function duplicateIds(drafts: readonly VolunteerDraft[]): void {
  for (const group of groupBy(drafts, (d) => (d.id === undefined ? undefined : idKey(d.id))).values()) {
    if (group.length < 2) continue;
    const where = rowNumbers(group.map((d) => d.row));
    for (const d of group) {
      report(d.row, {
        code: "duplicate_volunteer_id",
        severity: "error",
        column: "volunteer_id",
        zh: `编号 ${d.id} 重复（${where.zh}），这几行都不会排班：每位志愿者一个编号，请给其中一人改号，或删掉重复的一行。`,
        en: `ID ${d.id} appears more than once (${where.en}), so none of these rows is planned: give each person their own ID, or delete the repeated row.`,
      });
    }
  }
}

/** The same phone on two rows is often one person entered twice, but can be a shared family phone. */
function duplicatePhones(drafts: readonly VolunteerDraft[]): void {
  const first = new Map<string, VolunteerDraft>();
  for (const d of drafts) {
    if (d.phone === undefined) continue;
    const earlier = first.get(d.phone);
    if (!earlier) {
      first.set(d.phone, d);
      continue;
    }
    const who = [earlier.id, earlier.name].filter((x) => x !== undefined).join(" ");
    report(d.row, {
      code: "duplicate_phone",
      severity: "warning",
      column: "phone",
      zh: `手机号 ${d.phone} 和第 ${earlier.row.ref.rowNumber} 行（${who}）相同：同一个人请删掉重复的一行；不是同一个人请改正手机号，否则确认链接会发错人。`,
      en: `Phone ${d.phone} is the same as on row ${earlier.row.ref.rowNumber} (${who}): if it is the same person, delete one row; if not, correct the number, or links may reach the wrong person.`,
    });
  }
}

/** Reads every volunteer row, applies the roster-wide rules and returns the usable volunteers. */
export function validateVolunteers(inputs: readonly RowInput[], rules: VolunteerRules): VolunteersOutcome {
  const read = readers(rules);
  const drafts = inputs.map((input) => readDraft(input, rules, read));
  duplicateIds(drafts);
  duplicatePhones(drafts);
  const volunteers: Volunteer[] = [];
  for (const d of drafts) {
    const volunteer = accept(d.row, volunteerSchema, {
      row: d.row.ref,
      id: d.id ?? "",
      name: d.name ?? "",
      phone: d.phone ?? "",
      age: d.age ?? 0,
      homeBuilding: d.homeBuilding,
      roles: d.roles,
      active: d.active,
      note: d.note,
      trainedOn: d.trainedOn,
    });
    if (volunteer) volunteers.push(volunteer);
  }
  return { rows: drafts.map((d) => d.row), drafts, volunteers };
}

/** A short "V012 王芳" for messages. */
export function who(v: Pick<Volunteer, "id" | "name">): string {
  return `${v.id} ${v.name}`;
}
