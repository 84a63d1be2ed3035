import { describe, expect, it } from "vitest";
import { matchLines, parseChain, type ChainRefusalCode, type IgnoredReason } from "../../src/domain/chain.ts";
import { entries, ROSTER, TODAY, TOMORROW } from "./chain-fixtures.ts";

// Chain messages as they arrive from a compound's WeChat group, written for these tests (the
// names are invented). Each states what the parser must read: the chain's date, every numbered
// line in the compact form of chain-fixtures.ts `entry`, why each other line was ignored, and —
// for many — which roster volunteer each line is (or why none is).
interface Case {
  name: string;
  text: string;
  /** Defaults: today 2022-04-18 (Monday), importing 2022-04-19. */
  expected?: string;
  date: string | null;
  refusal?: ChainRefusalCode;
  entries: string[];
  ignored?: IgnoredReason[];
  /** Per numbered line: the roster ID, or "✗<code>", or both ("V001 ✗plus_one"). */
  matched?: string[];
}

const corpus: Case[] = [
  {
    name: "the WeChat 接龙 shape: title, description with 明天, example, numbered lines",
    text: "#接龙\n明天志愿者报名，请按格式：姓名 楼号 时段\n例 张三 3号楼 全天\n\n1. 张伟 3号楼 全天\n2. 李娜 12-301 上午\n3. 王芳 尾号1234 下午",
    date: TOMORROW,
    entries: ["1. 张伟 楼3 all_day", "2. 李娜 楼12 am", "3. 王芳 尾1234 pm"],
    ignored: ["title", "description", "example"],
    matched: ["V001", "V002", "V003"],
  },
  {
    name: "the date in the title, with its weekday",
    text: "#接龙 4月19日（周二）志愿者报名\n\n1. 赵磊 5栋 全天\n2. 孙强 7栋 下午",
    date: TOMORROW,
    entries: ["1. 赵磊 楼5 all_day", "2. 孙强 楼7 pm"],
    ignored: ["title"],
    matched: ["V005", "V006"],
  },
  {
    name: "a weekday alone names the next such day",
    text: "#接龙\n周二志愿者接龙\n1、周敏 8号楼 全天\n2、刘洋 12号楼 上午",
    date: TOMORROW,
    entries: ["1. 周敏 楼8 all_day", "2. 刘洋 楼12 am"],
    ignored: ["title", "description"],
    matched: ["V007", "V008"],
  },
  {
    name: "full-width digits, spaces and punctuation throughout",
    text: "＃接龙\n明天（４月１９日）志愿者\n１．张伟　３号楼　全天\n２．李娜　１２－３０１　上午\n３．王芳（１２３４）　下午",
    date: TOMORROW,
    entries: ["1. 张伟 楼3 all_day", "2. 李娜 楼12 am", "3. 王芳 尾1234 pm"],
    ignored: ["title", "description"],
    matched: ["V001", "V002", "V003"],
  },
  {
    name: "every numbering style people type, including a keycap emoji and a bare next number",
    text: "#接龙\n明天\n1) 张伟 全天\n(2) 李娜 上午\n3: 赵磊 下午\n4，孙强 全天\n5 周敏 上午\n6️⃣ 刘洋 下午\n7、陈晨 全天",
    date: TOMORROW,
    entries: [
      "1. 张伟 all_day",
      "2. 李娜 am",
      "3. 赵磊 pm",
      "4. 孙强 all_day",
      "5. 周敏 am",
      "6. 刘洋 pm",
      "7. 陈晨 all_day",
    ],
    ignored: ["title", "description"],
  },
  {
    name: "no spaces at all between name, room and time",
    text: "#接龙\n明天志愿者\n1.张伟3号楼全天\n2.李娜12栋301上午\n3.赵磊5号楼下午2-5点",
    date: TOMORROW,
    entries: ["1. 张伟 楼3 all_day", "2. 李娜 楼12 am", "3. 赵磊 楼5 pm"],
    matched: ["V001", "V002", "V005"],
  },
  {
    name: "time ranges instead of words",
    text: "接龙 明天\n1. 马丽 8-12点\n2. 何静 13:00-17:00\n3. 郭涛 8点到17点\n4. 杨帆 下午2点-5点\n5. 林峰 9:00~11:30",
    date: TOMORROW,
    entries: ["1. 马丽 am", "2. 何静 pm", "3. 郭涛 all_day", "4. 杨帆 pm", "5. 林峰 am"],
    ignored: ["title"],
    matched: ["V011", "V018", "V019", "V017", "V020"],
  },
  {
    name: "English mixed in",
    text: "#Jielong volunteers for tomorrow\n1. Li Wei B3 AM\n2. 张伟 3号楼 all day\n3. 李娜 12-301 PM\n4. 赵磊 full day",
    date: TOMORROW,
    entries: ["1. Li Wei 楼3 am", "2. 张伟 楼3 all_day", "3. 李娜 楼12 pm", "4. 赵磊 all_day"],
    ignored: ["title"],
    matched: ["V013", "V001", "V002", "V005"],
  },
  {
    name: "emoji around the title and the names",
    text: "🔥#接龙🔥\n明天志愿者🙏\n1. 🌸王芳(1234)🌸 下午\n2. 😊陈晨 5栋 全天👍\n3. 🙋‍♂️ 吴昊 三号楼 上午",
    date: TOMORROW,
    entries: ["1. 王芳 尾1234 pm", "2. 陈晨 楼5 all_day", "3. 吴昊 楼3 am"],
    ignored: ["title", "description"],
    matched: ["V003", "V009", "V010"],
  },
  {
    name: "blank lines everywhere",
    text: "\n\n#接龙\n\n\n明天报名\n\n1. 张伟 全天\n\n\n2. 李娜 上午\n\n",
    date: TOMORROW,
    entries: ["1. 张伟 all_day", "2. 李娜 am"],
    ignored: ["title", "description"],
  },
  {
    name: "the chain re-copied: two copies pasted, the second one line longer",
    text: [
      "#接龙",
      "明天志愿者报名",
      "1. 张伟 3号楼 全天",
      "2. 李娜 12-301 上午",
      "#接龙",
      "明天志愿者报名",
      "1. 张伟 3号楼 全天",
      "2. 李娜 12-301 上午",
      "3. 赵磊 5栋 下午",
    ].join("\n"),
    date: TOMORROW,
    entries: ["1. 张伟 楼3 all_day", "2. 李娜 楼12 am", "3. 赵磊 楼5 pm"],
    ignored: ["title", "description", "repeated", "repeated", "repeated", "repeated"],
  },
  {
    name: "entries run together on one line when the newlines were lost",
    text: "#接龙 明天\n1. 张伟 3号楼 全天 2. 李娜 12-301 上午 3. 赵磊 5栋 下午",
    date: TOMORROW,
    entries: ["1. 张伟 楼3 all_day", "2. 李娜 楼12 am", "3. 赵磊 楼5 pm"],
    ignored: ["title"],
  },
  {
    name: "comments after the list, one naming a time and 明早",
    text: "#接龙\n明天志愿者\n1. 张伟 全天\n2. 李娜 上午\n3. 赵磊 全天\n收到\n@所有人 明早7:30居委会集合，记得带身份证\n谢谢大家辛苦了🙏",
    date: TOMORROW,
    entries: ["1. 张伟 all_day", "2. 李娜 am", "3. 赵磊 all_day"],
    ignored: ["title", "description", "comment", "comment", "comment"],
  },
  {
    name: "volunteer IDs, labelled or not, and an ID alone",
    text: "#接龙 明天\n1. V001 张伟 全天\n2. 编号V005 赵磊 上午\n3. ID:V012 陈静 下午\n4. v010 全天\n5. V099 林峰 全天\n6. V002 张伟 上午",
    date: TOMORROW,
    entries: [
      "1. 张伟 #V001 all_day",
      "2. 赵磊 #V005 am",
      "3. 陈静 #V012 pm",
      "4. ∅ #v010 all_day",
      "5. 林峰 #V099 all_day",
      "6. 张伟 #V002 am",
    ],
    matched: ["V001", "V005", "V012", "V010", "✗unknown_id", "✗id_name_mismatch"],
  },
  {
    name: "namesakes told apart by phone tail or whole number, and one not",
    text: "#接龙 明天\n1. 王芳 13700005678 下午\n2. 王芳 后四位1234 上午\n3. 赵磊 150-0000-2222 全天\n4. 王芳 全天\n5. 王芳 尾号9999 全天",
    date: TOMORROW,
    entries: [
      "1. 王芳 尾5678 pm",
      "2. 王芳 尾1234 am",
      "3. 赵磊 尾2222 all_day",
      "4. 王芳 all_day",
      "5. 王芳 尾9999 all_day",
    ],
    matched: ["V004", "V003", "V005", "✗ambiguous_name", "✗tail_mismatch"],
  },
  {
    name: "people who are not coming after all",
    text: "#接龙 明天\n1. 张伟 全天\n2. 李娜 上午 取消\n3. 周敏 明天不来了\n4. 刘洋 请假",
    date: TOMORROW,
    entries: ["1. 张伟 all_day", "2. 李娜 am 取消 // 取消", "3. 周敏 ? 取消 // 明天 不来了", "4. 刘洋 ? 取消 // 请假"],
    matched: ["V001", "✗not_coming", "✗not_coming", "✗not_coming"],
  },
  {
    name: "a part of the day refused is not a sign-up for it",
    text: "#接龙 明天\n1. 王芳(1234) 下午不行，上午可以\n2. 陈晨 上午有事 下午可以\n3. 马丽 上午都可以",
    date: TOMORROW,
    entries: ["1. 王芳 尾1234 am // 下午不行", "2. 陈晨 pm // 上午有事", "3. 马丽 am"],
  },
  {
    name: "a part of the day refused for a meeting or work, and an hour from which the afternoon starts",
    text: "#接龙 明天\n1. 张伟 3号楼 上午可以 下午有会\n2. 李娜 下午两点后\n3. 赵磊 14点以后\n4. 孙强 上午要上班 下午可以\n5. 周敏 下午不行\n6. 刘洋 12点前\n7. 陈晨 上午值班",
    date: TOMORROW,
    entries: [
      "1. 张伟 楼3 am // 下午有会",
      "2. 李娜 pm",
      "3. 赵磊 pm",
      "4. 孙强 pm // 上午要上班",
      "5. 周敏 am // 下午不行",
      "6. 刘洋 am",
      "7. 陈晨 am // 值班",
    ],
    matched: ["V001", "V002", "V005", "V006", "V007", "V008", "V009"],
  },
  {
    name: "a line whose parts of the day contradict each other is reported, not guessed",
    text: "#接龙 明天\n1. 张伟 上午 下午不行 全天\n2. 李娜 全天 下午有事\n3. 赵磊 上午和下午都不行\n4. 孙强 全天不行 上午可以",
    date: TOMORROW,
    entries: [
      "1. 张伟 all_day 矛盾(全天|下午不行) // 下午不行",
      "2. 李娜 all_day 矛盾(全天|下午有事) // 下午有事",
      "3. 赵磊 ? 矛盾(上午和下午都不行) // 上午和下午都不行",
      "4. 孙强 am // 全天不行",
    ],
    matched: ["✗unclear_day_part", "✗unclear_day_part", "✗unclear_day_part", "V006"],
  },
  {
    name: "plus-ones are sign-ups no volunteer matches, listed beside the volunteer who brings them",
    text: "#接龙 明天\n1. 张伟 3号楼 全天 +1 我老婆也来\n2. +1\n3. 加一\n4. 李娜 上午 带家属1人\n5. 我和我老公 下午\n6. 赵磊 全天 +2\n7. 孙强 全天 =1+1",
    date: TOMORROW,
    entries: [
      "1. 张伟 楼3 all_day +1",
      "2. ∅ ? +1",
      "3. ∅ ? +1",
      "4. 李娜 am +1",
      "5. ∅ pm +1",
      "6. 赵磊 all_day +2",
      "7. 孙强 all_day // =1+1",
    ],
    matched: ["V001 ✗plus_one", "✗plus_one", "✗plus_one", "V002 ✗plus_one", "✗plus_one", "V005 ✗plus_one", "V006"],
  },
  {
    name: "a nickname around a roster name suggests the volunteer; a building beside the name is read as usual",
    text: "#接龙 明天\n1. A唐晓雯 全天\n2. 唐晓雯-12栋 上午\n3. 12栋唐晓雯 下午\n4. 唐晓雯88 全天\n5. A王芳 全天\n6. 张伟明 全天\n7. 唐晓雯-7栋 全天",
    date: TOMORROW,
    entries: [
      "1. A唐晓雯 all_day",
      "2. 唐晓雯 楼12 am",
      "3. 唐晓雯 楼12 pm",
      "4. 唐晓雯88 all_day",
      "5. A王芳 all_day",
      "6. 张伟明 all_day",
      "7. 唐晓雯 楼7 all_day",
    ],
    // "12栋" is her home building, so those lines match as any name does; "-7栋" is not, so it may
    // be a namesake. One more Chinese character is another person (张伟明 is not 张伟).
    matched: [
      "✗suggested_match",
      "V021",
      "V021",
      "✗suggested_match",
      "✗suggested_match",
      "✗unknown_name",
      "✗building_mismatch",
    ],
  },
  {
    name: "broken: no numbering at all",
    text: "明天志愿者报名\n张伟 3号楼 全天\n李娜 12-301 上午",
    date: TOMORROW,
    refusal: "no_entries",
    entries: [],
    ignored: ["description", "unnumbered", "unnumbered"],
  },
  {
    name: "broken: random chat, not a chain",
    text: "今天天气不错\n大家注意防护\n核酸结果出来了吗",
    date: TODAY,
    refusal: "no_entries",
    entries: [],
    ignored: ["description", "description", "description"],
  },
  {
    name: "broken: emoji only",
    text: "🙏🙏🙏\n👍\n🌸🌸",
    date: null,
    refusal: "no_entries",
    entries: [],
    ignored: ["description", "description", "description"],
  },
  {
    name: "broken: empty, or only invisible characters",
    text: "\n \u3000\n\u200b\n",
    date: null,
    refusal: "empty",
    entries: [],
  },
  {
    name: "refused: another day's chain (next Monday)",
    text: "#接龙\n4月25日志愿者报名\n1. 张伟 全天",
    date: "2022-04-25",
    refusal: "date_mismatch",
    entries: ["1. 张伟 all_day"],
  },
  {
    name: "refused: this morning's chain for today, pasted in the evening",
    text: "#接龙\n今天志愿者报名\n1. 张伟 全天",
    date: TODAY,
    refusal: "date_mismatch",
    entries: ["1. 张伟 all_day"],
  },
  {
    name: "the same chain imported for its own day",
    text: "#接龙\n4月25日志愿者报名\n1. 张伟 全天",
    expected: "2022-04-25",
    date: "2022-04-25",
    entries: ["1. 张伟 all_day"],
  },
  {
    name: "refused: two dates that disagree",
    text: "#接龙\n明天（4月20日）志愿者报名\n1. 张伟 全天",
    date: null,
    refusal: "conflicting_dates",
    entries: ["1. 张伟 all_day"],
  },
  {
    name: "refused: a weekday that does not fit the date",
    text: "#接龙\n4月19日（周三）志愿者报名\n1. 张伟 全天",
    date: null,
    refusal: "unreadable_date",
    entries: ["1. 张伟 all_day"],
  },
  {
    name: "refused: a date that does not exist",
    text: "#接龙\n4月31日志愿者报名\n1. 张伟 全天",
    date: null,
    refusal: "unreadable_date",
    entries: ["1. 张伟 all_day"],
  },
  {
    name: "refused: two chains for different days pasted together",
    text: "#接龙\n明天志愿者\n1. 张伟 全天\n#接龙\n4月25日志愿者\n1. 李娜 上午",
    date: null,
    refusal: "conflicting_dates",
    entries: ["1. 张伟 all_day", "1. 李娜 am"],
  },
  {
    name: "今天 beside 明天 is context, not the chain's date",
    text: "#接龙\n今天辛苦了！明天继续报名\n1. 张伟 全天",
    date: TOMORROW,
    entries: ["1. 张伟 all_day"],
  },
  {
    name: "a day of the month alone, 19号(周二)",
    text: "#接龙 19号（周二）志愿者\n1. 张伟 全天",
    date: TOMORROW,
    entries: ["1. 张伟 all_day"],
  },
  {
    name: "a dotted date starts the line; a dotted time later does not count",
    text: "4.19 志愿者接龙\n明早8.30集合\n1. 张伟 全天",
    date: TOMORROW,
    entries: ["1. 张伟 all_day"],
    ignored: ["title", "description"],
  },
  {
    name: "an ISO date and traditional characters",
    text: "#接龍 2022-04-19 義工報名\n1. 張偉 全天\n2. 李娜 上午",
    date: TOMORROW,
    entries: ["1. 張偉 all_day", "2. 李娜 am"],
    matched: ["✗unknown_name", "V002"],
  },
  {
    name: "no date at all: accepted for the day being imported",
    text: "#接龙\n志愿者报名\n1. 张伟 3号楼 全天\n2. 李娜 上午",
    date: null,
    entries: ["1. 张伟 楼3 all_day", "2. 李娜 am"],
  },
  {
    name: "names: compound surname, minority name with a dot, a padded name, two names on a line",
    text: "#接龙 明天\n1. 欧阳娜娜 6号楼 全天\n2. 阿依古丽·买买提 10号楼 上午\n3. 王 芳 5号楼 下午\n4. 张伟 李娜 全天",
    date: TOMORROW,
    entries: ["1. 欧阳娜娜 楼6 all_day", "2. 阿依古丽·买买提 楼10 am", "3. 王芳 楼5 pm", "4. 张伟李娜 all_day"],
    // Two 王芳: the building does not choose between them (it can only refuse a name match).
    matched: ["V014", "V015", "✗ambiguous_name", "✗unknown_name"],
  },
  {
    name: "a name that lives elsewhere is probably a namesake; inactive volunteers are refused",
    text: "#接龙 明天\n1. 张伟 9号楼 全天\n2. 黄磊 4号楼 全天\n3. 林峰 2号楼 上午",
    date: TOMORROW,
    entries: ["1. 张伟 楼9 all_day", "2. 黄磊 楼4 all_day", "3. 林峰 楼2 am"],
    matched: ["✗building_mismatch", "✗inactive", "V020"],
  },
  {
    name: "formulas typed as names or comments stay text",
    text: '#接龙 明天\n1. =HYPERLINK("http://x","张伟") 全天\n2. 张伟 全天 =1+1\n3. +李娜 上午',
    date: TOMORROW,
    entries: ["1. HYPERLINK http x张伟 all_day", "2. 张伟 all_day // =1+1", "3. 李娜 am"],
    matched: ["✗unknown_name", "V001", "V002"],
  },
  {
    name: "an example line numbered like an entry, and numbers with nothing after them",
    text: "#接龙\n明天\n1. 例：张三 3号楼 全天\n2. 张伟 3号楼 全天\n3.\n4. \n5. 李娜 上午",
    date: TOMORROW,
    entries: ["2. 张伟 楼3 all_day", "5. 李娜 am"],
    ignored: ["title", "description", "example", "empty_entry", "empty_entry"],
  },
  {
    name: "rooms written every way",
    text: "#接龙 明天\n1. 张伟 3号楼2单元301室 全天\n2. 李娜 12#301 上午\n3. 赵磊 5-1-502 下午\n4. 孙强 七号楼 全天\n5. 周敏 8幢 上午",
    date: TOMORROW,
    entries: ["1. 张伟 楼3 all_day", "2. 李娜 楼12 am", "3. 赵磊 楼5 pm", "4. 孙强 楼7 all_day", "5. 周敏 楼8 am"],
    matched: ["V001", "V002", "V005", "V006", "V007"],
  },
  {
    name: "no part of the day written, and both parts written",
    text: "#接龙 明天\n1. 张伟 3号楼\n2. 李娜 上午 下午\n3. 赵磊 上下午都可以\n4. 孙强 AM+PM",
    date: TOMORROW,
    entries: ["1. 张伟 楼3 ?", "2. 李娜 all_day", "3. 赵磊 all_day", "4. 孙强 all_day"],
  },
  {
    name: "a sign-up written without a number after the list is reported, not read",
    text: "#接龙 明天\n1. 张伟 全天\n2. 李娜 上午\n赵磊 5号楼 全天",
    date: TOMORROW,
    entries: ["1. 张伟 all_day", "2. 李娜 am"],
    ignored: ["title", "unnumbered"],
  },
  {
    name: "a bracketed title, a slashed date, am/pm ranges and a labelled ID",
    text: "【接龙】4/19 志愿者\n1. 张伟 10am-2pm\n2. ID:V002 李娜 上午\n3. 何静 后四位4040 2-5pm",
    date: TOMORROW,
    entries: ["1. 张伟 all_day", "2. 李娜 #V002 am", "3. 何静 尾4040 pm"],
    ignored: ["title"],
    matched: ["V001", "V002", "V018"],
  },
  {
    name: "a line far too long to be a chain line",
    text: `#接龙 明天\n1. 张伟 全天\n${"很长的一段话".repeat(80)}\n2. 李娜 上午`,
    date: TOMORROW,
    entries: ["1. 张伟 all_day", "2. 李娜 am"],
    ignored: ["title", "too_long"],
  },
];

