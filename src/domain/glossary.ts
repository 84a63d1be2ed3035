/**
 * Every word ZoneCrew uses for a thing people read, once, in Chinese and English. Read as a
 * Shanghai resident would: plain words, one word per thing, nothing with an epidemic-control ring
 * where none is meant. Sentences live beside the page or message that says them; the things they
 * name come from here, so a status, a duty or a round is called the same everywhere.
 *
 * Chosen words, and why:
 * - 未回复 (not 有风险) for a link nobody answered: in Shanghai 2022 有风险 labelled risk areas and
 *   people. After the answer deadline: 可能缺岗. Never 未到 for an unanswered link: nobody has
 *   checked who came.
 * - 第一轮快递 / 第二轮快递, never 第一波: one word for the parcel rounds.
 * - 包干 for a route volunteer's own buildings ("东区 3号楼（包干）"), 待命 for standby.
 * - 队长 for a zone captain; 管理口令 for the organizers' password; 小区编号 for the community's
 *   code in addresses.
 * - 组织者 for a compound's organizers, never 管理员: that word is kept for whoever runs the
 *   service itself (its settings; one deployment may serve a whole street), a different person.
 * - 门口消杀分拣 for the gate crew and its duty, the article's own words ("消杀、按楼栋分拣"): never
 *   门岗 (in 2022 the guards who kept people in) nor 门口组.
 */
import type { Bilingual } from "./language.ts";

export const terms = {
  // A volunteer's answer, as the Plan tab and the console show it.
  draft: { zh: "草稿", en: "Draft" },
  pending: { zh: "待确认", en: "Pending" },
  confirmed: { zh: "已确认", en: "Confirmed" },
  declined: { zh: "不能来", en: "Declined" },
  unanswered: { zh: "未回复", en: "Not answered" },
  mayBeShort: { zh: "可能缺岗", en: "May be short" },
  replaced: { zh: "已替换", en: "Replaced" },
  removed: { zh: "已移出", en: "Removed" },
  notOnPlan: { zh: "不在分工里", en: "Not on the plan" },
  // Duties.
  route: { zh: "包干", en: "Route" },
  standby: { zh: "待命", en: "Standby" },
  posts: { zh: "各岗位", en: "Posts" },
  captain: { zh: "队长", en: "Captain" },
  parcelRound1: { zh: "第一轮快递", en: "Parcel round 1" },
  parcelRound2: { zh: "第二轮快递", en: "Parcel round 2" },
  volunteerDuty: { zh: "志愿者值班", en: "Volunteer duty" },
  // The gate crew and its post: one phrase in Chinese; English says "Gate sorting" for the post.
  gateCrew: { zh: "门口消杀分拣", en: "Gate crew" },
  // 先培训再分工: the morning training at assembly, and the Volunteers tab's 培训日期.
  training: { zh: "培训", en: "Training" },
  // The console.
  organizer: { zh: "组织者", en: "Organizer" },
  administrator: { zh: "管理员", en: "Administrator" },
  organizerPassword: { zh: "管理口令", en: "Organizer password" },
  communityCode: { zh: "小区编号", en: "Community code" },
} as const satisfies Record<string, Bilingual>;

export type Term = keyof typeof terms;

/** "第一轮快递" for round 1; rounds past two (not in the article's day) are numbered. */
export function parcelRound(n: number): Bilingual {
  if (n === 1) return terms.parcelRound1;
  if (n === 2) return terms.parcelRound2;
  return { zh: `第${n}轮快递`, en: `Parcel round ${n}` };
}

/** "85 套": a count and its unit with a space between, the same in every message and digest. */
export function quantity(n: number, unit: string): string {
  return unit ? `${n} ${unit}` : String(n);
}

/** "东区 3号楼、5号楼（包干）" / "Route 东区: 3号楼, 5号楼". */
export function routeLabel(zone: string, buildings: readonly string[]): Bilingual {
  return {
    zh: `${zone} ${buildings.join("、")}（${terms.route.zh}）`.trim(),
    en: `${terms.route.en} ${zone}: ${buildings.join(", ")}`.trim(),
  };
}
