/**
 * Every sentence the plan shows a person, Chinese first. Kept in one place so the wording of a
 * shortfall or a failed pin is the same on the console, in the Plan tab and in the group message.
 */
import { parcelRound, quantity, routeLabel, terms } from "../glossary.ts";
import type { Availability, Bilingual, Notice } from "./types.ts";

const taskTitles: Readonly<Record<string, Bilingual>> = {
  assembly: { zh: "集合培训", en: "Assembly & training" },
  garbage: { zh: "收垃圾", en: "Garbage" },
  parcels_1: terms.parcelRound1,
  antigen: { zh: "发抗原", en: "Antigen kits" },
  // One word for PCR duty, on a route or at a post (glossary).
  pcr: { zh: "核酸引导", en: "PCR queue" },
  parcels_2: terms.parcelRound2,
  gate_sort: { zh: terms.gateCrew.zh, en: "Gate sorting" },
  pcr_marshal: { zh: "核酸引导", en: "PCR marshal" },
  briefing_lead: { zh: "培训带队", en: "Briefing lead" },
};

const roleTitles: Readonly<Record<string, Bilingual>> = {
  captain: { zh: "队长", en: "captain" },
  gate: { zh: terms.gateCrew.zh, en: "gate crew" },
  pcr: { zh: "核酸引导", en: "PCR marshal" },
  trainer: { zh: "培训", en: "trainer" },
};

const availabilityTitles: Readonly<Record<Availability, Bilingual>> = {
  all_day: { zh: "全天", en: "all-day" },
  am: { zh: "上午", en: "AM" },
  pm: { zh: "下午", en: "PM" },
};

export function taskTitle(task: string, title?: Bilingual | null): Bilingual {
  return title ?? taskTitles[task] ?? { zh: task, en: task };
}

export function roleTitle(role: string): Bilingual {
  return roleTitles[role] ?? { zh: role, en: role };
}

const notice = (code: string, zh: string, en: string): Notice => ({ code, zh, en });

/**
 * A post as a resident knows it: its times and its name, never the workflow's step code ("P2").
 * The times tell apart shifts that share a name (the gate crew's morning and afternoon).
 *
 * @example
 * postWithTimes({ zh: "门口消杀分拣", en: "Gate sorting", start: "13:00", end: "18:00" });
 * // { zh: "13:00–18:00 门口消杀分拣", en: "Gate sorting 13:00–18:00" }
 */
export function postWithTimes(post: Bilingual & { start: string; end: string }): Bilingual {
  return { zh: `${post.start}–${post.end} ${post.zh}`, en: `${post.en} ${post.start}–${post.end}` };
}

/** Routes by their zone and buildings (a route's ID, "东区/3号楼", means nothing to a resident). */
function routesLabel(routes: ReadonlyArray<{ zone: string; buildings: readonly string[] }>): Bilingual {
  const labels = routes.map((r) => routeLabel(r.zone, r.buildings));
  return { zh: labels.map((l) => l.zh).join("；"), en: labels.map((l) => l.en).join("; ") };
}

type OffOptimum = "replanned" | "unexplained";
const offOptimum: Record<OffOptimum, Bilingual> = {
  replanned: { zh: "调整只改动尽量少的人", en: "a replan moves as few people as it can" },
  unexplained: { zh: "引擎未达到最优（请报告此问题）", en: "the engine missed it (please report this)" },
};

