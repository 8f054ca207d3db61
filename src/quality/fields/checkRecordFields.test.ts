import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { describeOnRealData } from "../../../test/fixtures/quality/realData.js";
import type { FieldSpecs } from "../../core/fields/fieldSpecs.js";
import { checkRecordFields, type FieldCheckContext } from "./checkRecordFields.js";
import { registerFieldCheck } from "./fieldCheckRegistry.js";

const instruction: FieldSpecs = {
  instruction: { kind: "instruction" },
  input: { kind: "input" },
  output: { kind: "answer", from: ["instruction"] },
};
const en: FieldCheckContext = { language: "en" };
const zh: FieldCheckContext = { language: "zh" };

/** "pass", or "<field>: <check>" of the first rejection. */
function verdict(data: Record<string, unknown>, specs: FieldSpecs = instruction, context = en): string {
  const { rejected } = checkRecordFields(data, specs, context);
  return rejected ? `${rejected.field}: ${rejected.check}` : "pass";
}

// The classes of good instruction records the review pre-filter rejected (issue 21), each
// written here in words of its own.
describe("checkRecordFields on good instruction records", () => {
  it("passes lists that repeat their headings and answers made of numbers or formulas", () => {
    const menu = ["Mon", "Tue", "Wed", "Thu", "Fri"]
      .map((day, index) => `${day}:\nMain course: dish ${index + 1}\nSide: salad ${index + 2}\nDrink: juice`)
      .join("\n");
    expect(verdict({ instruction: "Plan five weekday dinners.", input: "", output: menu })).toBe("pass");
    expect(verdict({ instruction: "What is 12 squared?", input: "", output: "144" })).toBe("pass");
    expect(verdict({ instruction: "Solve for x.", input: "4x - 2 = 10", output: "x = 3" })).toBe("pass");
  });

  it("passes placeholders and brackets in an input, and task words in instructions and answers", () => {
    expect(
      verdict({
        instruction: "Finish this email to a colleague.",
        input: "Dear [colleague name],\nThanks for covering my shift on",
        output: "Thursday. I owe you one, and I will take your Monday shift next week.",
      }),
    ).toBe("pass");
    expect(
      verdict({
        instruction: "Write a Python function that loads a JSON file and returns its top-level keys.",
        input: null,
        output:
          "```python\nimport json\n\ndef keys(path):\n    with open(path) as f:\n        return list(json.load(f))\n```",
      }),
    ).toBe("pass");
    expect(
      verdict({
        instruction: "In this task, you explain a term from sentiment analysis to a beginner.",
        input: "negative review",
        output:
          "A negative review is one where the writer says they were unhappy, for example with the service.",
      }),
    ).toBe("pass");
  });

  it("passes an answer in the language its instruction asks for, and code and terms in a Chinese answer", () => {
    expect(
      verdict({ instruction: "How do you say good morning in Chinese?", input: "", output: "早上好" }),
    ).toBe("pass");
    expect(
      verdict(
        {
          instruction: "怎么在 Python 里把字符串转成列表？",
          input: "",
          output:
            "用 list() 就可以：\n```python\nlist('abc')\n```\n它会返回 ['a', 'b', 'c']，每个 character 一项。",
        },
        instruction,
        zh,
      ),
    ).toBe("pass");
  });

  it("passes a Chinese question that pastes English material, not an English one or an English answer", () => {
    const answer = "这是因为两个模块的文件名只有大小写不同，统一大小写就好了。";
    const log = [
      "warning in ./node_modules/vue-style-loader/lib/addStylesClient.js",
      "There are multiple modules with names that only differ in casing.",
      "This can lead to unexpected behavior when compiling on a filesystem with other case-semantic.",
      "Use equal casing. Compare these module identifiers and rename the one that differs.",
    ].join("\n");
    const zhVerdict = (instructionText: string, output = answer) =>
      verdict({ instruction: instructionText, input: "", output }, instruction, zh);
    expect(zhVerdict(`项目启动后报下面的警告，求解答：\n${log}`)).toBe("pass");
    expect(
      zhVerdict(
        "文档里的解释：The lexical declaration is visible in the entire switch block but is only initialized when assigned.\n这句话没看懂，能解释一下吗？",
      ),
    ).toBe("pass");
    // Under 8 Chinese characters of its own: the question is English.
    expect(zhVerdict(`报错了：\n${log}\nWhy does it fail and how do I fix the import?`)).toBe(
      "instruction: language",
    );
    // An answer is held to the recipe's language whatever it quotes.
    expect(
      zhVerdict(
        "为什么会报这个错？",
        `原因如下：\n${log}\nThe file name casing differs, so rename the import.`,
      ),
    ).toBe("output: language");
  });
});

