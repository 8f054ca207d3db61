import { pinyin } from "pinyin-pro";

/**
 * Chinese surnames (the common ones of the Hundred Family Surnames and of today's registers, and
 * 小 and 老 as in 小张, 老王), kept as characters: their readings come from pinyin-pro's
 * dictionary, as do the readings of a source's characters, so the two always agree.
 */
const surnameCharacters =
  "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍韦申尤毕聂丛焦向柳邢路岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵解强柴华车冉房边辜吉饶刁瞿戚丘古米池滕晋苑邬臧畅宫来苟全褚廉简娄盖符奚木穆党燕郎邸冀谈姬屠连郜晏栾郁商蒙计喻揭窦迟宇敖糜鄢冷卓花仇艾蓝都巩稽井练仲乐虞卞封竺冼原官衣楚佟栗匡宗应台巫鞠桑荆谌银扬明沙伏岑习胥保和蔺小老";

/** Every toneless reading of a character (polyphones give several). */
function readingsOf(character: string): string[] {
  return pinyin(character, { toneType: "none", multiple: true, type: "array" });
}

let surnames: ReadonlySet<string> | undefined;
/** The toneless pinyin of the surnames, built on first use. */
function surnameReadings(): ReadonlySet<string> {
  surnames ??= new Set([...surnameCharacters].flatMap(readingsOf));
  return surnames;
}

/** A capitalised word followed by another (a romanised full name: "Liu Hua", "Xiao Zhang", "Tang San"). */
const fullName = /\b([A-Z][a-z]+)[ -]([A-Z][a-z]+)\b/gu;

/**
 * The first romanised Chinese name on the Latin side whose surname no character of the Chinese
 * side is read as: 李华 written "Liu Hua", 张三 "Tang San", 李老板 "Liu Boss". A name is a
 * capitalised word that is a surname's pinyin followed by another capitalised word; "Hong Kong"
 * (Cantonese, not pinyin) is not one. Undefined when every such name's surname is there.
 */
export function misromanizedName(chinese: string, latin: string): string | undefined {
  const candidates = [...latin.replace(/\bHong Kong\b/gu, "HongKong").matchAll(fullName)].filter((match) =>
    surnameReadings().has(match[1]!.toLowerCase()),
  );
  if (candidates.length === 0) return undefined;
  const readings = new Set(
    [...chinese].filter((character) => /\p{Script=Han}/u.test(character)).flatMap(readingsOf),
  );
  return candidates.find((match) => !readings.has(match[1]!.toLowerCase()))?.[0];
}
