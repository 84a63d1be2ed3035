/**
 * The tests' clock: the instant the Worker is pinned to (`ZC_NOW`, set in vitest.config.ts), so
 * a test and the Worker always agree on what "today" and "tomorrow" are, at any hour of the day.
 */
import { env } from "cloudflare:test";
import { addDays, localDate } from "../../../src/domain/local-time.ts";

export const TZ = "Asia/Shanghai";
/** Milliseconds since the epoch: the Worker's `services.now()` in these tests. */
export const NOW = Date.parse(env.ZC_NOW!);
export const today = () => localDate(NOW, TZ);
export const tomorrow = () => addDays(today(), 1);
