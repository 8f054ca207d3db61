import type { Recipe } from "../../core/recipe/recipeSchema.js";
import { createRandom } from "../../core/stats/random.js";
import { segmentWords } from "../../core/text/segmentWords.js";

/**
 * Who writes a record, per language: ordinary people of different ages, jobs and situations,
 * so that records are not one voice. None names a purchase: "a teenager buying their first
 * gadget" turned cafe reviews into phone reviews (bench/variety/results.json). Written for synthforge (issue 21: the README's 100
 * reviews had distinct-2 0.64 where real Yelp sentences have 0.90); a recipe gives its own list
 * with `generation.variety.personas`.
 */
const personas: Record<"en" | "zh", string[]> = {
  en: [
    "a nurse just off a night shift",
    "a college student on a tight budget",
    "a retired schoolteacher",
    "a parent with two small kids in tow",
    "a software developer working from home",
    "a truck driver on a long route",
    "a grandmother who rarely writes reviews",
    "a high-school student",
    "a small-business owner",
    "a line cook who knows food",
    "a tourist visiting for the weekend",
    "a regular who comes every week",
    "a first-time customer",
    "someone who writes very short reviews",
    "a busy lawyer",
    "a construction worker on a lunch break",
    "a graduate student",
    "a new homeowner",
    "a fitness coach",
    "a musician after a late gig",
    "a couple on a date night",
    "a delivery driver",
    "a pharmacist",
    "an accountant who notices prices",
    "a teenager",
    "a photographer",
    "a mechanic",
    "a hotel receptionist",
    "a farmer in town for the day",
    "a retired engineer who reads every spec",
    "a nervous first-time cook",
    "an office manager",
    "a night-owl gamer",
    "a teacher grading papers at a cafe",
    "a hospital visitor",
  ],
  zh: [
    "刚下夜班的护士",
    "生活费不多的大学生",
    "退休的中学老师",
    "带着两个孩子的妈妈",
    "在家办公的程序员",
    "跑长途的货车司机",
    "很少写评价的老奶奶",
    "高中生",
    "开小店的老板",
    "懂吃的厨师",
    "周末来旅游的游客",
    "每周都来的老顾客",
    "第一次光顾的顾客",
    "评价总是写得很短的人",
    "加班到深夜的白领",
    "工地上午休的工人",
    "研究生",
    "刚搬新家的年轻人",
    "健身教练",
    "外卖骑手",
    "药剂师",
    "对价格很敏感的会计",
    "中学生",
    "摄影爱好者",
    "汽修师傅",
    "退休工程师，喜欢看参数",
    "公司行政",
    "熬夜打游戏的玩家",
    "来医院探病的家属",
  ],
};

/** How the record is said; none of them changes what it says (no sarcasm: it would blur a label). */
const registers: Record<"en" | "zh", string[]> = {
  en: [
    "casual, the way you would text a friend",
    "terse: a fragment or two is fine",
    "plain and matter-of-fact",
    "warm and chatty",
    "enthusiastic, with an exclamation",
    "dry and understated",
    "blunt",
    "careful and specific, like someone comparing options",
    "informal, with a contraction or two",
    "a little rambling, one thought leading to the next",
  ],
  zh: [
    "口语化，像发给朋友的消息",
    "简短，一两句就够",
    "平实，就事论事",
    "热情，带一个感叹号",
    "冷静克制",
    "直截了当",
    "细致，像在比较几家",
    "随意，带点网络用语",
  ],
};

/** The line a slot adds to its prompt to steer toward variety, or undefined when the recipe asks for none. */
export type VarietySteering = (
  slot: { index: number; cell: Readonly<Record<string, string>> },
  attempt: number,
) => string | undefined;

/**
 * The subjects a slot of `cell` draws from: the plain list, or the lists a map gives the cell's
 * values (a slot whose cell has none of the map's values gets none).
 */
function subjectsFor(
  subjects: string[] | Record<string, string[]> | undefined,
  cell: Readonly<Record<string, string>>,
): string[] {
  if (subjects === undefined) return [];
  if (Array.isArray(subjects)) return subjects;
  return Object.values(cell).flatMap((value) => (Object.hasOwn(subjects, value) ? subjects[value]! : []));
}

const isChinese = (language: string) => language.toLowerCase().split(/[-_]/)[0] === "zh";

