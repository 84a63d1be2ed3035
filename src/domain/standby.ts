/**
 * What a standby volunteer is told, in one place so their page, the 待命 group message and their
 * calendar entry say the same thing: stay at home by the phone, no protective suit until called in,
 * and then one from the assembly point (issue 14, part 5: a standby gets a suit only when called
 * in; nobody tells them to come to the assembly). Pure.
 *
 * @example
 * standbyWait.zh; // "在家等电话，手机保持畅通；有人来不了时，会打电话请你顶替。"
 * standbySuit("居委会").zh; // "待命时不用穿防护服；被叫来顶替时，到集合点（居委会）领一套。"
 */
import type { Bilingual } from "./language.ts";

export const standbyWait: Bilingual = {
  zh: "在家等电话，手机保持畅通；有人来不了时，会打电话请你顶替。",
  en: "Wait at home with your phone on: if someone cannot come, you will be called to take their place.",
};

/** The suit: none while waiting, one from the assembly point (named when known) once called in. */
export function standbySuit(place: string | null = null): Bilingual {
  return {
    zh: `待命时不用穿防护服；被叫来顶替时，到集合点${place ? `（${place}）` : ""}领一套。`,
    en: `No protective suit while on standby; if you are called in, collect one at the assembly point${place ? ` (${place})` : ""}.`,
  };
}
