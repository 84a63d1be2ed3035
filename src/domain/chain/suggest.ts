/**
 * Suggestions for a chain name no volunteer has, when it is a roster name with something stuck
 * on: a WeChat nickname such as "A黄佳慧" (the A sorts them to the top of the group) or
 * "黄佳慧88". It is only ever a suggestion: the organizer confirms it by adding the row by hand
 * (or the volunteer writes the roster name next time).
 *
 * Explicit rules:
 * - The roster name must start or end the written name, and what is left over (the affix) is
 *   at most six letters or digits. Chinese characters are never an affix: "张伟明" is another
 *   person, "张伟李娜" two people, "张伟妈妈" a relative; a longer affix is something else pasted in
 *   ('=HYPERLINK("http://x","张伟")').
 * - Buildings and rooms ("12栋黄佳慧", "黄佳慧-12栋") never reach here: the line reader takes
 *   them out of the name, and the name is matched (and checked against the home building) as usual.
 * - Inactive volunteers are not suggested.
 */
import { nameKey } from "../normalize.ts";

interface Named {
  name: string;
  active: boolean;
}

const HAN = /\p{Script=Han}/u;
// A nickname's extra is short ("A", "88", "物业"); a long one is something else pasted in.
const MAX_AFFIX = 6;

function acceptableAffix(affix: string): boolean {
  return affix.length <= MAX_AFFIX && !HAN.test(affix);
}

/**
 * Active volunteers whose roster name the written name starts or ends with.
 *
 * @example suggestMatches("A黄佳慧", byName) // [{ id: "V021", name: "黄佳慧", … }]
 */
export function suggestMatches<V extends Named>(written: string, byName: ReadonlyMap<string, readonly V[]>): V[] {
  const key = nameKey(written);
  const found: V[] = [];
  for (const [rosterKey, volunteers] of byName) {
    if (rosterKey.length < 2 || key.length <= rosterKey.length) continue;
    let affix: string | undefined;
    if (key.startsWith(rosterKey)) affix = key.slice(rosterKey.length);
    else if (key.endsWith(rosterKey)) affix = key.slice(0, key.length - rosterKey.length);
    if (affix === undefined || !acceptableAffix(affix)) continue;
    found.push(...volunteers.filter((v) => v.active));
  }
  return found;
}