export const text = {
  excludedAge: (age: number, maxAge: number): Bilingual => ({
    zh: `年龄 ${age} 岁，志愿者须小于 ${maxAge} 岁`,
    en: `Age ${age}: volunteers must be under ${maxAge}`,
  }),
  excludedDuplicate: (): Bilingual => ({
    zh: "重复报名，只保留第一条",
    en: "Signed up twice; the first sign-up counts",
  }),
  excludedNoDuty: (a: Availability): Bilingual => ({
    zh: `${availabilityTitles[a].zh}时段当天没有任何岗位`,
    en: `No duty falls in the ${availabilityTitles[a].en} window today`,
  }),

  pinHonoured: (pin: string): Bilingual => ({ zh: `已按指定安排：${pin}`, en: `Pinned as asked: ${pin}` }),
  pinUnknown: (pin: string): Bilingual => ({
    zh: `指定的“${pin}”不是岗位、楼栋、“${terms.route.zh}”或“${terms.standby.zh}”`,
    en: `Pin "${pin}" is not a post, a building, "route" or "standby"`,
  }),
  pinNotToday: (pin: string, date: string): Bilingual => ({
    zh: `岗位 ${pin} 在 ${date} 不开设`,
    en: `Post ${pin} does not run on ${date}`,
  }),
  pinAvailability: (pin: string, a: Availability, start: string, end: string): Bilingual => ({
    zh: `${pin} 的时间 ${start}–${end} 超出报名时段（${availabilityTitles[a].zh}）`,
    en: `${pin} runs ${start}–${end}, outside the ${availabilityTitles[a].en} sign-up`,
  }),
  pinRole: (pin: string, role: string): Bilingual => ({
    zh: `${pin} 需要“${roleTitle(role).zh}”角色`,
    en: `${pin} needs the ${roleTitle(role).en} role`,
  }),
  pinTraining: (pin: string, until: string): Bilingual => ({
    zh: `还没参加过培训，要先培训，${until} 以后才能上岗，${pin} 开始得太早`,
    en: `Not trained yet: training comes first, so duty starts after ${until}; ${pin} starts too early`,
  }),
  pinFull: (pin: string, headcount: number): Bilingual => ({
    zh: `${pin} 只需 ${headcount} 人，已有其他人指定`,
    en: `${pin} takes ${headcount}, already pinned by others`,
  }),
  pinAge: (pin: string): Bilingual => ({
    zh: `${pin}：年龄超限，未排班`,
    en: `${pin}: over the age limit, not on duty`,
  }),
  pinNoRoutes: (pin: string): Bilingual => ({
    zh: `${pin}：今天没有包干路线`,
    en: `${pin}: there are no routes today`,
  }),
  pinUncovered: (pin: string): Bilingual => ({
    zh: `${pin}：人手不足，该楼栋今天无人包干`,
    en: `${pin}: too few volunteers, that building has no route today`,
  }),

  routeShortfall: (count: number, a: Availability, buildings: readonly string[]): Bilingual => ({
    zh: `${buildings.length} 栋楼无人包干（${buildings.join("、")}）：还需 ${count} 名${availabilityTitles[a].zh}志愿者`,
    en: `${buildings.length} building(s) uncovered (${buildings.join(", ")}): ${count} more ${availabilityTitles[a].en} volunteer(s) needed`,
  }),
  routeUnderstaffed: (
    count: number,
    a: Availability,
    routes: ReadonlyArray<{ zone: string; buildings: readonly string[] }>,
  ): Bilingual => {
    const where = routesLabel(routes);
    return {
      zh: `${where.zh}人手不够：还需 ${count} 名${availabilityTitles[a].zh}志愿者`,
      en: `${where.en} short-handed: ${count} more ${availabilityTitles[a].en} volunteer(s) needed`,
    };
  },
  postShortfall: (
    post: Bilingual & { start: string; end: string },
    count: number,
    a: Availability,
    role: string | null,
  ): Bilingual => {
    const where = postWithTimes(post);
    const who = role ? `有“${roleTitle(role).zh}”角色的` : "";
    const whoEn = role ? ` with the ${roleTitle(role).en} role` : "";
    const alt = a === "all_day" ? "" : "或全天";
    const altEn = a === "all_day" ? "" : " (or all-day)";
    return {
      zh: `${where.zh} 还缺 ${count} 人：需要${a === "all_day" ? "全天" : availabilityTitles[a].zh}${alt}${who}志愿者`,
      en: `${where.en} is ${count} short: needs ${availabilityTitles[a].en}${altEn} volunteer(s)${whoEn}`,
    };
  },

  parcelsUnknownBuilding: (building: string): Notice =>
    notice(
      "parcels_unknown_building",
      `快递表中的 ${building} 不在楼栋表里`,
      `Parcels list ${building}, which is not a building`,
    ),
  waveWithoutRound: (wave: number): Notice =>
    notice(
      "wave_without_round",
      `快递表里有${parcelRound(wave).zh}的件数，但今天的流程里没有这一轮派送`,
      `The Parcels tab has counts for ${parcelRound(wave).en.toLowerCase()}, but today's workflow has no such round`,
    ),
  noRouteSteps: (): Notice =>
    notice("no_route_steps", "今天的流程没有包干路线环节", "Today's workflow has no route stages"),
  duplicateBuilding: (id: string): Notice =>
    notice(
      "duplicate_building",
      `楼栋 ${id} 出现了多次，只用其中一行（与行的顺序无关）`,
      `Building ${id} is listed more than once; one row counts (the same whatever the row order)`,
    ),
  supplyShort: (item: string, unit: string, needed: number, stock: number): Notice =>
    notice(
      "supply_short",
      `${item} 库存不足：需要 ${quantity(needed, unit)}，只有 ${quantity(stock, unit)}`,
      `${item}: ${needed} ${unit} needed, only ${stock} in stock`,
    ),
  supplyReorder: (item: string, unit: string, left: number, reorder: number): Notice =>
    notice(
      "supply_reorder",
      `${item} 用后剩 ${quantity(left, unit)}，低于补货线 ${quantity(reorder, unit)}，请补货`,
      `${item}: ${left} ${unit} left after today, below the reorder level of ${reorder}`,
    ),
  /** By name, as `vacancyUnfilled` (the ID only when the input has no name). */
  declineUnknown: (who: string): Notice =>
    notice("decline_not_in_plan", `${who}不在原计划中，无需调整`, `${who} is not in the plan; nothing to change`),
  coverBelowOptimum: (why: OffOptimum | "pinned_buildings", buildings: number, households: number): Notice => {
    const head = {
      zh: `同样的人最多能多包干 ${buildings} 栋楼（${households} 户）`,
      en: `The same people could cover ${buildings} more building(s) (${households} households)`,
    };
    const reason =
      why === "pinned_buildings" ? { zh: "被指定的楼栋优先", en: "pinned buildings come first" } : offOptimum[why];
    return notice(`cover_below_optimum_${why}`, `${head.zh}：${reason.zh}`, `${head.en}: ${reason.en}`);
  },
  loadAboveOptimum: (why: OffOptimum | "continuity_slack", optimum: number): Notice => {
    const head = {
      zh: `最重路线高于同样路线数的最优值 ${optimum}`,
      en: `The heaviest route is above the optimum of ${optimum} for as many routes`,
    };
    const reason =
      why === "continuity_slack" ? { zh: "为保留昨天的路线", en: "kept yesterday's routes" } : offOptimum[why];
    return notice(`load_above_optimum_${why}`, `${head.zh}：${reason.zh}`, `${head.en}: ${reason.en}`);
  },
  /** By name (never an ID: organizers and captains read it), with the route's buildings. */
  untrainedAlone: (names: readonly string[], buildings: readonly string[]): Notice => {
    const who = names.join("、");
    const all = names.length > 1 ? "都" : "";
    return notice(
      "untrained_alone",
      `${buildings.join("、")}：${who}${all}还没参加过培训，这条路线上没有培训过的人，也调不来培训过的人；请队长先给${who}讲一遍怎么做`,
      `${buildings.join(", ")}: ${names.join(", ")} ${names.length > 1 ? "have" : "has"} not been trained, nobody trained is on this route and nobody trained could join it; the captain should show them the work first`,
    );
  },
  noTrainingStep: (count: number): Notice =>
    notice(
      "training_no_step",
      `${count} 人还没培训过，但流程里没有集合培训或培训带队：请在流程表加上`,
      `${count} people have never been trained, but the workflow has no assembly or briefing step: add one`,
    ),
  noTrainer: (count: number): Notice =>
    notice(
      "training_no_trainer",
      `${count} 人要先参加培训，但没有人排到培训带队`,
      `${count} people need training first, but nobody is on the briefing-lead post`,
    ),
  /**
   * `who` is the leaver's name (their ID only when the input has no name); `where` a post as
   * `postWithTimes` says it, or a zone.
   */
  vacancyUnfilled: (who: string, where: Bilingual): Notice =>
    notice(
      "vacancy_unfilled",
      `${who}退出后，${where.zh}没有合适的人顶替`,
      `${where.en}: nobody fits the place ${who} left`,
    ),
};
