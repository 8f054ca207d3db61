/**
 * Days (yesterday, today, tomorrow), times of day, days of the week and weeks, months and years
 * counted from now, as a Chinese sentence and an English one name them. Each side names a time by its plain words (`names`) and
 * may render one named on the other side more freely (`renders`: "8 p.m." for 晚上八点, 晚 for
 * "night"); a time one side names that the other does not render was added, left out or changed
 * in translation ("after work" → 下午, "this weekend" → 本周六, 上周 → "last month").
 */
export interface TimeWord {
  /** What the words name, in English ("Monday", "the afternoon", "last week"). */
  what: string;
  chinese: { names: RegExp; renders: RegExp };
  latin: { names: RegExp; renders: RegExp };
}

const weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const weekdayDigits = ["一", "二", "三", "四", "五", "六", "[日天]"];

/**
 * 星期一, 礼拜一, 周一 for Monday; 周 only where no count follows (一周一次, "once a week", names
 * no day) and not as 四周, "all around" (四周一片漆黑).
 */
const weekdays: TimeWord[] = weekdayNames.map((name, index) => {
  const digit = weekdayDigits[index]!;
  const names = new RegExp(`(?:星期|礼拜)${digit}|(?<!四)周${digit}(?![次遍回个片圈])`, "u");
  // The last day of a list or a range: 周二、四 ("Tuesday and Thursday"), 周一至五.
  const renders = new RegExp(
    `${names.source}|(?:星期|礼拜|周)[一二三四五六日天](?:[、，,至到和与及~～—-]+[一二三四五六日天])*[、，,至到和与及~～—-]+${digit}`,
    "u",
  );
  const latin = new RegExp(`\\b${name}s?\\b`, "u");
  return { what: name, chinese: { names, renders }, latin: { names: latin, renders: latin } };
});

/**
 * Relative weeks, months and years: 上周 / "last week", 明年 / "next year". "The next month" is a
 * length of time (每天练习一个月), not a month named; 看一下周围 ("look around") names no week.
 */
const relative: TimeWord[] = [
  {
    what: "last week",
    chinese: {
      names: /上(?:个)?(?:周|星期|礼拜)(?![一二三四五六日天末围边到全期刊报年])/u,
      renders: /上(?:个|一)?(?:周|星期|礼拜)|前一周|过去一周|一周前|上周/u,
    },
    latin: {
      names: /(?<!\bthe )\blast week\b/iu,
      renders: /\b(?:last|previous|past) week|\bweek (?:before|ago)\b|\ba week ago\b/iu,
    },
  },
  {
    what: "next week",
    chinese: {
      names: /下(?:个)?(?:周|星期|礼拜)(?![一二三四五六日天末围边到全期刊报年])/u,
      renders: /下(?:个|一)?(?:周|星期|礼拜)|一周后/u,
    },
    latin: {
      names: /(?<!\bthe )\bnext week\b/iu,
      renders: /\b(?:next|following|coming) week|\ba week from\b|\bin a week\b/iu,
    },
  },
  {
    what: "last month",
    chinese: { names: /上(?:个)?月/u, renders: /上(?:个)?月|前一?个?月|一个月前|过去一个?月/u },
    latin: {
      names: /(?<!\bthe )\blast month\b/iu,
      renders: /\b(?:last|previous|past) month|\bmonth (?:before|ago)\b/iu,
    },
  },
  {
    what: "next month",
    chinese: { names: /下(?:个)?月/u, renders: /下(?:个)?月|一个月后/u },
    latin: {
      names: /(?<!\bthe )\bnext month\b/iu,
      renders: /\b(?:next|following|coming) month|\bin a month\b/iu,
    },
  },
  {
    what: "last year",
    chinese: { names: /去年/u, renders: /去年|上一?年|前一年|一年前|过去一年|同比|同期/u },
    latin: {
      names: /(?<!\bthe )\blast year\b/iu,
      // 去年夏天 is "last summer".
      renders:
        /\b(?:last|previous|past) (?:year|spring|summer|autumn|fall|winter)\b|\byear (?:before|ago)\b/iu,
    },
  },
  {
    what: "next year",
    chinese: { names: /明年/u, renders: /明年|下一?年|一年后/u },
    latin: {
      names: /(?<!\bthe )\bnext year\b/iu,
      renders: /\b(?:next|following|coming) (?:year|spring|summer|autumn|fall|winter)\b|\bin a year\b/iu,
    },
  },
];

