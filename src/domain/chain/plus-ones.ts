/**
 * Plus-ones in a chain line: "+1", "加一", "带家属1人", "我和我老公", "+1 我老婆也来". Each brings
 * someone who is not on the roster (or not named), so it is never folded into the volunteer's
 * note: the organizer sees it as a sign-up to place by hand (or to register first).
 *
 * Explicit rules:
 * - The count is the number written ("+2", "带家属2人", "加两个"), else one; several phrases on
 *   one line ("+1 我老婆也来") are the same people, so the line counts the largest.
 * - "1+1" and "=1+1" are arithmetic (or a pasted formula), not a plus-one; a whole mobile number
 *   ("+86 138…") is read as a phone before this runs.
 */

const KIN =
  "(?:老婆|老公|爱人|媳妇|太太|先生|妻子|丈夫|家属|家人|女儿|儿子|孩子|小孩|妈妈|爸爸|母亲|父亲|婆婆|公公|岳母|岳父|外婆|外公|奶奶|爷爷|姐姐|哥哥|弟弟|妹妹|朋友|室友|邻居|同事|对象|男朋友|女朋友)";
const COUNT = "(\\d|[一二两三四五])";

/** Plus-one phrases; group 1 or 2 (when present) is the number of people. */
export const PLUS_ONE = new RegExp(
  [
    // "+1", "＋2" (folded to "+"), not "1+1" or "=1+1"
    `(?<![\\d=+])\\+\\s*${COUNT}(?![\\d.:])`,
    // "加一", "加1人", "加两个": not "参加一天", "增加一"
    `(?<![参增追添更])加\\s*(?:${COUNT})\\s*(?:个|位|人|名)?(?![天次号点楼栋\\d])`,
    // "带家属1人", "带上我老婆", "带2人"
    `带(?:上|着)?\\s*(?:我的?|我)?${KIN}?\\s*(?:${COUNT}\\s*(?:个|位|人|名))`,
    `带(?:上|着)?\\s*(?:我的?|我)?${KIN}`,
    // "我和我老公", "和我老婆", "跟我儿子"
    `(?:我?(?:和|跟|与|同|还有|加上))\\s*(?:我的?|我)?${KIN}`,
    // "我老婆也来", "家属一起"
    `(?:我的?|我)?${KIN}\\s*(?:也|一起|一块)(?:来|去|参加|报名)?`,
  ].join("|"),
  "gu",
);

const CN_COUNT: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };

/**
 * How many people one PLUS_ONE match brings.
 *
 * @example plusOneCount(PLUS_ONE.exec("带家属2人")!) // 2
 */
export function plusOneCount(m: RegExpExecArray): number {
  const written = m.slice(1).find((g) => g !== undefined);
  if (written === undefined) return 1;
  return /\d/.test(written) ? Math.max(1, Number(written)) : (CN_COUNT[written] ?? 1);
}
