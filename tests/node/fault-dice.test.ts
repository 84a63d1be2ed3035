/**
 * Injected failures must keep rolling new dice when the emulator's Durable Object is created
 * again (it idles out between an outbox's backoff retries). Starting the seeded stream over made
 * every retry after a pause meet the same first rolls — read served, write failed — forever.
 */
import { describe, expect, it } from "vitest";
import { CallGate, defaultFaults, emptyStats } from "../../src/emulator/faults.ts";

const faults = { ...defaultFaults, failureRate: 0.3, seed: 1 };
const verdicts = (gate: CallGate, n: number) => Array.from({ length: n }, () => gate.admit().serve);

describe("the emulator's failure dice", () => {
  it("go on where they stopped when the gate is rebuilt from the stored number of rolls", () => {
    const straight = verdicts(new CallGate(faults, emptyStats()), 40);
    const first = new CallGate(faults, emptyStats());
    const before = verdicts(first, 20);
    const again = new CallGate(faults, emptyStats(), first.draws);
    expect([...before, ...verdicts(again, 20)]).toEqual(straight);
  });

  it("start over only when the faults are set again", () => {
    const gate = new CallGate(faults, emptyStats());
    const once = verdicts(gate, 10);
    gate.setFaults(faults);
    expect(gate.draws).toBe(0);
    expect(verdicts(gate, 10)).toEqual(once);
  });
});
