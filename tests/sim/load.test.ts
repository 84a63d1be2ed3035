/**
 * The load bench at CI size (`npm run load` is the large run): the demo compound published, then
 * the volunteer page under 50 connections for 150 requests, and the real confirm form once per link. A count,
 * not a duration: CI once ran this beside two simulated days, and a 3 s run ended before its
 * first confirmation came back. No latency is asserted (speed belongs to the benchmark, not to a
 * test on a shared 2-core box); what must hold is that no request fails and every confirmation
 * the server acknowledged is in D1 exactly once, reaches the Plan tab, and leaves the outbox
 * empty. The Worker's clock is pinned to an evening, so the run is the same at any hour.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../src/cli/local-worker.ts";
import { LOAD_EVENING, runLoad, type LoadReport } from "../bench/load.ts";

let worker: LocalWorker;
let report: LoadReport;

const REQUESTS = 150;

beforeAll(async () => {
  worker = await startLocalWorker({ vars: { ZC_NOW: LOAD_EVENING } });
  report = await runLoad(worker, {
    durationS: 3,
    requestsPerRun: REQUESTS,
    // One POST per link: CI got 2 unexpected statuses of 150 with repeats racing their first
    // answer on a starved box (repeats are the bench's and the workers tests' to prove). A POST
    // that wrangler dev's proxy drops (its 503 "restarted mid-request", 8 of 60 once in CI beside
    // two simulated days) is sent again once, as the person would, and must then be acknowledged.
    oncePerLink: true,
    connections: [50],
    demoScale: 1,
    timeoutS: 60,
    strictDirect: false,
    now: Date.parse(LOAD_EVENING),
  });
});

afterAll(async () => {
  await worker?.stop();
});

describe("the volunteer page and the confirm POST under 50 connections", () => {
  it("serve every request with the status the real flow expects: no error, timeout or other status", () => {
    // The local server (wrangler dev's port); the Worker's internal socket is reported only.
    const judged = report.runs.filter((r) => r.via === "wrangler-dev");
    expect(judged.map((r) => r.target).sort()).toEqual(["confirm", "page"]);
    for (const run of judged) {
      // What came back, in the message: a failure says which statuses and errors it saw.
      const seen = `${run.via} ${run.target}: ${JSON.stringify({
        byStatus: run.byStatus,
        errors: run.errorKinds,
        devProxyRefusals: run.devProxyRefusals,
        resent: run.resent,
      })}`;
      expect(run.requests, seen).toBe(run.target === "page" ? REQUESTS : run.firstAnswers);
      expect(run.requests, seen).toBeGreaterThan(0);
      expect(run.errors, seen).toBe(0);
      expect(run.timeouts, seen).toBe(0);
      expect(run.unexpected, seen).toBe(0);
    }
    expect(report.failures).toEqual([]);
  });

  it("keeps every acknowledged confirmation in D1 exactly once, in the sheet, with the outbox drained", () => {
    const i = report.integrity;
    expect(i.acknowledged).toBeGreaterThan(0);
    expect(i.lost).toBe(0);
    expect(i.duplicated).toBe(0);
    expect(i.confirmedInD1).toBeGreaterThanOrEqual(i.acknowledged);
    expect(i.outboxDrainedS).not.toBeNull();
    expect(i.outboxPendingAtEnd).toBe(0);
    expect(i.notInSheet).toBe(0);
  });
});