describe("checkRecordFields on bad records", () => {
  it("rejects an answer that repeats its instruction, and one in a language nobody asked for", () => {
    const ask = "Describe three ways a small bakery can cut its energy bill in winter.";
    expect(verdict({ instruction: ask, input: "", output: ask })).toBe("output: echo");
    expect(
      verdict({
        instruction: ask,
        input: "",
        output: "面包店可以在冬天关掉不用的烤箱，并且更换节能灯泡来降低电费。",
      }),
    ).toBe("output: language");
    expect(
      verdict(
        {
          instruction: "为什么冬天窗户上会结霜？",
          input: "",
          output: "Because warm moist air touches the cold glass and freezes.",
        },
        instruction,
        zh,
      ),
    ).toBe("output: language");
  });

  it("rejects an answer written as a JSON object or Python dict unless the record asks for data", () => {
    const ask = "Create a list of 10 travel destinations on several continents.";
    expect(verdict({ instruction: ask, input: "", output: '{"destination_list": ["Europe", "Asia"]}' })).toBe(
      "output: structured",
    );
    expect(
      verdict({
        instruction: ask,
        input: "",
        output: "[{'city': 'New York', 'cost': '$500'}, {'city': 'Chicago'",
      }),
    ).toBe("output: structured");
    // Asked for, or a list of plain values, or a bracketed placeholder: not a record written as data.
    expect(
      verdict({
        instruction: "Return the user as JSON.",
        input: "Ann, 34",
        output: '{"name": "Ann", "age": 34}',
      }),
    ).toBe("pass");
    expect(
      verdict({ instruction: "Sort the given list ascendingly.", input: "[5, 2]", output: "[2, 5]" }),
    ).toBe("pass");
    expect(
      verdict({
        instruction: "Prepare an email signature template.",
        input: "",
        output: "[Your name]\n[Your degree]",
      }),
    ).toBe("pass");
  });

  it("rejects loops, answers cut at the token limit, Jinja left in, and assistant talk", () => {
    const loop = "The answer is to check the settings again. ".repeat(6);
    expect(verdict({ instruction: "Fix my router.", input: "", output: loop })).toBe("output: repetition");
    expect(
      verdict({ instruction: "再说一遍", input: "", output: "我不知道".repeat(8) }, instruction, zh),
    ).toBe("output: repetition");
    expect(
      checkRecordFields(
        { instruction: "List the planets.", input: "", output: "Mercury, Venus, Earth, Mars" },
        instruction,
        {
          ...en,
          stoppedAtTokenLimit: true,
        },
      ).rejected?.check,
    ).toBe("truncated");
    expect(
      verdict({ instruction: "Write about {{ topic }} for beginners.", input: "", output: "Sure." }),
    ).toBe("instruction: leak");
    expect(
      verdict({
        instruction: "Tell me a joke.",
        input: "",
        output: "As an AI, I do not have a sense of humour.",
      }),
    ).toBe("output: leak");
  });

  it("rejects a span missing from its source and a translation equal to its source", () => {
    const entities: FieldSpecs = { text: { kind: "text" }, entities: { kind: "span", from: ["text"] } };
    const sentence = "Maria Lopez joined Acme Corp in Madrid last spring.";
    expect(verdict({ text: sentence, entities: [{ text: "Maria Lopez", type: "PER" }] }, entities)).toBe(
      "pass",
    );
    expect(verdict({ text: sentence, entities: [{ text: "Barcelona", type: "LOC" }] }, entities)).toBe(
      "entities: span",
    );
    const translation: FieldSpecs = {
      text: { kind: "text", language: "zh" },
      translation: { kind: "translation", language: "en", from: ["text"] },
    };
    expect(verdict({ text: "今天下雨了。", translation: "It is raining today." }, translation, zh)).toBe(
      "pass",
    );
    expect(verdict({ text: "今天下雨了。", translation: "今天下雨了。" }, translation, zh)).toBe(
      "translation: language",
    );
    // Into a named language of the same script: equal to its source is left untranslated.
    const named: FieldSpecs = {
      text: { kind: "text" },
      translation: { kind: "translation", language: "en", from: ["text"] },
    };
    expect(verdict({ text: "Good night.", translation: "Good night." }, named)).toBe(
      "translation: untranslated",
    );
  });

  it("rejects a translation whose numbers or names are not its source's, or whose length does not fit", () => {
    const translation: FieldSpecs = {
      text: { kind: "text", language: "zh" },
      translation: { kind: "translation", language: "en", from: ["text"] },
    };
    const source = "苹果公司在9月12日发布了三款新iPhone，售价从799美元起。";
    expect(
      verdict(
        { text: source, translation: "On September 12, Apple released three new iPhones, starting at $799." },
        translation,
        zh,
      ),
    ).toBe("pass");
    // The translation of another sentence: other numbers, the name gone.
    expect(
      verdict(
        {
          text: source,
          translation: "The museum will reopen on 3 May after a two-year renovation costing 40 million.",
        },
        translation,
        zh,
      ),
    ).toBe("translation: alignment");
    expect(
      verdict(
        {
          text: "华为发布了新的Mate手机。",
          translation: "The company released a new phone model this week.",
        },
        translation,
        zh,
      ),
    ).toBe("translation: alignment");
    // Numbers written in another form are the same numbers: 10月 is October, 30万 is 300,000.
    expect(
      verdict(
        { text: "他在10月花了30万元买车。", translation: "In October he spent 300,000 yuan on a car." },
        translation,
        zh,
      ),
    ).toBe("pass");
  });

  it("checks each turn of a conversation as an answer", () => {
    const turns: FieldSpecs = { turns: { kind: "turns" } };
    const good = [
      { role: "user", content: "My order #4411 arrived broken." },
      { role: "assistant", content: "Sorry to hear that! I have sent a replacement; it ships tomorrow." },
    ];
    expect(verdict({ turns: good }, turns)).toBe("pass");
    expect(
      verdict({ turns: [...good, { role: "user", content: "ok ok ok ok ok ok ok ok ok ok ok ok" }] }, turns),
    ).toBe("turns: repetition");
  });
});

