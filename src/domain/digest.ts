/**
 * The organizers' morning digest, as text for the group in the community's language: coverage,
 * answers (an unanswered link is 未回复, never a no-show: nobody has checked who came), and
 * protective supplies used against stock with a warning when stock runs out within a few days at
 * today's rate. Pure.
 */
import { chineseOnly } from "./broadcast.ts";
import { quantity, terms } from "./glossary.ts";
import { say, type Language } from "./language.ts";
import type { Plan } from "./plan/index.ts";

export interface DigestInput {
  date: string;
  communityName: string;
  plan: Plan | undefined;
  answers: { confirmed: number; declined: number; pending: number };
  /** Warn when a supply lasts fewer days than this at today's use. */
  warnDays: number;
  /** Set while the sheet refuses ZoneCrew's writes for good (the outbox parked them). */
  sheetParked?: { zh: string; en: string; pending: number };
  /** The community's language; both (Chinese line, then English) when absent. */
  language?: Language;
  /**
   * The roll call so far (absent before anyone was marked): who came and who did not. Supplies
   * handed out per person (one suit each) are then counted from who came, not from the plan.
   */
  rollCall?: RollSummary;
}

/** The roll call by zone (then the fixed posts): who came, who did not, and how many were refilled. */
export interface RollSummary {
  present: number;
  absent: number;
  /** No-shows whose duty a standby took. */
  refilled?: number;
  zones?: Array<{ zone: string; present: number; absent: number; refilled: number; people: number }>;
}

/** The roll-call lines of the digest and the wrap-up. */
export function rollLines(roll: RollSummary, language: Language): string[] {
  const line = (zh: string, en: string) => say(language, { zh, en }, language === "zh+en" ? "\n" : " ");
  const refilled = roll.refilled ?? 0;
  const lines = [
    line(
      `点名：到 ${roll.present} 人，未到 ${roll.absent} 人${refilled > 0 ? `，已找人顶替 ${refilled} 人` : ""}（物资按到的人数算）`,
      `Roll call: ${roll.present} here, ${roll.absent} absent${refilled > 0 ? `, ${refilled} refilled from standby` : ""} (supplies counted from who came)`,
    ),
  ];
  for (const z of roll.zones ?? []) {
    const zone = language === "en" ? z.zone : chineseOnly(z.zone);
    lines.push(
      line(
        `· ${zone}：到 ${z.present} / ${z.people} 人${z.absent > 0 ? `，未到 ${z.absent}` : ""}${z.refilled > 0 ? `，顶替 ${z.refilled}` : ""}`,
        `· ${z.zone}: ${z.present} of ${z.people} here${z.absent > 0 ? `, ${z.absent} absent` : ""}${z.refilled > 0 ? `, ${z.refilled} refilled` : ""}`,
      ),
    );
  }
  lines.push(
    line(
      `防护服：发出 ${quantity(roll.present, "套")}（一人一套）`,
      `Protective suits handed out: ${roll.present} (one each)`,
    ),
  );
  return lines;
}

export interface SupplyForecast {
  item: string;
  unit: string;
  usedToday: number;
  /** What the plan counted on (people on duty); differs from `usedToday` once the roll call ran. */
  planned: number;
  stock: number;
  /** Whole days the stock lasts at today's use; null when nothing is used. */
  daysLeft: number | null;
  warn: boolean;
}

export function supplyForecast(plan: Plan | undefined, warnDays: number, present?: number): SupplyForecast[] {
  return (plan?.supplies ?? []).map((s) => {
    // Handed out per person present (a standby called in gets one too), once the roll call ran.
    // Rounded up like the plan's `needed` (0.2 × 85 is 17.000000000000004 in floating point).
    const used =
      present !== undefined && s.perVolunteer > 0
        ? Math.ceil(Math.round(s.perVolunteer * present * 1e6) / 1e6)
        : s.needed;
    const daysLeft = used > 0 ? Math.floor(s.stock / used) : null;
    return {
      item: s.item,
      unit: s.unit,
      usedToday: used,
      planned: s.needed,
      stock: s.stock,
      daysLeft,
      warn: daysLeft !== null && daysLeft < warnDays,
    };
  });
}

export function digestText(input: DigestInput): string {
  const language = input.language ?? "zh+en";
  const line = (zh: string, en: string) => say(language, { zh, en }, language === "zh+en" ? "\n" : " ");
  const [, m, d] = input.date.split("-").map(Number);
  const lines = [
    line(
      `【${chineseOnly(input.communityName)}】${m}月${d}日日报`,
      `${input.communityName}: daily digest, ${input.date}`,
    ),
  ];
  const parked = input.sheetParked;
  if (parked) {
    lines.push(
      line(
        `⚠️ 表格写不进去，有 ${parked.pending} 行在等：${parked.zh}`,
        `⚠️ The sheet refuses ZoneCrew's writes; ${parked.pending} rows wait: ${parked.en}`,
      ),
    );
  }
  const plan = input.plan;
  if (!plan) {
    lines.push(line("今天没有发布的分工。", "No plan was published for today."));
    return lines.join("\n");
  }
  const metrics = plan.metrics;
  lines.push(
    line(
      `覆盖：${metrics.covered}/${metrics.buildings} 栋楼`,
      `Coverage: ${metrics.covered}/${metrics.buildings} buildings`,
    ),
  );
  if (plan.uncovered.length > 0) {
    lines.push(line(`⚠️ 没人负责的楼：${plan.uncovered.join("、")}`, `⚠️ Uncovered: ${plan.uncovered.join(", ")}`));
  }
  const a = input.answers;
  // Unanswered links are only that: nobody has checked yet who came (glossary: never 未到).
  lines.push(
    line(
      `回复：${terms.confirmed.zh} ${a.confirmed} 人，${terms.declined.zh} ${a.declined} 人，${terms.unanswered.zh} ${a.pending} 人`,
      `Answers: ${a.confirmed} confirmed, ${a.declined} declined, ${a.pending} not answered`,
    ),
  );
  lines.push(
    line(
      `上岗 ${metrics.onDuty} 人，防护服 ${quantity(metrics.protectiveSuits, "套")}`,
      `On duty: ${metrics.onDuty} people, ${metrics.protectiveSuits} protective suits`,
    ),
  );
  const roll = input.rollCall;
  if (roll) lines.push(...rollLines(roll, language));
  const forecast = supplyForecast(plan, input.warnDays, roll?.present);
  for (const f of forecast) {
    const mark = f.warn ? "⚠️ " : "";
    const planned = f.planned !== f.usedToday;
    lines.push(
      line(
        `${mark}${chineseOnly(f.item)}：今天用 ${quantity(f.usedToday, f.unit)}${planned ? `（计划 ${quantity(f.planned, f.unit)}）` : ""}，库存 ${quantity(f.stock, f.unit)}，${f.daysLeft === null ? "今天没用" : `还够 ${f.daysLeft} 天`}`,
        `${mark}${f.item}: used ${quantity(f.usedToday, f.unit)} today${planned ? ` (planned ${quantity(f.planned, f.unit)})` : ""}, ${quantity(f.stock, f.unit)} in stock, ${f.daysLeft === null ? "none used today" : `lasts ${f.daysLeft} days`}`,
      ),
    );
  }
  const warned = forecast.filter((f) => f.warn);
  if (warned.length > 0) {
    lines.push(
      line(
        `请尽快补货：${warned.map((f) => chineseOnly(f.item)).join("、")}。`,
        `Reorder soon: ${warned.map((f) => f.item).join(", ")}.`,
      ),
    );
  }
  return lines.join("\n");
}
