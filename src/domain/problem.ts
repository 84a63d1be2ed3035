/**
 * A problem found in the organizers' sheet, told in Chinese first and English second.
 *
 * Problems are values, not exceptions: a sync returns every one of them, the Problems tab lists
 * them, and the Check column shows the first one beside its row.
 */
export type Severity = "error" | "warning";

export interface Problem {
  /** Manifest tab key, e.g. "volunteers". */
  tab: string;
  /** 1-based sheet row number at the time of the read; absent for problems about a whole tab. */
  row?: number;
  /** The row's ID (e.g. "V012"), so the message can find its row again after a sort. */
  id?: string;
  /** Manifest column key. */
  column?: string;
  /** What the organizer typed, as read. */
  value?: string;
  /** Stable machine code, e.g. "header_missing". */
  code: string;
  zh: string;
  en: string;
  severity: Severity;
}

/** "中文 English" in one string, for places that have room for one line only. */
export function bilingual(p: Pick<Problem, "zh" | "en">): string {
  return `${p.zh} ${p.en}`;
}
