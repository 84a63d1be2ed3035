/**
 * The language a community reads ZoneCrew in: 中文 (the default), 中文+English, or English. It
 * applies to everything people read: pages, the values ZoneCrew writes in the sheet, messages,
 * digests and problems. In 中文 no English appears; in 中文+English the Chinese comes first.
 * Pure. The words themselves live in ./glossary.ts.
 */
export const languages = ["zh", "zh+en", "en"] as const;
export type Language = (typeof languages)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

/** How a language setting is named where organizers choose it. */
export const languageNames: Record<Language, string> = {
  zh: "中文",
  "zh+en": "中文 + English",
  en: "English",
};

/** One text in the community's language; both joined by `between` in 中文+English. */
export function say(language: Language, text: Bilingual, between = " "): string {
  if (language === "zh") return text.zh;
  if (language === "en") return text.en;
  return text.zh === text.en ? text.zh : `${text.zh}${between}${text.en}`;
}

/** The language pages open in: English only for an English community. */
export function pageLang(language: Language): "zh" | "en" {
  return language === "en" ? "en" : "zh";
}