/**
 * Length of a text in the unit the steering line names: words (Chinese: characters, spaces
 * and punctuation left out).
 */
export function textLength(text: string, language: string): number {
  return isChinese(language)
    ? [...text].filter((character) => /[\p{L}\p{N}]/u.test(character)).length
    : segmentWords(text, language).length;
}

/**
 * The steering of `generation.variety`: for each slot and attempt, drawn from a seed of its own
 * (the recipe's `generation.seed`, the slot, the attempt), a writer (`personas`), a way of
 * saying it (`registers`), a length drawn from the real texts' lengths (`lengthsFrom`,
 * passed in as `referenceTexts`) and what in particular it is about (`subjects`, for the slot's
 * cell; a record with a subject is not asked for a detail besides), said in one line of the recipe's language, with a request for
 * one concrete detail of the thing itself in the writer's own words (not a price or a time: the
 * 1.5B teacher then wrote "Price was $12 for 1 hour" of a microwave). Undefined without `generation.variety`.
 */
export function createVarietySteering(
  recipe: Recipe,
  referenceTexts: readonly string[] = [],
): VarietySteering | undefined {
  const variety = recipe.generation.variety;
  if (variety === undefined) return undefined;
  const chinese = isChinese(recipe.language);
  const language = chinese ? "zh" : "en";
  const listOf = (setting: boolean | string[] | undefined, builtIn: Record<"en" | "zh", string[]>) =>
    setting === undefined || setting === false ? [] : setting === true ? builtIn[language] : setting;
  const writers = listOf(variety.personas, personas);
  const ways = listOf(variety.registers, registers);
  // The text field's schema bounds the drawn length: a 3-word target under a 20-character minimum would fail.
  const property = (
    recipe.output.schema.properties as
      | Record<string, { minLength?: unknown; maxLength?: unknown }>
      | undefined
  )?.[recipe.output.textField ?? "text"];
  const perUnit = chinese ? 1 : 6;
  const lowest = typeof property?.minLength === "number" ? Math.ceil(property.minLength / perUnit) : 1;
  const highest =
    typeof property?.maxLength === "number"
      ? Math.max(lowest, Math.floor(property.maxLength / perUnit))
      : Infinity;
  const lengths = (variety.lengths ?? referenceTexts.map((text) => textLength(text, recipe.language)))
    .filter((length) => length > 0)
    .map((length) => Math.min(highest, Math.max(lowest, length)));
  return (slot, attempt) => {
    const random = createRandom(
      (recipe.generation.seed * 1_000_003 + slot.index * 7919 + attempt * 104_729) >>> 0,
    );
    const pick = <T>(items: readonly T[]) =>
      items.length === 0 ? undefined : items[Math.floor(random() * items.length)];
    const writer = pick(writers);
    const way = pick(ways);
    const length = pick(lengths);
    const subject = pick(subjectsFor(variety.subjects, slot.cell));
    if (chinese) {
      return [
        subject === undefined ? undefined : `具体写：${subject}。`,
        writer === undefined ? undefined : `以${writer}的身份来写，不用自我介绍。`,
        way === undefined ? undefined : `语气：${way}。`,
        length === undefined ? undefined : `长度约${length}个字。`,
        subject === undefined
          ? "主题不变，写出这件东西本身的一个具体细节（具体是什么、出了什么事），用这个人自己的话，不要套话。"
          : "篇幅按要求，不要写长。",
      ]
        .filter((part) => part !== undefined)
        .join("");
    }
    return [
      subject === undefined ? undefined : `Write about this in particular: ${subject}.`,
      writer === undefined ? undefined : `Write it as ${writer} would, without introducing yourself.`,
      way === undefined ? undefined : `Tone: ${way}.`,
      length === undefined ? undefined : `Length: about ${length} word${length === 1 ? "" : "s"}.`,
      // A subject is the concrete detail; asked for one more, the 1.5B wrote past the length asked
      // for (32 of 147 outputs too long, bench/variety/results.json).
      subject === undefined
        ? "Keep to the subject asked for, name one concrete detail of the thing itself (what exactly it was, what happened with it), and use this person's own words, not stock phrases."
        : "Keep to the length asked for.",
    ]
      .filter((part) => part !== undefined)
      .join(" ");
  };
}
