/**
 * Google field masks: the `fields` of update requests (`title,gridProperties.frozenRowCount`) and
 * of partial responses (`sheets(properties(title,sheetId))`). One parser for both, so a mask
 * that works against Google works against the emulator.
 *
 * @example
 * parseFieldMask("userEnteredFormat(backgroundColor,textFormat.bold),note");
 * // ["userEnteredFormat.backgroundColor", "userEnteredFormat.textFormat.bold", "note"]
 */
import { invalidArgument } from "./errors.ts";

/** Expands parentheses into dotted paths; "*" stays "*". */
export function parseFieldMask(mask: string): string[] {
  const out: string[] = [];
  let i = 0;
  const parseList = (prefix: string): void => {
    for (;;) {
      let name = "";
      while (i < mask.length && !",()".includes(mask[i]!)) name += mask[i++];
      name = name.trim();
      const path = prefix && name ? `${prefix}.${name}` : prefix || name;
      if (mask[i] === "(") {
        i++;
        parseList(path);
        if (mask[i] !== ")") throw invalidArgument(`Invalid field mask: ${mask}`);
        i++;
      } else if (name) {
        out.push(path);
      }
      if (mask[i] === ",") {
        i++;
        continue;
      }
      return;
    }
  };
  parseList("");
  if (i !== mask.length) throw invalidArgument(`Invalid field mask: ${mask}`);
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Copies `path` from source to target; a path missing in the source is deleted from the target (Google's reset). */
export function copyPath(target: Obj, source: Obj | null | undefined, path: string): void {
  const keys = path.split(".");
  const last = keys.pop()!;
  let t: Obj = target;
  let s: Obj | undefined = source ?? undefined;
  for (const k of keys) {
    s = s && isObj(s[k]) ? (s[k] as Obj) : undefined;
    if (!isObj(t[k])) {
      if (s === undefined) return;
      t[k] = {};
    }
    t = t[k] as Obj;
  }
  const value = s?.[last];
  if (value === undefined || value === null) delete t[last];
  else t[last] = structuredClone(value);
}

/** Applies an update mask: "*" copies every field of `source` (and resets the others). */
export function applyMask(
  target: Obj,
  source: Obj | null | undefined,
  mask: string,
  allFields: readonly string[],
): void {
  const paths = parseFieldMask(mask);
  for (const path of paths) {
    if (path === "*") for (const f of allFields) copyPath(target, source, f);
    else copyPath(target, source, path);
  }
}

/** Partial response (`?fields=`): keeps only the masked paths; arrays apply the mask to each element. */
export function selectFields<T>(value: T, mask: string | null | undefined): T {
  if (!mask || mask.trim() === "*") return value;
  const tree: Obj = {};
  for (const path of parseFieldMask(mask)) {
    let node = tree;
    for (const k of path.split(".")) node = (node[k] ??= {}) as Obj;
  }
  const pick = (v: unknown, t: Obj): unknown => {
    if (Object.keys(t).length === 0 || "*" in t) return v;
    if (Array.isArray(v)) return v.map((x) => pick(x, t));
    if (!isObj(v)) return v;
    const out: Obj = {};
    for (const [k, sub] of Object.entries(t)) if (v[k] !== undefined) out[k] = pick(v[k], sub as Obj);
    return out;
  };
  return pick(value, tree) as T;
}
