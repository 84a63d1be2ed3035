/**
 * What a deployment must have before it may serve anyone, each as a problem that names the
 * setting (never its value) in Chinese and English. The local default (`SHEETS_BACKEND=emulator`)
 * is forgiving; production (`google`) is not, because its mistakes reach every volunteer: a link
 * to 127.0.0.1 in the group message, a demo token that anyone who read the README can sign in
 * with, every community's links sealed with a secret derived from one community's token.
 */
import { parseKeyPool } from "./sheets/key-pool.ts";
import { parseServiceAccountKey } from "./sheets/service-account.ts";

export interface ConfigProblem {
  /** The setting's name, e.g. `PUBLIC_URL`; never its value. */
  setting: string;
  zh: string;
  en: string;
}

/** The settings this check reads, as wrangler hands them over (strings, maybe missing). */
export interface ConfigInput {
  SHEETS_BACKEND?: string;
  ORGANIZER_TOKEN?: string;
  LINK_SECRET?: string;
  PUBLIC_URL?: string;
  GOOGLE_SERVICE_ACCOUNT_KEY?: string;
  GOOGLE_SERVICE_ACCOUNT_KEYS?: string;
  ZC_NOW?: string;
}

/** Secrets anyone can read in this repository; a production that uses one has no secret. */
const PLACEHOLDERS = [
  "replace-me-with-a-long-random-token",
  "replace-me-with-another-long-random-secret",
  "test-organizer-token",
];
const MIN_SECRET = 32;

function weakSecret(value: string | undefined): "missing" | "placeholder" | "short" | undefined {
  if (!value) return "missing";
  const v = value.trim().toLowerCase();
  if (PLACEHOLDERS.includes(v) || v.startsWith("replace-me") || v.startsWith("changeme")) return "placeholder";
  if (value.length < MIN_SECRET) return "short";
  return undefined;
}

const secretText = {
  missing: { zh: "没有设置。", en: "is not set." },
  placeholder: {
    zh: "用的是示例里的值，谁都知道。请换成随机生成的长字符串。",
    en: "is the example value from the repository; set a long random one.",
  },
  short: { zh: `太短，至少要 ${MIN_SECRET} 个字符。`, en: `is too short: at least ${MIN_SECRET} characters.` },
};

function secretProblem(setting: string, value: string | undefined, hint = ""): ConfigProblem | undefined {
  const weak = weakSecret(value);
  if (!weak) return undefined;
  const text = secretText[weak];
  return { setting, zh: `${setting} ${text.zh}${hint}`, en: `${setting} ${text.en}` };
}

/** Problems of a production deployment; none for the local default except a broken clock pin. */
export function configProblems(input: ConfigInput): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (input.ZC_NOW !== undefined && Number.isNaN(Date.parse(input.ZC_NOW))) {
    problems.push({
      setting: "ZC_NOW",
      zh: "ZC_NOW 不是带时区的时间，例如 2026-12-05T07:20:00+08:00。",
      en: "ZC_NOW is not an instant with a zone, e.g. 2026-12-05T07:20:00+08:00.",
    });
  }
  if (input.SHEETS_BACKEND !== "google") return problems;

  if (input.ZC_NOW !== undefined) {
    problems.push({
      setting: "ZC_NOW",
      zh: "ZC_NOW 只能在本机试用时设置，正式运行时请删掉。",
      en: "ZC_NOW pins the clock for local runs only; remove it in production.",
    });
  }
  const token = secretProblem("ORGANIZER_TOKEN", input.ORGANIZER_TOKEN);
  if (token) problems.push(token);
  const linkSecret = secretProblem(
    "LINK_SECRET",
    input.LINK_SECRET,
    "它用来保护志愿者的链接，请用 wrangler secret put LINK_SECRET 设置。",
  );
  if (linkSecret) problems.push(linkSecret);
  problems.push(...publicUrlProblems(input.PUBLIC_URL));
  problems.push(...serviceAccountProblems(input.GOOGLE_SERVICE_ACCOUNT_KEY, input.GOOGLE_SERVICE_ACCOUNT_KEYS));
  return problems;
}

function publicUrlProblems(value: string | undefined): ConfigProblem[] {
  const setting = "PUBLIC_URL";
  if (!value) {
    return [
      {
        setting,
        zh: "PUBLIC_URL 没有设置，发出去的链接志愿者打不开，所以暂不发布。请设成网站的 https 地址。",
        en: "PUBLIC_URL is not set, so links would point nowhere; nothing is published until it is the site's https address.",
      },
    ];
  }
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol === "https:" && !isLocalHost(url.hostname)) return [];
  return [
    {
      setting,
      zh: "PUBLIC_URL 必须是大家都能打开的 https 地址，所以暂不发布。",
      en: "PUBLIC_URL must be a public https address; nothing is published until it is.",
    },
  ];
}

function isLocalHost(host: string): boolean {
  return host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "[::1]";
}

function serviceAccountProblems(value: string | undefined, pool: string | undefined): ConfigProblem[] {
  const setting = "GOOGLE_SERVICE_ACCOUNT_KEY";
  if (!value && !pool) {
    return [
      { setting, zh: `${setting} 没有设置，读不了表格。`, en: `${setting} is required with SHEETS_BACKEND=google.` },
    ];
  }
  const problems: ConfigProblem[] = [];
  if (value) {
    try {
      parseServiceAccountKey(value);
    } catch {
      // The parser's message may quote field names but never the key; still, say less.
      problems.push({
        setting,
        zh: `${setting} 不是完整的服务账号密钥（JSON 文件的内容，写成一行）。`,
        en: `${setting} is not a whole service-account key (the JSON file's content, on one line).`,
      });
    }
  }
  if (pool) {
    try {
      parseKeyPool(undefined, pool);
    } catch {
      problems.push({
        setting: "GOOGLE_SERVICE_ACCOUNT_KEYS",
        zh: "GOOGLE_SERVICE_ACCOUNT_KEYS 应是一组完整的服务账号密钥（JSON 数组，写成一行）。",
        en: "GOOGLE_SERVICE_ACCOUNT_KEYS must be a JSON array of whole service-account keys, on one line.",
      });
    }
  }
  return problems;
}
