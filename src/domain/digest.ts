/**
 * The organizers' morning digest, as text for the group (Chinese first, English second): coverage,
 * answers, no-shows so far, and protective supplies used against stock with a warning when stock
 * runs out within a few days at today's rate. Pure.
 */
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
}

export interface SupplyForecast {
  item: string;
  unit: string;
  usedToday: number;
  stock: number;
  /** Whole days the stock lasts at today's use; null when nothing is used. */
  daysLeft: number | null;
  warn: boolean;
}

export function supplyForecast(plan: Plan | undefined, warnDays: number): SupplyForecast[] {
  return (plan?.supplies ?? []).map((s) => {
    const daysLeft = s.needed > 0 ? Math.floor(s.stock / s.needed) : null;
    return {
      item: s.item,
      unit: s.unit,
      usedToday: s.needed,
      stock: s.stock,
      daysLeft,
      warn: daysLeft !== null && daysLeft < warnDays,
    };
  });
}

export function digestText(input: DigestInput): string {
  const [, m, d] = input.date.split("-").map(Number);
  const lines = [`【${input.communityName} 日报 Daily digest】${m}月${d}日 ${input.date}`];
  const parked = input.sheetParked;
  if (parked) {
    lines.push(`⚠️ 表格写不进去，有 ${parked.pending} 行在等：${parked.zh}`);
    lines.push(`⚠️ The sheet refuses ZoneCrew's writes; ${parked.pending} rows wait: ${parked.en}`);
  }
  const plan = input.plan;
  if (!plan) {
    lines.push("今天没有发布的分工。No plan was published for today.");
    return lines.join("\n");
  }
  const metrics = plan.metrics;
  lines.push(`覆盖 Coverage: ${metrics.covered}/${metrics.buildings} 楼栋 buildings`);
  if (plan.uncovered.length > 0) lines.push(`⚠️ 未覆盖 Uncovered: ${plan.uncovered.join("、")}`);
  const a = input.answers;
  lines.push(
    `回复 Answers: 已确认 confirmed ${a.confirmed} · 不能来 declined ${a.declined} · 未回复 pending ${a.pending}`,
  );
  lines.push(`未到（集合后仍未确认）No-shows so far (unconfirmed after assembly): ${a.pending}`);
  lines.push(`上岗 On duty: ${metrics.onDuty} 人 people · 防护服 suits ${metrics.protectiveSuits}`);
  for (const f of supplyForecast(plan, input.warnDays)) {
    const days = f.daysLeft === null ? "—" : `${f.daysLeft} 天 days`;
    const mark = f.warn ? "⚠️ " : "";
    lines.push(
      `${mark}${f.item}: 今日用 used ${f.usedToday}${f.unit} / 库存 stock ${f.stock}${f.unit} → 可用 lasts ${days}`,
    );
  }
  const warned = supplyForecast(plan, input.warnDays).filter((f) => f.warn);
  if (warned.length > 0) {
    lines.push(
      `请尽快补货：${warned.map((f) => f.item).join("、")}。Reorder soon: ${warned.map((f) => f.item).join(", ")}.`,
    );
  }
  return lines.join("\n");
}