describe("text fields", () => {
  const extraction: FieldSpecs = { text: { kind: "text" }, entities: { kind: "span", from: ["text"] } };
  it("pass an excerpt that ends at a clause boundary, but not one cut at the token limit or on an open bracket", () => {
    const window = "荷兰银行香港分行的客户李先生表示，";
    expect(verdict({ text: window, entities: [] }, extraction, zh)).toBe("pass");
    expect(verdict({ text: "Show me how to link the new card,", entities: [] }, extraction)).toBe("pass");
    expect(verdict({ text: window, entities: [] }, extraction, { ...zh, stoppedAtTokenLimit: true })).toBe(
      "text: truncated",
    );
    expect(verdict({ text: "街机风格的游戏《斯大林大战火星人》（", entities: [] }, extraction, zh)).toBe(
      "text: truncated",
    );
    expect(verdict({ text: "He said the match would go on and", entities: [] }, extraction)).toBe(
      "text: truncated",
    );
  });

  it("count a Latin name in a Chinese text as one word, and still reject English text", () => {
    expect(
      verdict(
        { text: "《精灵遗产》由ParadoxInteractive负责发行，独占PC平台。", entities: [] },
        extraction,
        zh,
      ),
    ).toBe("pass");
    expect(
      verdict({ text: "The game is published by Paradox Interactive.", entities: [] }, extraction, zh),
    ).toBe("text: language");
  });
});

