/**
 * A community's settings: the language everything people read is in, and the rules organizers
 * may change once for their compound (the age limit, how early people arrive, the standby share,
 * when the reminder and the digest go out). Set in the console's 设置 section or
 * `PUT /api/{community}/settings`; checked here, with a reason per field in Chinese and English.
 * Pure.
 */
import { z } from "zod";
import type { Bilingual } from "./language.ts";
import { languages, type Language } from "./language.ts";

export interface Settings {
  language: Language;
  /** Volunteers must be younger than this (the compound's "under 50"). */
  ageLimit: number;
  /** Minutes before their start a volunteer is asked to arrive; answers close then too. */
  arriveEarlyMinutes: number;
  /** Share of the route people kept on standby for declines (0.1 = one in ten). */
  standbyShare: number;
  /** Local HH:MM: tomorrow's plan is published, the unanswered are reminded, the digest is sent. */
  publishTime: string;
  chaseTime: string;
  digestTime: string;
  /** Local HH:MM of the end-of-day wrap-up (stages done, parcels counted, what is left). */
  wrapUpTime: string;
}

export const defaultSettings: Readonly<Settings> = Object.freeze({
  language: "zh",
  ageLimit: 50,
  arriveEarlyMinutes: 0,
  standbyShare: 0.1,
  publishTime: "21:00",
  chaseTime: "06:30",
  digestTime: "09:00",
  wrapUpTime: "17:00",
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

const schema = z.object({
  language: z.enum(languages),
  ageLimit: z.number().int().min(16).max(80),
  arriveEarlyMinutes: z.number().int().min(0).max(120),
  standbyShare: z.number().min(0).max(0.5),
  publishTime: hhmm,
  chaseTime: hhmm,
  digestTime: hhmm,
  wrapUpTime: hhmm,
});

/** What each setting is called and what it may be, for the form and for refusals. */
export const settingTexts: Record<keyof Settings, { label: Bilingual; rule: Bilingual }> = {
  language: {
    label: { zh: "语言", en: "Language" },
    rule: { zh: "只能选中文、中文加英文或英文。", en: "Choose Chinese, Chinese with English, or English." },
  },
  ageLimit: {
    label: { zh: "年龄上限（岁）", en: "Age limit (years)" },
    rule: {
      zh: "年龄上限要是 16 到 80 之间的整数；志愿者要小于这个年龄。",
      en: "The age limit must be a whole number from 16 to 80; volunteers must be younger.",
    },
  },
  arriveEarlyMinutes: {
    label: { zh: "提前到岗（分钟）", en: "Arrive early (minutes)" },
    rule: {
      zh: "提前到岗要是 0 到 120 之间的整数分钟。",
      en: "Arrive early must be a whole number of minutes from 0 to 120.",
    },
  },
  standbyShare: {
    label: { zh: "待命比例（%）", en: "Standby share (%)" },
    rule: { zh: "待命比例要在 0% 到 50% 之间。", en: "The standby share must be from 0% to 50%." },
  },
  publishTime: {
    label: { zh: "发布明天分工的时间", en: "Time to publish tomorrow's plan" },
    rule: { zh: "时间要写成 21:00 这样。", en: "Write the time as 21:00." },
  },
  chaseTime: {
    label: { zh: "提醒未回复的时间", en: "Time to remind the unanswered" },
    rule: { zh: "时间要写成 06:30 这样。", en: "Write the time as 06:30." },
  },
  digestTime: {
    label: { zh: "日报时间", en: "Time of the daily digest" },
    rule: { zh: "时间要写成 09:00 这样。", en: "Write the time as 09:00." },
  },
  wrapUpTime: {
    label: { zh: "收工小结时间", en: "Time of the end-of-day wrap-up" },
    rule: { zh: "时间要写成 17:00 这样。", en: "Write the time as 17:00." },
  },
};

export interface SettingProblem {
  field: keyof Settings;
  zh: string;
  en: string;
}

/**
 * Stored settings over the defaults. A stored value that no longer passes (an older rule) falls
 * back to its default rather than stopping the community.
 */
export function resolveSettings(stored: unknown): Settings {
  const out: Settings = { ...defaultSettings };
  if (!stored || typeof stored !== "object") return out;
  for (const key of Object.keys(defaultSettings) as Array<keyof Settings>) {
    const parsed = schema.shape[key].safeParse((stored as Record<string, unknown>)[key]);
    if (parsed.success) (out as unknown as Record<string, unknown>)[key] = parsed.data;
  }
  return out;
}

/**
 * Checks a change (only the fields given) against the current settings: every bad field is
 * reported, and nothing is changed when any is bad. Text from a form is read as people type it:
 * "15", "10%", "6:30", a full-width colon.
 */
export function changeSettings(
  current: Settings,
  input: Record<string, unknown>,
): { ok: true; settings: Settings } | { ok: false; problems: SettingProblem[] } {
  const next: Record<string, unknown> = { ...current };
  const problems: SettingProblem[] = [];
  for (const key of Object.keys(defaultSettings) as Array<keyof Settings>) {
    if (!(key in input)) continue;
    const parsed = schema.shape[key].safeParse(readInput(key, input[key]));
    if (parsed.success) next[key] = parsed.data;
    else problems.push({ field: key, ...settingTexts[key].rule });
  }
  for (const key of Object.keys(input)) {
    if (!(key in defaultSettings)) {
      problems.push({
        field: key as keyof Settings,
        zh: `没有“${key}”这项设置。`,
        en: `There is no setting "${key}".`,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings: next as unknown as Settings };
}

function readInput(key: keyof Settings, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value
    .trim()
    .replace(/：/g, ":")
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  switch (key) {
    case "ageLimit":
    case "arriveEarlyMinutes":
      return /^\d+$/.test(text) ? Number(text) : text;
    case "standbyShare": {
      const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(text);
      return m ? Number(m[1]) / 100 : text;
    }
    case "publishTime":
    case "chaseTime":
    case "digestTime":
    case "wrapUpTime":
      return /^\d:\d\d$/.test(text) ? `0${text}` : text;
    default:
      return text;
  }
}
