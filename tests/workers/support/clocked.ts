/**
 * Requests to the Worker with its clock set: the day's flows (roll call, ticks, gate counts) open
 * and close by the community's local time, and no test reads the wall clock.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { buildApp } from "../../../src/app.ts";
import { localTimeToEpoch } from "../../../src/domain/local-time.ts";
import { tomorrow } from "./clock.ts";
import { ORIGIN } from "./links.ts";

/** Epoch ms of a Shanghai time on the day the tests publish (tomorrow). */
export const shanghai = (time: string): number => localTimeToEpoch(tomorrow(), time, "Asia/Shanghai");

/** A request with the Worker's clock at `now`. */
export async function at(now: number, path: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await buildApp({ now: () => now }).fetch(new Request(`${ORIGIN}${path}`, init), env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** A form POST from our own page (same origin), redirects not followed. */
export function post(now: number, path: string, fields: Record<string, string>): Promise<Response> {
  return at(now, path, {
    method: "POST",
    redirect: "manual",
    headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}
