/**
 * A gate-crew count for one building and wave (issue 14, part 4), as typed on a cheap phone: 件数,
 * 其中药品, 冷链. Pure: the form's strings in, the numbers or the reason they were refused out.
 *
 * Full-width digits (１２) are read as digits, since Chinese keyboards type them; blank medicine and
 * cold chain mean 0, a blank count is refused (the building was not counted yet), and a negative
 * one ("-3", typed with a full-width minus too) is refused as negative, not as "not a number".
 */
import type { Bilingual } from "./language.ts";

export const MAX_COUNT = 10_000;

export interface GateCount {
  count: number;
  medicine: number;
  coldChain: number;
}

export type GateCountParse = { ok: true; value: GateCount } | { ok: false; problem: Bilingual };

function toHalfWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim();
}

function readNumber(raw: string | undefined, field: Bilingual, blank: number | null): number | Bilingual {
  const text = toHalfWidth(raw ?? "");
  if (text === "") {
    return blank ?? { zh: `请填写${field.zh}。`, en: `Enter the ${field.en.toLowerCase()}.` };
  }
  if (/^[-\uFF0D\u2212]\s*\d+(\.\d+)?$/.test(text)) {
    return { zh: `${field.zh}不能是负数。`, en: `${field.en} cannot be negative.` };
  }
  if (!/^\d+$/.test(text)) {
    return { zh: `${field.zh}要填整数，例如 12。`, en: `${field.en} must be a whole number, e.g. 12.` };
  }
  const n = Number(text);
  if (n > MAX_COUNT) {
    return { zh: `${field.zh}不能超过 ${MAX_COUNT}。`, en: `${field.en} cannot be over ${MAX_COUNT}.` };
  }
  return n;
}

export const gateFields = {
  count: { zh: "件数", en: "Parcels" },
  medicine: { zh: "其中药品", en: "Medicine" },
  coldChain: { zh: "冷链", en: "Cold chain" },
} as const satisfies Record<string, Bilingual>;

export function parseGateCount(form: { count?: string; medicine?: string; coldChain?: string }): GateCountParse {
  const count = readNumber(form.count, gateFields.count, null);
  if (typeof count !== "number") return { ok: false, problem: count };
  const medicine = readNumber(form.medicine, gateFields.medicine, 0);
  if (typeof medicine !== "number") return { ok: false, problem: medicine };
  const coldChain = readNumber(form.coldChain, gateFields.coldChain, 0);
  if (typeof coldChain !== "number") return { ok: false, problem: coldChain };
  if (medicine > count || coldChain > count) {
    return {
      ok: false,
      problem: {
        zh: "药品和冷链是件数的一部分，不能比件数多。",
        en: "Medicine and cold chain are part of the parcels, so neither can be more than the parcels.",
      },
    };
  }
  return { ok: true, value: { count, medicine, coldChain } };
}
