/**
 * Which day a personal sign-up link signs up for, and until when: the evening rhythm of the
 * group's 接龙. At any time of day the link signs up for tomorrow, until the community's evening
 * publish time today (21:00 by default), when tomorrow's plan is made and published; after that
 * tomorrow is closed, and at midnight the link opens for the next day. Pure: the instant is passed in.
 *
 * @example
 * signupWindow(Date.UTC(2022, 3, 18, 12), "Asia/Shanghai", "21:00");
 * // { date: "2022-04-19", closesAt: Date.UTC(2022, 3, 18, 13), open: true } (20:00 in Shanghai)
 */
import { addDays, localDate, localTimeToEpoch } from "./local-time.ts";

export interface SignupWindow {
  /** The day being signed up for, "YYYY-MM-DD". */
  date: string;
  /** Epoch ms when sign-ups for `date` close (exclusive). */
  closesAt: number;
  /** "HH:MM" local, for the page. */
  closeTime: string;
  open: boolean;
}

export function signupWindow(now: number, timeZone: string, closeTime: string): SignupWindow {
  const today = localDate(now, timeZone);
  const closesAt = localTimeToEpoch(today, closeTime, timeZone);
  return { date: addDays(today, 1), closesAt, closeTime, open: now < closesAt };
}