describe("review fields keep the review pre-filter", () => {
  it("rejects a review in the business's voice or naming its label, where a text field passes", () => {
    const review: FieldSpecs = { text: { kind: "review" }, label: { kind: "label" } };
    const text: FieldSpecs = { text: { kind: "text" }, label: { kind: "label" } };
    const context = { ...en, labels: ["positive", "negative"] };
    expect(
      verdict(
        { text: "Our chef makes every pastry fresh each morning.", label: "positive" },
        review,
        context,
      ),
    ).toBe("text: voice");
    expect(
      verdict({ text: "Our chef makes every pastry fresh each morning.", label: "positive" }, text, context),
    ).toBe("pass");
    expect(
      verdict({ text: "The user said the app crashed twice.", label: "negative" }, review, context),
    ).toBe("text: leak");
    expect(verdict({ text: "The user said the app crashed twice.", label: "negative" }, text, context)).toBe(
      "pass",
    );
  });
});

describe("a recipe's switches and phrases, and registered checks", () => {
  it("turns a check off for one field and adds phrases of its own", () => {
    const loop = "Step. Step. Step. Step. Step. Step. Step. Step.";
    const off: FieldSpecs = { ...instruction, output: { ...instruction.output!, off: ["repetition"] } };
    expect(verdict({ instruction: "Count steps.", input: "", output: loop }, off)).toBe("pass");
    const phrases: FieldSpecs = {
      ...instruction,
      output: { ...instruction.output!, phrases: { leak: ["\\bas of my last update\\b"] } },
    };
    expect(
      verdict(
        { instruction: "Who won?", input: "", output: "As of my last update, nobody had won yet." },
        phrases,
      ),
    ).toBe("output: leak");
  });

  it("runs a registered check on its kind only", () => {
    registerFieldCheck({
      name: "untranslated",
      kinds: ["translation"],
      run: ({ value }) => (value.includes("TODO") ? "left a TODO" : undefined),
    });
    const translation: FieldSpecs = {
      text: { kind: "text" },
      translation: { kind: "translation", from: ["text"] },
    };
    expect(verdict({ text: "Hello there.", translation: "TODO 你好" }, translation)).toBe(
      "translation: untranslated",
    );
    expect(verdict({ text: "TODO: say hello.", translation: "待办：打招呼。" }, translation)).toBe("pass");
  });
});

describe("the writer offering the reader help", () => {
  it("rejects a user's message or review in an agent's voice, and lets an answer offer help", () => {
    const text: FieldSpecs = { text: { kind: "text" }, label: { kind: "label" } };
    const review: FieldSpecs = { text: { kind: "review" }, label: { kind: "label" } };
    const answer: FieldSpecs = { instruction: { kind: "instruction" }, output: { kind: "answer" } };
    const context = { ...en, labels: ["exchange_rate", "getting_spare_card"] };
    for (const message of [
      "Hey there! Do you have any questions about exchange rates? I'm here to help explain them.",
      "Hi there! Do you need a spare card? We can help you with that.",
      "Is there anything else we can do for you today?",
    ]) {
      expect(verdict({ text: message, label: "exchange_rate" }, text, context)).toBe("text: leak");
      expect(verdict({ text: message, label: "exchange_rate" }, review, context)).toBe("text: leak");
    }
    // A customer asking for help, or answering a question, is not offering it.
    for (const message of [
      "Can you help me with that? My spare card never came.",
      "How old do you need to be to open an account?",
      "We are here to complain: the card was declined twice.",
      "My deposit has not shown up yet. Is there anything I can do?",
    ]) {
      expect(verdict({ text: message, label: "getting_spare_card" }, text, context)).toBe("pass");
    }
    expect(
      verdict(
        {
          instruction: "Explain what an exchange rate is in two sentences.",
          output: "I'm happy to help. An exchange rate is the price of one currency in another.",
        },
        answer,
        en,
      ),
    ).toBe("pass");
    expect(
      verdict({ text: "你好，很高兴为您解答，这个问题需要去医院检查。", label: "exchange_rate" }, text, {
        ...zh,
        labels: ["exchange_rate"],
      }),
    ).toBe("text: leak");
  });
});

