/**
 * What the organizer API accepts: path parameters, query strings and JSON bodies, as zod schemas.
 * The routes validate with them (./../api-validation.ts) and `/api/openapi.json` is generated from
 * them (../openapi.ts), so the document cannot drift from what is enforced.
 *
 * `inputFailures` says which error code and message a failure of each field becomes: the codes
 * the routes have always answered (`bad_date`, `bad_json`, `bad_volunteer_ids`, …).
 */
import { z } from "zod";
import { MAX_CHAIN_BYTES, MAX_CHAIN_LINES } from "../../domain/chain.ts";
import { SIGNUP_DAYS_AHEAD } from "../../domain/validate.ts";

/** Same rule as `COMMUNITY_SLUG` (src/env.ts) and `npm run community:add`. */
export const communitySlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,40}$/)
  .meta({
    description:
      "小区代号（小写字母、数字和 -）。The community's slug: lower-case letters, digits and -, as given to `npm run community:add`.",
    examples: ["demo"],
  });

/** A calendar date that exists (`2022-02-29` does not). */
export const isoDate = z.iso.date().meta({
  description: "日期 YYYY-MM-DD，须是真实存在的日期。A date as YYYY-MM-DD that exists on the calendar.",
  examples: ["2022-04-19"],
});

export const volunteerId = z
  .string()
  .min(1)
  .max(64)
  .meta({
    description: "志愿者编号，即志愿者表的 ID 列。The volunteer's ID, as in the ID column of the Volunteers tab.",
    examples: ["V001"],
  });

export const MAX_LINK_REQUEST_IDS = 2000;

export const communityParams = z.object({ community: communitySlug });
export const dateParams = z.object({ community: communitySlug, date: isoDate });
export const volunteerParams = z.object({ community: communitySlug, volunteerId });

export const importQuery = z.object({
  date: isoDate.optional().meta({
    description: `导入到哪一天（默认明天，只能是今天到 ${SIGNUP_DAYS_AHEAD} 天以后）；优先于 JSON 里的 date。The date to import for: tomorrow in the community's time zone by default, today up to ${SIGNUP_DAYS_AHEAD} days ahead; wins over the JSON "date".`,
    examples: ["2022-04-19"],
  }),
  from: z.literal("sheet").optional().meta({
    description:
      "from=sheet：不读请求体，改为导入表格「接龙粘贴 Paste」页里粘贴的每一段接龙。Import every chain pasted in the sheet's Paste tab instead of the request body.",
  }),
});

/** The text/plain body of `signups/import`: the chain as copied from the group. */
export const chainText = z.string().meta({
  description: `从微信群复制的整段接龙，原样粘贴；最多 ${MAX_CHAIN_LINES} 行、${MAX_CHAIN_BYTES / 1024} KB（UTF-8）。The whole chain message as copied from the group, at most ${MAX_CHAIN_LINES} lines and ${MAX_CHAIN_BYTES / 1024} KB of UTF-8.`,
  examples: ["#接龙\n明天志愿者报名\n1. 胡天宇 25号楼 全天\n2. 徐明轩 19号楼 上午"],
});

export const importJsonBody = z
  .object({
    text: chainText,
    date: isoDate.optional().meta({
      description: "导入到哪一天；查询参数 ?date= 优先。The date to import for; `?date=` wins when both are given.",
      examples: ["2022-04-19"],
    }),
  })
  .meta({
    description: "JSON 形式的接龙导入。A pasted chain as JSON.",
    examples: [{ text: "#接龙\n明天志愿者报名\n1. 胡天宇 25号楼 全天" }],
  });

export const linkRequestBody = z
  .object({
    volunteerIds: z
      .array(volunteerId)
      .max(MAX_LINK_REQUEST_IDS)
      .optional()
      .meta({
        description: `只给这些志愿者发链接（最多 ${MAX_LINK_REQUEST_IDS} 个）；不写则给所有在册且还没有链接的志愿者。Only these volunteers (at most ${MAX_LINK_REQUEST_IDS}); without it, every active volunteer who has no link yet.`,
        examples: [["V001", "V002"]],
      }),
  })
  .meta({
    description:
      "可选的 JSON；请求体为空也可以。Optional JSON; an empty body means every active volunteer. Read as JSON whatever the content type says.",
    examples: [{ volunteerIds: ["V001", "V002"] }, {}],
  });

export interface InputFailure {
  code: string;
  zh: string;
  en: string;
}

/** The error each field's failure becomes, by field name (a field means the same wherever it is). */
export const inputFailures: Record<string, InputFailure> = {
  date: {
    code: "bad_date",
    zh: "date 日期格式应为 YYYY-MM-DD，且是真实的日期，例如 2022-04-19。",
    en: '"date" must be a real date as YYYY-MM-DD, e.g. 2022-04-19.',
  },
  volunteerId: {
    code: "bad_volunteer_id",
    zh: "volunteerId 应为 1 到 64 个字符的志愿者编号。",
    en: '"volunteerId" must be a volunteer ID of 1 to 64 characters.',
  },
  volunteerIds: {
    code: "bad_volunteer_ids",
    zh: `volunteerIds 应为编号列表（最多 ${MAX_LINK_REQUEST_IDS} 个）。`,
    en: `"volunteerIds" must be a list of IDs (at most ${MAX_LINK_REQUEST_IDS.toLocaleString("en")}).`,
  },
  text: {
    code: "bad_json",
    zh: "JSON 里要有 text（粘贴的接龙文字）。",
    en: 'The JSON needs a "text" field holding the pasted chain.',
  },
  from: {
    code: "bad_query",
    zh: "from 只能是 sheet（导入表格里粘贴的接龙）。",
    en: '"from" can only be "sheet" (import the chains pasted in the sheet).',
  },
};

/** A JSON body that is not an object, or is not JSON at all. */
export const badJson: InputFailure = {
  code: "bad_json",
  zh: "请求体不是有效的 JSON 对象。",
  en: "The request body is not a valid JSON object.",
};
