/**
 * A gate count as typed on a phone (src/domain/gate-count.ts): each refusal says what is wrong
 * with the number, a negative count included.
 */
import { describe, expect, it } from "vitest";
import { parseGateCount } from "../../src/domain/gate-count.ts";

const problem = (form: Parameters<typeof parseGateCount>[0]) => {
  const parsed = parseGateCount(form);
  return parsed.ok ? null : parsed.problem;
};

describe("a gate count", () => {
  it("refuses a negative count as negative, not as a number that is not whole", () => {
    expect(problem({ count: "-3" })).toEqual({ zh: "件数不能是负数。", en: "Parcels cannot be negative." });
    expect(problem({ count: "－3" })?.zh).toBe("件数不能是负数。"); // full-width minus
    expect(problem({ count: "12", medicine: "-1" })?.zh).toBe("其中药品不能是负数。");
    expect(problem({ count: "1.5" })?.zh).toBe("件数要填整数，例如 12。");
    expect(problem({ count: "十二" })?.zh).toBe("件数要填整数，例如 12。");
  });

  it("reads full-width digits and blank medicine and cold chain as 0", () => {
    expect(parseGateCount({ count: "１２" })).toEqual({ ok: true, value: { count: 12, medicine: 0, coldChain: 0 } });
  });
});