describe("the answerer's voice in the asker's own words", () => {
  const query: FieldSpecs = { text: { kind: "query" }, label: { kind: "label" } };
  const text: FieldSpecs = { text: { kind: "text" }, label: { kind: "label" } };
  const review: FieldSpecs = { text: { kind: "review" }, label: { kind: "label" } };

  it("rejects a patient's question or a customer's message written as the doctor's or the bank's advice", () => {
    const answerersVoice: [string, FieldCheckContext][] = [
      ...[
        "您的病情可能与生活习惯有关，建议您多休息。",
        "建议你及时去医院做个检查。",
        "你可以适当服用一些益母草颗粒。",
        "根据你的描述，可能是尿道感染。",
        "多喝水，祝你早日康复。",
      ].map((message): [string, FieldCheckContext] => [message, zh]),
      ...[
        "I would recommend you contact our support team about the card.",
        "Can you try again with contactless payments?",
        "I can't process your transaction. It seems like it's declined.",
        "Hi there! Do you need a spare card for the family?",
        "I noticed your card payment didn't go through.",
      ].map((message): [string, FieldCheckContext] => [message, en]),
    ];
    for (const [message, context] of answerersVoice) {
      expect(verdict({ text: message, label: "x" }, query, { ...context, labels: ["x"] }), message).toBe(
        "text: leak",
      );
    }
  });

  it("passes the asker's own words, and leaves advice alone in a text or a review", () => {
    // Real queries of KUAKE-QIC's and banking77's train splits.
    for (const message of [
      "医生您好，我是外地的病人，想咨询一下贵院做吻合术需要预约么？",
      "吃了紧急避孕药需要注意休息吗",
      "你好，请问一下小孩哭闹时由于缺钙。那应该选那个牌子",
    ]) {
      expect(
        verdict({ text: message, label: "治疗方案" }, query, { ...zh, labels: ["治疗方案"] }),
        message,
      ).toBe("pass");
    }
    for (const message of [
      "How old do you need to be to open an account?",
      "I noticed the exchange rate was incorrect after paying abroad.",
    ]) {
      expect(verdict({ text: message, label: "x" }, query, { ...en, labels: ["x"] }), message).toBe("pass");
    }
    // A travel sentence advising its reader, and a customer's suggestion to the shop.
    expect(
      verdict({ text: "我们建议你选择西部著名的潜店，", label: "x" }, text, { ...zh, labels: ["x"] }),
    ).toBe("pass");
    expect(
      verdict({ text: "味道太淡，建议你们多放些酱料，", label: "x" }, review, { ...zh, labels: ["x"] }),
    ).not.toBe("text: leak");
  });
});

describeOnRealData("the query kind on real queries of ../shared/data", (data) => {
  it("rejects none of KUAKE-QIC's patient queries or banking77's customer messages for the answerer's voice", () => {
    const kuake = (
      JSON.parse(readFileSync(path.join(data.directory, "kuake_qic_train.json"), "utf8")) as {
        query: string;
      }[]
    ).map((row) => row.query);
    const banking = (
      parse(readFileSync(path.join(data.directory, "banking77_train.csv"), "utf8"), { columns: true }) as {
        text: string;
      }[]
    ).map((row) => row.text);
    const query: FieldSpecs = { text: { kind: "query" } };
    // Only what the query kind adds to text: a leak that `text` would not find.
    const addedLeaks = (texts: string[], context: FieldCheckContext) =>
      texts.filter(
        (message) =>
          verdict({ text: message }, query, context) === "text: leak" &&
          verdict({ text: message }, { text: { kind: "text" } }, context) !== "text: leak",
      );
    expect(addedLeaks(kuake, zh)).toEqual([]);
    expect(addedLeaks(banking, en)).toEqual([]);
  });
});
