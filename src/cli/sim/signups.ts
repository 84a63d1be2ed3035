/**
 * The evening sign-ups beyond the ones already in the demo's Signups tab: a few volunteers answer
 * the group's 接龙 (the organizer pastes the chain to the import), and a few sign up on their
 * personal link (`/s/{code}`), as `npm start`'s README describes.
 */
import { createRandom, hashSeed } from "../../emulator/seeded-random.ts";
import { DEFAULT_AGE_LIMIT } from "../../domain/validate.ts";
import type { SimClient } from "./client.ts";
import type { CompoundSpec } from "./compounds.ts";
import { signUp } from "./phone.ts";

export const TAB = {
  volunteers: "志愿者 Volunteers",
  signups: "报名 Signups",
  parcels: "快递 Parcels",
  plan: "分工 Plan",
  problems: "问题 Problems",
} as const;

interface RosterEntry {
  id: string;
  name: string;
  home: string;
}

/** Active volunteers under the age limit, with a name no one else has, who are not signed up for `date`. */
async function unsignedVolunteers(client: SimClient, spec: CompoundSpec, date: string): Promise<RosterEntry[]> {
  const [volunteers, signups] = await Promise.all([
    client.tabValues(spec.spreadsheetId, TAB.volunteers),
    client.tabValues(spec.spreadsheetId, TAB.signups),
  ]);
  const signed = new Set(signups.filter((r) => r[0] === date).map((r) => r[1]));
  const names = new Map<string, number>();
  for (const r of volunteers.slice(1)) names.set(r[1] ?? "", (names.get(r[1] ?? "") ?? 0) + 1);
  return volunteers
    .slice(1)
    .filter((r) => /^是/.test(r[6] ?? "") && Number(r[3]) < DEFAULT_AGE_LIMIT && !r[5])
    .filter((r) => !signed.has(r[0]) && names.get(r[1] ?? "") === 1)
    .map((r) => ({ id: r[0]!, name: r[1]!, home: r[4] ?? "" }));
}

export interface EveningSignups {
  chainImport: number;
  signupLinks: number;
}

/** `perWay` volunteers through the 接龙 import and as many through personal links. */
export async function eveningSignups(
  client: SimClient,
  spec: CompoundSpec,
  date: string,
  perWay: number,
): Promise<EveningSignups> {
  const rng = createRandom(hashSeed("signups", spec.seed, date));
  const pool = rng.shuffle(await unsignedVolunteers(client, spec, date));
  const chain = pool.slice(0, perWay);
  const viaLinks = pool.slice(perWay, perWay * 2);

  const text = [
    "#接龙",
    "明天志愿者报名：姓名 楼号 时段",
    "例 张三 3号楼 全天",
    "",
    ...chain.map((v, i) => `${i + 1}. ${v.name} ${v.home} ${rng.pick(["全天", "全天", "上午", "下午"])}`),
  ].join("\n");
  const imported = await client.json<{ added: unknown[] | number }>(`/api/${spec.slug}/signups/import?date=${date}`, {
    method: "POST",
    token: spec.token,
    headers: { "content-type": "text/plain; charset=utf-8" },
    body: text,
  });
  const added = Array.isArray(imported.added) ? imported.added.length : Number(imported.added);

  const issued = await client.api<{ links: Array<{ volunteerId: string; url: string | null }> }>(
    spec.token,
    "POST",
    `/api/${spec.slug}/signups/links`,
    { volunteerIds: viaLinks.map((v) => v.id) },
  );
  let signedUp = 0;
  for (const link of issued.links) {
    if (!link.url) continue;
    const tap = await signUp(link.url, "all_day");
    if (tap.status === 303) signedUp++;
  }
  // The sign-up page appends in the background; make sure the rows are in the sheet now.
  await client.api(spec.token, "POST", `/api/${spec.slug}/signups/links/flush`);
  return { chainImport: added, signupLinks: signedUp };
}