/**
 * Parts of the day. English "a.m." and "p.m." render a Chinese part of the day but name none (8
 * p.m. is 晚上 or 下午); 晚 and 夜 render "night" (晚饭, 夜里).
 */
const partsOfDay: TimeWord[] = [
  {
    what: "the morning",
    chinese: { names: /早上|上午|早晨|清晨|今早|明早|昨早/u, renders: /早|晨|上午/u },
    latin: {
      names: /\bmornings?\b/iu,
      renders:
        /\bmornings?\b|\d\s*a\.?m\b|\ba\.m\.|\bbreakfast\b|\bdawn\b|\bsunrise\b|\bdaybreak\b|\bearly\b/iu,
    },
  },
  {
    what: "the afternoon",
    chinese: { names: /下午|午后/u, renders: /下午|午后|午/u },
    latin: {
      names: /\bafternoons?\b/iu,
      renders: /\bafternoons?\b|\d\s*p\.?m\b|\bp\.m\.|\blunch|\bnoon\b/iu,
    },
  },
  {
    what: "the evening",
    chinese: { names: /晚上|傍晚|今晚|昨晚|明晚|夜里|夜晚|晚间|深夜|半夜|当晚/u, renders: /晚|夜|宵/u },
    latin: {
      names: /\bevenings?\b|\bnights?\b|\btonight\b/iu,
      renders:
        /\bevenings?\b|\bnights?\b|\btonight\b|\d\s*p\.?m\b|\bp\.m\.|\bdinner\b|\blate\b|\bdusk\b|\bsunset\b|\bmidnight\b/iu,
    },
  },
  {
    what: "the weekend",
    chinese: { names: /周末|双休日/u, renders: /周末|双休日|星期[六日天]|周[六日]|礼拜[六日天]/u },
    latin: { names: /\bweekends?\b/iu, renders: /\bweekends?\b|\bSaturdays?\b|\bSundays?\b/iu },
  },
];

/** The times of the `times` check. */
export const timeWords: readonly TimeWord[] = [...weekdays, ...relative, ...partsOfDay];

/**
 * The days of the `days` check: yesterday, today and tomorrow (当今 or 如今 render "today" in
 * "today's world", 昨晨 "yesterday morning").
 */
export const dayWords: readonly TimeWord[] = [
  {
    what: "yesterday",
    chinese: { names: /昨天|昨日|昨晚|昨夜|昨儿/u, renders: /昨/u },
    latin: { names: /\byesterday\b|\blast night\b/iu, renders: /\byesterday\b|\blast night\b/iu },
  },
  {
    what: "today",
    chinese: {
      names: /今天|今日|今晚|今早|今夜|今儿/u,
      renders: /今天|今日|今晚|今早|今夜|今儿|今晨|当今|如今|当天/u,
    },
    latin: {
      names: /\btoday\b|\btonight\b|\bthis (morning|afternoon|evening)\b/iu,
      renders: /\btoday\b|\btonight\b|\bthis (morning|afternoon|evening)\b|\bnowadays\b/iu,
    },
  },
  {
    what: "tomorrow",
    chinese: { names: /明天|明日|明晚|明早|明儿/u, renders: /明天|明日|明晚|明早|明儿|明晨|次日/u },
    latin: { names: /\btomorrow\b/iu, renders: /\btomorrow\b/iu },
  },
];

/**
 * The first time of `table` one side names that the other does not render, as the side's words
 * and what they name; undefined when every time named is on both sides.
 */
export function missingTime(
  chinese: string,
  latin: string,
  table: readonly TimeWord[],
): { side: "chinese" | "latin"; words: string; what: string } | undefined {
  for (const time of table) {
    const inChinese = time.chinese.names.exec(chinese)?.[0];
    if (inChinese !== undefined && !time.latin.renders.test(latin))
      return { side: "chinese", words: inChinese, what: time.what };
    const inLatin = time.latin.names.exec(latin)?.[0];
    if (inLatin !== undefined && !time.chinese.renders.test(chinese))
      return { side: "latin", words: inLatin, what: time.what };
  }
  return undefined;
}