describe("chain corpus: realistic WeChat 接龙 messages and their expected parse", () => {
  it("has at least 30 messages", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of corpus) {
    it(c.name, () => {
      const chain = parseChain(c.text, { today: TODAY, expected: c.expected ?? TOMORROW });
      expect(entries(chain)).toEqual(c.entries);
      expect(chain.date).toBe(c.date);
      expect(chain.refusal?.code).toBe(c.refusal);
      if (c.refusal) {
        // Every refusal says why in both languages.
        expect(chain.refusal!.zh).toMatch(/\p{Script=Han}/u);
        expect(chain.refusal!.en).toMatch(/[a-z]{3}/);
      }
      if (c.ignored) expect(chain.ignored.map((l) => l.reason)).toEqual(c.ignored);
      if (c.matched) {
        const { matched, unmatched } = matchLines(chain.lines, ROSTER);
        // A line can be both: its volunteer matched, and a plus-one listed beside ("V001 ✗plus_one").
        const byLine = new Map<number, string[]>();
        const put = (line: (typeof chain.lines)[number], what: string) => {
          const i = chain.lines.indexOf(line);
          byLine.set(i, [...(byLine.get(i) ?? []), what]);
        };
        for (const m of matched) put(m.line, m.volunteer.id);
        for (const u of unmatched) put(u.line, `✗${u.code}`);
        expect(chain.lines.map((_, i) => byLine.get(i)?.join(" "))).toEqual(c.matched);
        for (const u of unmatched) {
          expect(u.zh).toMatch(/\p{Script=Han}/u);
          expect(u.en).toMatch(/[a-z]{3}/);
        }
      }
    });
  }

  it("reads a 2,000-line paste (the limit) in one go, and refuses 2,001 lines without reading them", () => {
    const lines = Array.from({ length: 1999 }, (_, i) => `${i + 1}. 志愿者${i} ${(i % 30) + 1}号楼 全天`);
    const started = performance.now();
    const chain = parseChain(["#接龙 明天", ...lines].join("\n"), { today: TODAY, expected: TOMORROW });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(chain.refusal).toBeNull();
    expect(chain.lines).toHaveLength(1999);
    expect(chain.lines[1998]).toMatchObject({ index: 1999, buildingKey: "19", availability: "all_day" });

    const tooMany = parseChain(["#接龙", ...lines, "x", "y"].join("\n"), { today: TODAY, expected: TOMORROW });
    expect(tooMany.refusal?.code).toBe("too_many_lines");
    expect(tooMany.lines).toEqual([]);
  });

  it("refuses a paste with more than 2,000 entries however few lines hold them, keeping nothing", () => {
    // 1,800 lines of 13 run-on entries each ("1. a 2. a 3. a …"): under 200 KB and under the line
    // cap, but over ten thousand numbered entries. Read as they were, a paste like this answered a
    // 7.5 MB refusal listing each of them.
    const lines = Array.from({ length: 1800 }, (_, l) =>
      Array.from({ length: 13 }, (_, k) => `${l * 13 + k + 1}. a`).join(" "),
    );
    const text = ["#接龙 明天", ...lines].join("\n");
    expect(new TextEncoder().encode(text).length).toBeLessThan(200 * 1024);
    const chain = parseChain(text, { today: TODAY, expected: TOMORROW });
    expect(chain.refusal).toMatchObject({ code: "too_many_entries" });
    const counted = Number(/有 (\d+) 个报名，最多 2000 个/.exec(chain.refusal!.zh)?.[1]);
    expect(counted).toBeGreaterThan(10_000);
    expect(chain.lines).toEqual([]);
    expect(chain.ignored).toEqual([]);
  });
});
