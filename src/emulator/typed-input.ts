/**
 * What Google does with a date, a time or a percentage a person types (USER_ENTERED): it stores
 * a number (dates and times as serial numbers, days since 1899-12-30, the time as a fraction of a
 * day) and a number format it picks from how the value was typed and the spreadsheet's locale;
 * FORMATTED_VALUE then renders the number through that format. So a date typed `2026-12-01`
 * reads back as `2026-12-01`, but `2026/12/1` reads back in the locale's own form (`2026/12/1`
 * in zh_CN, `12/1/2026` in en_US), and `8:30` as `8:30:00` (zh_CN) or `8:30:00 AM` (en_US).
 * ZoneCrew's validators must read what Google shows (GOOGLE-SHEETS-FACTS.md, "Values").
 *
 * Covered: the date forms yyyy-m-d, yyyy/m/d and (en_US) m/d/yyyy, times h:mm[:ss] with an
 * optional AM/PM, and percentages. Not emulated: date-times, currencies, day-first locales,
 * month names; those stay text here.
 */
import type { sheets_v4 } from "@googleapis/sheets";

type NumberFormat = sheets_v4.Schema$NumberFormat;

const DAY_MS = 86_400_000;
/** Serial number of 1970-01-01 (day 0 is 1899-12-30). */
const EPOCH_SERIAL = 25_569;

interface LocaleFormats {
  date: string;
  time: string;
  /** Whether `1/2/2026` is a date (month first) in this locale. */
  monthFirst: boolean;
}

const LOCALES: Record<string, LocaleFormats> = {
  zh_CN: { date: "yyyy/m/d", time: "h:mm:ss", monthFirst: false },
  en_US: { date: "m/d/yyyy", time: "h:mm:ss am/pm", monthFirst: true },
};

function formatsOf(locale: string): LocaleFormats {
  return LOCALES[locale] ?? LOCALES.zh_CN!;
}

function dateSerial(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 9999) return undefined;
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return undefined; // 2026-02-30
  return ms / DAY_MS + EPOCH_SERIAL;
}

/** A typed date, time or percentage as Google stores it, or undefined when it is none of those. */
export function parseTyped(text: string, locale: string): { v: number; format: NumberFormat } | undefined {
  const formats = formatsOf(locale);
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) {
    const v = dateSerial(Number(m[1]), Number(m[2]), Number(m[3]));
    return v === undefined ? undefined : { v, format: { type: "DATE", pattern: "yyyy-mm-dd" } };
  }
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text);
  if (m) {
    const v = dateSerial(Number(m[1]), Number(m[2]), Number(m[3]));
    return v === undefined ? undefined : { v, format: { type: "DATE", pattern: formats.date } };
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (m && formats.monthFirst) {
    const v = dateSerial(Number(m[3]), Number(m[1]), Number(m[2]));
    return v === undefined ? undefined : { v, format: { type: "DATE", pattern: formats.date } };
  }
  m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])[Mm])?$/.exec(text);
  if (m) {
    let h = Number(m[1]);
    const min = Number(m[2]);
    const sec = Number(m[3] ?? 0);
    const half = m[4]?.toLowerCase();
    if (half && (h < 1 || h > 12)) return undefined;
    if (half === "p" && h < 12) h += 12;
    if (half === "a" && h === 12) h = 0;
    if (h > 23 || min > 59 || sec > 59) return undefined;
    return { v: (h * 3600 + min * 60 + sec) / 86_400, format: { type: "TIME", pattern: formats.time } };
  }
  m = /^([+-]?\d+(?:\.(\d+))?)\s*%$/.exec(text);
  if (m) {
    return { v: Number(m[1]) / 100, format: { type: "PERCENT", pattern: m[2] ? "0.00%" : "0%" } };
  }
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The number through one of the formats above; undefined for a format this emulator does not render. */
export function formatWithPattern(value: number, format: NumberFormat | undefined): string | undefined {
  const pattern = format?.pattern;
  if (!pattern) return undefined;
  if (format.type === "PERCENT") {
    const decimals = /\.(0+)%$/.exec(pattern)?.[1]?.length ?? 0;
    return `${(value * 100).toFixed(decimals)}%`;
  }
  if (format.type === "DATE") {
    const date = new Date(Math.round((value - EPOCH_SERIAL) * DAY_MS));
    const [y, mo, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (pattern === "yyyy-mm-dd") return `${y}-${pad(mo)}-${pad(d)}`;
    if (pattern === "yyyy/m/d") return `${y}/${mo}/${d}`;
    if (pattern === "m/d/yyyy") return `${mo}/${d}/${y}`;
    return undefined;
  }
  if (format.type === "TIME") {
    const total = Math.round((((value % 1) + 1) % 1) * 86_400);
    const h = Math.floor(total / 3600) % 24;
    const min = Math.floor((total % 3600) / 60);
    const sec = total % 60;
    if (pattern === "h:mm:ss") return `${h}:${pad(min)}:${pad(sec)}`;
    if (pattern === "h:mm:ss am/pm")
      return `${h % 12 === 0 ? 12 : h % 12}:${pad(min)}:${pad(sec)} ${h < 12 ? "AM" : "PM"}`;
    return undefined;
  }
  return undefined;
}
