/**
 * Every sentence the volunteer page says, in Chinese (the default) and English. Kept apart from
 * the markup so both languages stay complete: a test checks every key has both.
 */
import { parcelRound, terms } from "../domain/glossary.ts";
import type { Language } from "../domain/language.ts";
import { nearestHelperText, type NearestHelperView } from "../domain/nearest-route.ts";
import { standbySuit, standbyWait } from "../domain/standby.ts";

export type Lang = "zh" | "en";

export const texts = {
  zh: {
    title: "志愿者分工",
    hello: (name: string) => `${name}，你好`,
    pending: "请确认你能否按下面的安排到岗。",
    confirmed: "已确认，谢谢！",
    declined: "你已回复：不能来。",
    movedPending: "你的岗位有变化，请重新确认。",
    answeredAt: "回复时间：",
    replacedBy: (who: string) => `由 ${who} 顶替你的岗位。`,
    noReplacement: "你的岗位无需另找人顶替。",
    replaces: (who: string) => `你顶替 ${who} 的岗位。`,
    assembly: "集合",
    training: "培训：",
    yourPost: "你的岗位",
    buildings: "负责楼栋",
    time: "时间",
    place: "地点",
    team: "同组",
    captain: "队长",
    rollTitle: (zone: string, arrived: number, all: number) => `${zone}点名：已到 ${arrived} / ${all} 人`,
    rollNotYet: "还没点",
    rollArrived: (time: string) => `${time} 到`,
    rollAbsent: "未到",
    rollPresent: "到",
    rollMarkAbsent: "未到",
    rollHere: "我到了",
    /** The refill button offers the standby who would come (the same replan the tap runs). */
    rollRefill: (name: string | null) => (name ? `请${name}顶替` : "找人顶替"),
    rollCallNow: "请马上打电话",
    rollUncovered: (buildings: string[]) =>
      `没有待命的人了：${buildings.join("、")}现在没人负责，请联系${terms.organizer.zh}调人。`,
    rollNearest: (helper: NearestHelperView) => nearestHelperText(helper).zh,
    comeNow: "请立即到岗。",
    lateCannotCome: "已过回复时间。如果临时来不了，请马上告诉我们，队长会找人顶替。",
    cannotCome: "临时来不了",
    lateMarkedAbsent: "已告诉队长你临时来不了，队长会找人顶替。",
    rollNotCaptain: "只有本区队长可以点名。",
    rollNotCaptainTitle: "不能点名",
    rollClosedTitle: "还没开始点名",
    rollClosed: "集合前 30 分钟开始点名，请到时再打开你的链接。",
    workClosedTitle: "当天工作还没开始",
    workClosed: "集合前 30 分钟起才能打勾和登记，请到时再打开你的链接。",
    notAllowedTitle: "不能登记",
    notRoute: "只有包干楼栋的志愿者能给自己的楼栋打勾。",
    notGate: `只有${terms.gateCrew.zh}的志愿者能登记快递件数。`,
    rollBadMarkTitle: "没有收到点名结果",
    rollBadMark: "请点名字后面的“到”或“未到”。这次什么都没有记录。",
    refillNotAbsentTitle: "不用找人顶替",
    refillNotAbsent: "只有点了“未到”的人才需要找人顶替。这次什么都没有改。",
    refillBusyTitle: "请再点一次",
    refillBusy: "刚才一直有人在点到，名单在变，这次没有找人顶替。请再点一次。",
    refillStandbyTitle: "不用找人顶替",
    refillStandby: "待命的人本来就没有岗位，不用找人顶替。这次什么都没有改。",
    standbyHereTitle: "你现在是待命",
    standbyHere:
      "待命时在家等电话就好，不用点“我到了”。被叫来顶岗时，你的页面会显示新的岗位，到时再点。这次什么都没有记录。",
    alreadyHereTitle: "你已经到岗了",
    alreadyHere: (time: string) => `你 ${time} 已经到岗，不能改成未到。如果要提前离开，请直接告诉队长。`,
    answersOpenTitle: "现在还可以修改回复",
    answersOpen: "还没到上岗时间，请在你的页面上点“不能来”（要填手机号后4位），队长会找人顶替。这次什么都没有记录。",
    notOnPlanTitle: "不在分工里",
    timetable: "时间表",
    parcels: "快递",
    wave: (n: number) => parcelRound(n).zh,
    pieces: (n: number) => `${n} 件`,
    medicine: "药",
    coldChain: "冷链",
    priorityFirst: "药品、冷链先送，再送其他。",
    noParcels: "这一轮没有快递。",
    standby: `${terms.standby.zh}：${standbyWait.zh}`,
    notOnPlan: "你目前不在这一天的分工里。",
    suit: (from: string, to: string) => `一天只穿一套防护服：${from}–${to} 连续完成，中途不脱、不回家。`,
    standbySuit: standbySuit().zh,
    confirm: "确认能来",
    decline: "不能来",
    rejoin: "我又能来了",
    reasonLabel: "不能来的原因（可选）",
    tailLabel: "你登记的手机号后4位",
    tailWhy: "群里的人都能打开这个链接，所以回复“不能来”要填手机号后4位，确认是你本人。点“确认能来”不用填。",
    tailWrong: (left: number) => `手机号后4位不对，什么都没有改。还可以再试 ${left} 次。`,
    tailLocked: (time: string) => `手机号后4位输错太多次，${time} 以后再试，或者直接告诉你的队长。`,
    change: "修改回复",
    changeUntil: (time: string) => `${time} 前可以修改回复。`,
    arriveBy: (time: string) => `请在 ${time} 前到岗。`,
    tooLate: "已到上岗时间，不能再修改回复。如有变化请联系队长。",
    calendar: "加入手机日历",
    otherLang: "English",
    expiredTitle: "链接已过期",
    expired: (day: string) => `这个链接只在 ${day} 当天有效。请看群里最新的分工消息。`,
    unknownTitle: "找不到这个链接",
    unknown: "请检查链接是否完整，或在群里找自己的链接。",
    limitedTitle: "请稍后再试",
    limited: "尝试次数太多，请一分钟后再打开你的链接。",
    notReadyTitle: "分工还没有发布",
    notReady: "请稍后再打开链接。",
    refusedTitle: "请从你的链接页面回复",
    refused: "这次提交没有通过安全检查。请重新打开你的链接，再点按钮。",
    tooLargeTitle: "提交的内容太多",
    tooLarge: "这次提交的内容超过上限，没有保存。请重新打开你的链接，再点按钮。",
    badAnswerTitle: "没有收到选择",
    badAnswer: "请点“确认能来”或“不能来”。",
    lateTitle: "已到上岗时间",
  },
  en: {
    title: "Volunteer duty",
    hello: (name: string) => `Hello, ${name}`,
    pending: "Please confirm whether you can come as planned below.",
    confirmed: "Confirmed. Thank you!",
    declined: "You answered: can't make it.",
    movedPending: "Your duty changed: please confirm again.",
    answeredAt: "Answered: ",
    replacedBy: (who: string) => `${who} takes your place.`,
    noReplacement: "Your place needs no replacement.",
    replaces: (who: string) => `You take ${who}'s place.`,
    assembly: "Assembly",
    training: "Training: ",
    yourPost: "Your post",
    buildings: "Buildings",
    time: "Time",
    place: "Place",
    team: "Team",
    captain: "Captain",
    rollTitle: (zone: string, arrived: number, all: number) => `Roll call, ${zone}: ${arrived} of ${all} here`,
    rollNotYet: "not yet",
    rollArrived: (time: string) => `here at ${time}`,
    rollAbsent: "absent",
    rollPresent: "Here",
    rollMarkAbsent: "Absent",
    rollHere: "I'm here",
    rollRefill: (name: string | null) => (name ? `Call in ${name}` : "Call in a standby"),
    rollCallNow: "Call them now",
    rollUncovered: (buildings: string[]) =>
      `No standby left: nobody walks ${buildings.join(", ")} now; ask the organizers to move someone.`,
    rollNearest: (helper: NearestHelperView) => nearestHelperText(helper).en,
    comeNow: "Please come now.",
    lateCannotCome:
      "Answers are closed. If something came up and you cannot come, say so now: your captain will call in a standby.",
    cannotCome: "I can't come after all",
    lateMarkedAbsent: "Your captain knows you cannot come and will call in a standby.",
    rollNotCaptain: "Only the zone's captain can take the roll call.",
    rollNotCaptainTitle: "Not allowed",
    rollClosedTitle: "The roll call has not started",
    rollClosed: "The roll call opens 30 minutes before the assembly; open your link again then.",
    workClosedTitle: "The day has not started",
    workClosed: "Ticks and counts open 30 minutes before the assembly; open your link again then.",
    notAllowedTitle: "Not allowed",
    notRoute: "Only a route's volunteers tick its buildings.",
    notGate: `Only the ${terms.gateCrew.en.toLowerCase()} enters parcel counts.`,
    rollBadMarkTitle: "No mark received",
    rollBadMark: "Tap Here or Absent next to the name. Nothing was recorded.",
    refillNotAbsentTitle: "No standby needed",
    refillNotAbsent: "Only someone marked absent needs a standby called in. Nothing was changed.",
    refillBusyTitle: "Please tap again",
    refillBusy:
      "People kept checking in while the standby was being chosen, so nobody was called in. Please tap again.",
    refillStandbyTitle: "No standby needed",
    refillStandby: "Someone on standby has no duty, so nobody needs to be called in for them. Nothing was changed.",
    standbyHereTitle: "You are on standby",
    standbyHere:
      "On standby you wait at home for a call and do not tap I'm here. If you are called in, your page shows the new duty; tap it then. Nothing was recorded.",
    alreadyHereTitle: "You have checked in",
    alreadyHere: (time: string) =>
      `You checked in at ${time}, so you cannot be marked absent. If you have to leave early, tell your captain.`,
    answersOpenTitle: "You can still change your answer",
    answersOpen:
      "Your duty has not started yet: tap Can't make it on your page (with the last 4 digits of your phone) and your captain will find a standby. Nothing was recorded.",
    notOnPlanTitle: "Not on the plan",
    timetable: "Timetable",
    parcels: "Parcels",
    wave: (n: number) => parcelRound(n).en,
    pieces: (n: number) => `${n} pcs`,
    medicine: "medicine",
    coldChain: "cold chain",
    priorityFirst: "Medicine and cold-chain food first, then the rest.",
    noParcels: "No parcels in this round.",
    standby: `${terms.standby.en}: ${standbyWait.en}`,
    notOnPlan: "You are not on this day's plan at the moment.",
    suit: (from: string, to: string) =>
      `One protective suit for the day: ${from}–${to} in one unbroken block; do not take it off or go home in between.`,
    standbySuit: standbySuit().en,
    confirm: "Confirm",
    decline: "Can't make it",
    rejoin: "I can come after all",
    reasonLabel: "Reason (optional)",
    tailLabel: "Last 4 digits of your phone (as on the roster)",
    tailWhy:
      "Anyone in the group can open this link, so “Can't make it” asks for the last 4 digits of your phone to make sure it is you. Confirming needs nothing.",
    tailWrong: (left: number) =>
      `Those are not the last 4 digits of your phone; nothing was changed. ${left} ${left === 1 ? "try" : "tries"} left.`,
    tailLocked: (time: string) => `Too many wrong tries. Try again after ${time}, or tell your captain.`,
    change: "Change answer",
    changeUntil: (time: string) => `You can change your answer until ${time}.`,
    arriveBy: (time: string) => `Please be there by ${time}.`,
    tooLate: "Your duty has started; answers are closed. Tell your captain about any change.",
    calendar: "Add to phone calendar",
    otherLang: "中文",
    expiredTitle: "This link has expired",
    expired: (day: string) => `This link was for ${day} only. See the latest plan in the group.`,
    unknownTitle: "Link not found",
    unknown: "Check that the link is complete, or find your own link in the group.",
    limitedTitle: "Please try again later",
    limited: "Too many attempts. Open your link again in a minute.",
    notReadyTitle: "The plan is not published yet",
    notReady: "Please open the link again later.",
    refusedTitle: "Please answer from your link's page",
    refused: "This submission failed a security check. Open your link again and tap the button.",
    tooLargeTitle: "Too much data",
    tooLarge: "This submission was larger than allowed and was not saved. Open your link again and tap the button.",
    badAnswerTitle: "No choice received",
    badAnswer: "Tap Confirm or Can't make it.",
    lateTitle: "Your duty has started",
  },
} as const;

export type Texts = (typeof texts)[Lang];

/**
 * The language a page opens in for a community's setting: 中文 and English communities read
 * their own language only; in 中文+English the request chooses (`?lang=`, then Accept-Language).
 */
export function langFor(setting: Language, query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (setting === "zh") return "zh";
  if (setting === "en") return query === "zh" ? "zh" : "en";
  return pickLang(query, acceptLanguage);
}

/** Chinese unless the request prefers English (`?lang=` wins over Accept-Language). */
export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === "en" || query === "zh") return query;
  let best: { lang: Lang; q: number } = { lang: "zh", q: 0 };
  for (const part of (acceptLanguage ?? "").split(",")) {
    const [tag = "", ...params] = part.trim().toLowerCase().split(";");
    const q = Number(params.find((p) => p.trim().startsWith("q="))?.split("=")[1] ?? 1);
    const lang = tag.startsWith("zh") ? "zh" : tag.startsWith("en") ? "en" : undefined;
    if (lang && q > best.q) best = { lang, q };
  }
  return best.lang;
}
