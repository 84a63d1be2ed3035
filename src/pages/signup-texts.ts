/**
 * Every sentence of the personal sign-up page, in Chinese (the default) and English; a test
 * checks both languages have every key.
 */
import type { Lang } from "./volunteer-texts.ts";

export const signupTexts = {
  zh: {
    title: "明日志愿者报名",
    hello: (name: string) => `${name}，你好`,
    question: (day: string) => `${day} 你能来做志愿者吗？请选时段：`,
    all_day: "全天",
    am: "上午",
    pm: "下午",
    closesAt: (time: string) => `今晚 ${time} 截止报名。`,
    signed: (day: string, part: string) => `已报名：${day} ${part}。谢谢！`,
    signedAt: "报名时间：",
    changeByCaptain: "如需修改时段或不能来，请联系队长；分工发布后也可以在你的分工链接里回复“不能来”。",
    closedTitle: "报名已截止",
    closed: (day: string, time: string) => `${day} 的报名已在今晚 ${time} 截止，分工正在安排。如有变化请联系队长。`,
    published: (day: string) => `${day} 的分工已经发布，报名已截止。如有变化请联系队长。`,
    otherLang: "English",
    revokedTitle: "这个报名链接已停用",
    revoked: "组织者已停用这个链接。请向组织者要新的报名链接。",
    unknownTitle: "找不到这个链接",
    unknown: "请检查链接是否完整，或向组织者要自己的报名链接。",
    limitedTitle: "请稍后再试",
    limited: "尝试次数太多，请一分钟后再打开你的链接。",
    refusedTitle: "请从你的报名页面提交",
    refused: "这次提交没有通过安全检查。请重新打开你的链接，再点按钮。",
    tooLargeTitle: "提交的内容太多",
    tooLarge: "这次提交的内容超过上限，没有报上名。请重新打开你的链接，再点按钮。",
    badChoiceTitle: "没有收到选择",
    badChoice: "请点“全天”、“上午”或“下午”。",
    pausedTitle: "暂时不能报名",
    paused: "志愿者表里你目前不在册（或不在名单上）。如果你已经可以参加，请联系组织者。",
  },
  en: {
    title: "Volunteer sign-up for tomorrow",
    hello: (name: string) => `Hello, ${name}`,
    question: (day: string) => `Can you volunteer on ${day}? Choose when:`,
    all_day: "All day",
    am: "Morning",
    pm: "Afternoon",
    closesAt: (time: string) => `Sign-up closes tonight at ${time}.`,
    signed: (day: string, part: string) => `Signed up: ${day}, ${part}. Thank you!`,
    signedAt: "Signed up at: ",
    changeByCaptain:
      'To change the time or if you cannot come, tell your captain; once the plan is published you can also answer "Can\'t make it" on your duty link.',
    closedTitle: "Sign-up is closed",
    closed: (day: string, time: string) =>
      `Sign-up for ${day} closed tonight at ${time}; the plan is being made. Tell your captain about any change.`,
    published: (day: string) =>
      `The plan for ${day} is published and sign-up is closed. Tell your captain about any change.`,
    otherLang: "中文",
    revokedTitle: "This sign-up link was withdrawn",
    revoked: "The organizer has withdrawn this link. Ask them for a new sign-up link.",
    unknownTitle: "Link not found",
    unknown: "Check that the link is complete, or ask the organizer for your own sign-up link.",
    limitedTitle: "Please try again later",
    limited: "Too many attempts. Open your link again in a minute.",
    refusedTitle: "Please sign up from your link's page",
    refused: "This submission failed a security check. Open your link again and tap the button.",
    tooLargeTitle: "Too much data",
    tooLarge:
      "This submission was larger than allowed, so you are not signed up. Open your link again and tap the button.",
    badChoiceTitle: "No choice received",
    badChoice: "Tap All day, Morning or Afternoon.",
    pausedTitle: "You cannot sign up at the moment",
    paused: "The roster does not list you as active (or at all). If you can serve again, contact the organizer.",
  },
} as const;

export type SignupTexts = (typeof signupTexts)[Lang];
