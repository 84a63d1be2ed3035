/**
 * After the day: does the sheet say what D1 says, and did every acknowledged answer arrive once?
 *
 * - D1 (the organizer API's day report) must hold every answer a page acknowledged, with the
 *   answer given, and exactly one history entry per tap that changed something;
 * - the Plan tab must have exactly one row per volunteer of the date, showing the post D1 has and
 *   the status D1 has (a pending volunteer may read "at risk" after the morning chase);
 * - the Problems tab must show the problems the organizers need to see.
 */
import { terms } from "../../domain/glossary.ts";
import { say, type Bilingual, type Language } from "../../domain/language.ts";
import { statusLabel } from "../../services/plan-tab.ts";
import type { SimClient } from "./client.ts";
import type { CompoundSpec } from "./compounds.ts";
import { TAB } from "./signups.ts";

export interface DayReport {
  version: number;
  status: string;
  counts: { onPlan: number; confirmed: number; pending: number; declined: number };
  assignments: Array<{
    volunteerId: string;
    post: string;
    /** The duty in both languages; the sheet shows it in the community's. */
    postText: Bilingual | null;
    buildings: string[];
    status: "pending" | "confirmed" | "declined";
    answer: { answer: string } | null;
  }>;
  left: Array<{ volunteerId: string; status: string; answer: { answer: string } | null }>;
  changes: Array<{ version: number; volunteerId: string; change: string; replaces: string | null }>;
  history: Array<{ volunteerId: string; answer: string }>;
}

export function dayReport(client: SimClient, spec: CompoundSpec, date: string): Promise<DayReport> {
  return client.api<DayReport>(spec.token, "GET", `/api/${spec.slug}/plans/${date}`);
}

export interface AnswerCheck {
  lost: number;
  duplicated: number;
  sheetEqualsD1: boolean;
  mismatches: string[];
}

/**
 * `acknowledged`: volunteer ID -> the last answer a page acknowledged for them (303).
 * `chased`: the morning chase ran, so pending rows may read 未回复.
 */
export async function checkDay(
  client: SimClient,
  spec: CompoundSpec,
  date: string,
  acknowledged: ReadonlyMap<string, "confirm" | "decline">,
  chased: boolean,
  /** The compounds' language (the simulation's are the default, 中文). */
  language: Language = "zh",
): Promise<AnswerCheck & { report: DayReport }> {
  const report = await dayReport(client, spec, date);
  const mismatches: string[] = [];
  let lost = 0;
  let duplicated = 0;

  // D1: every acknowledged answer is there, once.
  const current = new Map<string, string>();
  for (const a of report.assignments) if (a.answer) current.set(a.volunteerId, a.answer.answer);
  for (const a of report.left) if (a.answer) current.set(a.volunteerId, a.answer.answer);
  const historyCount = new Map<string, number>();
  for (const h of report.history) historyCount.set(h.volunteerId, (historyCount.get(h.volunteerId) ?? 0) + 1);
  for (const [id, answer] of acknowledged) {
    if (current.get(id) !== answer) {
      lost++;
      mismatches.push(`${id}: page acknowledged ${answer}, D1 has ${current.get(id) ?? "nothing"}`);
    }
    // Each simulated volunteer answers once, so one history entry; a retried tap must not add one.
    if ((historyCount.get(id) ?? 0) > 1) {
      duplicated++;
      mismatches.push(`${id}: ${historyCount.get(id)} answers in D1 for one answer given`);
    }
  }
  for (const id of current.keys()) {
    if (!acknowledged.has(id)) mismatches.push(`${id}: D1 has an answer no page acknowledged`);
  }

  // The Plan tab: one row per volunteer of the date, the same post and status as D1.
  const rows = await client.tabValues(spec.spreadsheetId, TAB.plan);
  const header = rows[0] ?? [];
  const col = (en: string) => header.findIndex((h) => h.endsWith(en));
  const [cDate, cId, cPost, cStatus] = [col("Date"), col("Volunteer ID"), col("Post"), col("Status")];
  const byId = new Map<string, string[][]>();
  for (const r of rows.slice(1)) {
    if (r[cDate] !== date) continue;
    byId.set(r[cId]!, [...(byId.get(r[cId]!) ?? []), r]);
  }
  for (const [id, list] of byId) {
    if (list.length > 1) {
      duplicated++;
      mismatches.push(`${id}: ${list.length} rows in the Plan tab`);
    }
  }
  const accepted = (status: string): string[] =>
    status === "pending"
      ? [statusLabel("pending", language), ...(chased ? [statusLabel("at_risk", language)] : [])]
      : [statusLabel(status as "confirmed" | "declined", language)];
  let sheetDiffers = 0;
  const expect = (id: string, status: string, post: string | null) => {
    const row = byId.get(id)?.[0];
    if (!row) {
      sheetDiffers++;
      mismatches.push(`${id}: no Plan-tab row`);
      return;
    }
    if (!accepted(status).includes(row[cStatus] ?? "")) {
      sheetDiffers++;
      mismatches.push(`${id}: sheet status "${row[cStatus] ?? ""}", D1 ${status}`);
    }
    if (post !== null && row[cPost] !== post) {
      sheetDiffers++;
      mismatches.push(`${id}: sheet post "${row[cPost] ?? ""}", D1 "${post}"`);
    }
  };
  for (const a of report.assignments) expect(a.volunteerId, a.status, a.postText ? say(language, a.postText) : "");
  for (const a of report.left) expect(a.volunteerId, a.status, null);
  const known = new Set([...report.assignments, ...report.left].map((a) => a.volunteerId));
  for (const [id, list] of byId) {
    if (!known.has(id) && list[0]![cStatus] !== say(language, terms.removed)) {
      sheetDiffers++;
      mismatches.push(`${id}: Plan-tab row "${list[0]![cStatus] ?? ""}" for someone D1 does not have on the day`);
    }
  }
  // An answer acknowledged but shown wrong in the sheet is lost for the organizers too.
  for (const [id, answer] of acknowledged) {
    const row = byId.get(id)?.[0];
    const want = statusLabel(answer === "confirm" ? "confirmed" : "declined", language);
    const d1 = report.assignments.find((a) => a.volunteerId === id)?.status;
    // A confirmation moved to another post by a replan is pending again in both D1 and the sheet.
    if (row && row[cStatus] !== want && d1 !== "pending") {
      lost++;
    }
  }
  return { lost, duplicated, sheetEqualsD1: sheetDiffers === 0, mismatches, report };
}

/** Problems tab rows whose code is `code` and whose tab cell names `tab` (zh + en text both present). */
export async function problemsShown(
  client: SimClient,
  spec: CompoundSpec,
  tab: string,
  code: string,
): Promise<Array<{ zh: string; en: string }>> {
  const rows = await client.tabValues(spec.spreadsheetId, TAB.problems);
  const header = rows[0] ?? [];
  const col = (en: string) => header.findIndex((h) => h.endsWith(en));
  const [cTab, cCode, cZh, cEn] = [col("Tab"), col("Code"), col("Chinese"), col("English")];
  return (
    rows
      .slice(1)
      // The compounds read 中文: the tab by its Chinese name, the English column left empty.
      .filter((r) => r[cTab] === tab && r[cCode] === code && (r[cZh] ?? "") !== "")
      .map((r) => ({ zh: r[cZh]!, en: r[cEn] ?? "" }))
  );
}
