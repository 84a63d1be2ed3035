/**
 * The Worker's side of the governor: before a Sheets request leaves, ask the project's governor
 * for a slot and wait for it. A volunteer's answer or a publish that is told to come back waits
 * and asks again (up to two minutes: the sheet lags a little instead of failing); background work
 * (problem refreshes) gives way at once with a quota error its caller already retries later.
 */
import type { AcquireRequest, AcquireResult, CallKind } from "./governor.ts";
import type { Priority } from "./quota-window.ts";
import { SheetsError } from "./sheets-error.ts";

export interface GovernorStub {
  acquire(request: AcquireRequest): Promise<AcquireResult>;
}

/** Longest a call waits for quota in all before it fails as a quota error. */
const MAX_WAIT_MS = 120_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves with the governor's pressure (0..1) once the slot has come. */
export function governedAcquire(
  stub: GovernorStub,
  caller: { account: string; spreadsheetId?: string },
  priority: Priority,
  deps: { sleep?: (ms: number) => Promise<void>; now?: () => number } = {},
): (kind: CallKind) => Promise<number> {
  const sleep = deps.sleep ?? realSleep;
  const now = deps.now ?? Date.now;
  return async (kind) => {
    const started = now();
    for (;;) {
      const result = await stub.acquire({ ...caller, kind, priority });
      if ("at" in result) {
        const wait = result.at - now();
        if (wait > 0) await sleep(wait);
        return result.pressure;
      }
      if (priority === "background" || result.retryAt - started > MAX_WAIT_MS) {
        throw new SheetsError(
          "quota",
          429,
          "表格服务的每分钟请求配额留给了志愿者的回复，这项工作稍后再做。",
          "The Sheets quota is kept for volunteers' answers just now; this work runs again shortly.",
          `governor: ${priority} ${kind} deferred`,
        );
      }
      await sleep(Math.max(0, result.retryAt - now()));
    }
  };
}
