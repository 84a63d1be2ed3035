/**
 * Shared by the chain tests: a synthetic roster (invented names, none from the article) and a
 * compact, readable form of a parsed line, so each corpus case states its expected parse in one
 * line per entry.
 */
import type { ChainLine, ParsedChain, RosterVolunteer } from "../../src/domain/chain.ts";

/** Monday; the chain is for Tuesday. */
export const TODAY = "2022-04-18";
export const TOMORROW = "2022-04-19";

const v = (id: string, name: string, phone: string, homeBuilding: string | null, active = true, note = "") => ({
  id,
  name,
  phone,
  homeBuilding,
  active,
  note,
});

export const ROSTER: RosterVolunteer[] = [
  v("V001", "张伟", "13812341234", "3号楼"),
  v("V002", "李娜", "13912345678", "12号楼"),
  v("V003", "王芳", "13600001234", "5号楼"),
  v("V004", "王芳", "13700005678", "7号楼"),
  v("V005", "赵磊", "15000002222", "5号楼"),
  v("V006", "孙强", "15100003333", "7号楼"),
  v("V007", "周敏", "15200004444", "8号楼"),
  v("V008", "刘洋", "15300005555", "12号楼"),
  v("V009", "陈晨", "15500006666", "5号楼"),
  v("V010", "吴昊", "15600007777", "3号楼"),
  v("V011", "马丽", "15700008888", "9号楼"),
  v("V012", "陈静", "15800009999", "2号楼"),
  v("V013", "Li Wei", "15900001111", "3号楼"),
  v("V014", "欧阳娜娜", "17700002468", "6号楼"),
  v("V015", "阿依古丽·买买提", "17800001357", "10号楼"),
  v("V016", "黄磊", "18000002020", "4号楼", false, "阳性，隔离中"),
  v("V017", "杨帆", "18100003030", "11号楼"),
  v("V018", "何静", "18200004040", "4号楼"),
  v("V019", "郭涛", "18300005050", "9号楼"),
  v("V020", "林峰", "18400006060", null),
  v("V021", "唐晓雯", "18500007070", "12号楼"),
];

/**
 * "3. 王芳 楼5 尾1234 #V003 am 取消 // 可以带推车": number, name (∅ when none), building key, phone
 * tail, ID, availability (? when none), "矛盾(全天|下午不行)" when the part of the day contradicts
 * itself, "+1" for plus-ones, whether cancelled, comment.
 */
export function entry(line: ChainLine): string {
  return [
    `${line.index}.`,
    line.name === "" ? "∅" : line.name,
    line.buildingKey === null ? null : `楼${line.buildingKey}`,
    line.phoneTail === null ? null : `尾${line.phoneTail}`,
    line.volunteerId === null ? null : `#${line.volunteerId}`,
    line.availability ?? "?",
    line.dayPartConflict.length > 0 ? `矛盾(${line.dayPartConflict.join("|")})` : null,
    line.plusOnes > 0 ? `+${line.plusOnes}` : null,
    line.cancelled ? "取消" : null,
    line.comment === "" ? null : `// ${line.comment}`,
  ]
    .filter((part) => part !== null)
    .join(" ");
}

export function entries(chain: ParsedChain): string[] {
  return chain.lines.map(entry);
}
