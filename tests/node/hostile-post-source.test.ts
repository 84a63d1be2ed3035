/**
 * The header rule for form POSTs to the volunteer link pages (`postSource` in
 * src/routes/link-guard.ts), over any combination of Origin, Referer and Sec-Fetch-Site an attacker
 * or an old phone could send. The pages are served with no-referrer, so their own POST says
 * `Origin: null`; that may pass (to the token check) only when Fetch Metadata does not say the
 * request crossed sites, and nothing naming another site may pass at all.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { postSource, type PostHeaders } from "../../src/routes/link-guard.ts";

const OURS = ["https://zonecrew.example", "http://local"];

const originValue = fc.oneof(
  fc.constantFrom(
    ...OURS,
    "null",
    "https://evil.example",
    "http://local:8080",
    "https://zonecrew.example.evil.example",
  ),
  fc.constantFrom("", " ", "NULL", "null ", "http://LOCAL", "file://", "data:"),
  fc.webUrl().map((u) => new URL(u).origin),
);
const refererValue = fc.oneof(
  fc.constantFrom(`${OURS[0]}/c/k7HqVw3NbZt9`, "https://evil.example/x", "not a url", "", "about:blank"),
  fc.webUrl(),
);
const siteValue = fc.oneof(
  fc.constantFrom("same-origin", "same-site", "cross-site", "none"),
  fc.constantFrom("", "Same-Origin", "same-origin, cross-site"),
  fc.string({ maxLength: 12 }),
);

const headers: fc.Arbitrary<PostHeaders> = fc.record(
  { origin: originValue, referer: refererValue, secFetchSite: siteValue },
  { requiredKeys: [] },
);

describe("which form POSTs may reach the token check", () => {
  it("anything Fetch Metadata marks as not same-origin is foreign, whatever else is sent", () => {
    fc.assert(
      fc.property(headers, (h) => {
        if (h.secFetchSite !== undefined && h.secFetchSite !== "same-origin" && h.secFetchSite !== "none") {
          expect(postSource(h, OURS)).toBe("foreign");
        }
      }),
      { seed: 0x0519, numRuns: 2000 },
    );
  });

  it("an Origin other than ours or 'null' is foreign; a Referer elsewhere (without Origin) is foreign", () => {
    fc.assert(
      fc.property(headers, (h) => {
        const source = postSource(h, OURS);
        if (h.origin !== undefined && h.origin !== "null" && !OURS.includes(h.origin)) expect(source).toBe("foreign");
        if (h.origin === undefined && h.referer !== undefined) {
          const own = URL.canParse(h.referer) && OURS.includes(new URL(h.referer).origin);
          if (!own) expect(source).toBe("foreign");
        }
      }),
      { seed: 0x0520, numRuns: 2000 },
    );
  });

  it("Origin null passes only as 'hidden' (token required), only when Sec-Fetch-Site is same-origin or absent", () => {
    fc.assert(
      fc.property(headers, (h) => {
        const source = postSource({ ...h, origin: "null" }, OURS);
        const site = h.secFetchSite;
        expect(source).toBe(site === undefined || site === "same-origin" ? "hidden" : "foreign");
      }),
      { seed: 0x0521, numRuns: 2000 },
    );
  });

  it("our own page passes: our Origin, or our Referer, or nothing at all (old WebViews)", () => {
    for (const site of [undefined, "same-origin", "none"]) {
      for (const origin of OURS) expect(postSource({ origin, secFetchSite: site }, OURS)).toBe("ours");
      expect(postSource({ referer: `${OURS[1]}/s/k7HqVw3NbZt9`, secFetchSite: site }, OURS)).toBe("ours");
      expect(postSource({ secFetchSite: site }, OURS)).toBe("ours");
    }
    expect(postSource({ origin: "null", secFetchSite: "same-origin" }, OURS)).toBe("hidden");
    expect(postSource({ origin: "null" }, OURS)).toBe("hidden");
  });
});
