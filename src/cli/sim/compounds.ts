/**
 * The compounds of a simulated town: compound 1 is the local default's demo exactly (community
 * `demo`, spreadsheet `demo-compound`, the demo seed); every further one is its own community in
 * D1 with its own organizer token, and its own spreadsheet made by the demo generator from a seed
 * derived from the run's seed — different names, households, roles and sign-ups — and every
 * seventh at twice the roster, so a town mixes sizes.
 */
import { createHash, randomBytes } from "node:crypto";
import { demoDefaults } from "../../emulator/demo-compound.ts";
import { createRandom, hashSeed } from "../../emulator/seeded-random.ts";

export interface CompoundSpec {
  slug: string;
  name: string;
  spreadsheetId: string;
  /** Demo generator seed and roster scale. */
  seed: number;
  scale: number;
  /** Organizer token of this community (the Worker's own token for `demo`). */
  token: string;
}

export function planCompounds(count: number, runSeed: number, workerToken: string): CompoundSpec[] {
  const rng = createRandom(hashSeed("compounds", runSeed));
  const specs: CompoundSpec[] = [
    {
      slug: "demo",
      name: "演示小区 Demo compound",
      spreadsheetId: "demo-compound",
      seed: demoDefaults.seed,
      scale: 1,
      token: workerToken,
    },
  ];
  for (let i = 2; i <= count; i++) {
    const n = String(i).padStart(2, "0");
    specs.push({
      slug: `sim-${n}`,
      name: `模拟小区${n} Sim compound ${n}`,
      spreadsheetId: `sim-compound-${n}`,
      seed: Math.floor(rng.next() * 2 ** 31),
      scale: i % 7 === 0 ? 2 : 1,
      token: randomBytes(18).toString("base64url"),
    });
  }
  return specs;
}

/** INSERT statements for every compound but `demo` (which comes from the wrangler vars). */
export function communitiesSql(specs: readonly CompoundSpec[], timeZone: string, createdAt: string): string {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return specs
    .filter((s) => s.slug !== "demo")
    .map((s) => {
      const hash = createHash("sha256").update(s.token).digest("hex");
      const values = [s.slug, s.name, s.spreadsheetId, timeZone, createdAt, hash, "21:00", "06:30", "09:00"];
      return (
        "INSERT INTO communities (slug, name, spreadsheet_id, time_zone, created_at, token_hash, publish_time, chase_time, digest_time) " +
        `VALUES (${values.map(q).join(", ")});`
      );
    })
    .join("\n");
}

/**
 * A time zone in which it is now between 06:00 and 18:59, so that tomorrow's sign-ups are still
 * open (they close at the 21:00 publish) while the run plays the evening and the next morning
 * ahead of the real clock: Asia/Shanghai when it qualifies, else a fixed-offset zone.
 */
export function pickTimeZone(nowMs: number, preferred = "Asia/Shanghai"): string {
  const hour = (zone: string) =>
    Number(new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", hour: "2-digit" }).format(nowMs));
  const fits = (zone: string) => hour(zone) >= 6 && hour(zone) < 19;
  if (fits(preferred)) return preferred;
  // Etc/GMT-N is UTC+N (POSIX sign); prefer the zone where it is about 10:00.
  const utcHour = new Date(nowMs).getUTCHours();
  const offset = ((10 - utcHour + 36) % 24) - 12;
  const zone = offset === 0 ? "Etc/UTC" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
  return fits(zone) ? zone : preferred;
}
