import { describe, expect, it } from "vitest";
import { checkRecordFields } from "./checkRecordFields.js";
import { asksBack, missingInput } from "./unanswered.js";

describe("asksBack", () => {
  it("rejects an answer that only asks for what it needs, in Chinese and English", () => {
    expect(asksBack("好的，请提供所需材料。", "根据以下材料，设计一道晚餐菜谱。", "zh")).toMatch(
      /请提供所需材料/,
    );
    expect(
      asksBack(
        "好的，请告诉我你需要帮助的具体问题。例如，你可以提供更详细的信息或者描述你的需求。我会尽力为你解答。",
        "我想问你关于家庭维修的问题。",
        "zh",
      ),
    ).toBeDefined();
    expect(
      asksBack(
        "Sure, I can help you with your toilet. What kind of toilet is it and what problem are you having?",
        "I need help fixing my toilet.",
        "en",
      ),
    ).toBeDefined();
    expect(asksBack("Could you please provide the list of topics?", "Rank the topics.", "en")).toBeDefined();
  });

  it("keeps an answer that answers, even when it asks something on the way", () => {
    // A request among mostly content: the answer is there.
    expect(
      asksBack(
        "设计一例家庭维修任务：请提供所需的材料清单和详细的维修步骤。例如：如果需要修理电路故障，请准备电源线、灯泡、开关等材料，并按照以下步骤进行操作：1. 确认电路连接无误；2. 检查电表是否正常工作；3. 关闭断路器，切断电源。",
        "设计一个家庭维修任务。",
        "zh",
      ),
    ).toBeUndefined();
    // "请将…" is an instruction of the recipe itself, not a request for information.
    expect(
      asksBack("好的，请将材料准备好，然后在锅中加入一些油，先煎蛋，再放入米饭。", "做炒饭。", "zh"),
    ).toBeUndefined();
    // A question to the reader that is the answer (a title), with nothing asked outright.
    expect(
      asksBack(
        "What will happen if you eat an avocado everyday?",
        "Choose an appealing title for your post.",
        "en",
      ),
    ).toBeUndefined();
    // "please let me know" closing a rewritten message is the message, not a request.
    expect(
      asksBack(
        "If you have any questions about my rate or find it necessary to change this project's scope, please let me know.",
        "Rewrite the sentence and make it concise.",
        "en",
      ),
    ).toBeUndefined();
    expect(asksBack("数据告诉我们，这个方法有效。", "这个方法有效吗？", "zh")).toBeUndefined();
  });

  it("leaves an answer alone when the instruction asks for questions or a request", () => {
    expect(asksBack("请问您对我们的服务满意吗？", "设计一份问卷，询问客户的满意度。", "zh")).toBeUndefined();
    expect(
      asksBack(
        "Could you please tell me your availability next week?",
        "Write an email asking a client for a meeting.",
        "en",
      ),
    ).toBeUndefined();
  });
});

describe("missingInput", () => {
  it("rejects an instruction that points at material the empty input does not give", () => {
    expect(missingInput("根据以下材料，设计一道中等难度的晚餐菜谱。", [""])).toMatch(/以下材料/);
    expect(missingInput("设计一个理财助手，任务包括但不限于以下几点：", [])).toBeDefined();
    expect(
      missingInput("Given a list of potential topics for an email, suggest some questions.", [""]),
    ).toBeDefined();
    expect(missingInput("Reply to the email and refuse the invitation politely.", [""])).toBeDefined();
  });

  it("keeps it when the input or the instruction itself gives the material", () => {
    expect(missingInput("根据以下材料，设计一道晚餐菜谱。", ["鸡蛋、米饭、生菜"])).toBeUndefined();
    expect(
      missingInput("请为我准备一个简单的炒饭，使用以下材料：1个鸡蛋，2杯米饭，适量的盐。", [""]),
    ).toBeUndefined();
    expect(missingInput('Explain the following idiom: "break a leg".', [""])).toBeUndefined();
    expect(
      missingInput("Translate the following sentence into French:\nI love reading books.", [""]),
    ).toBeUndefined();
    expect(missingInput("How can I save money on groceries?", [""])).toBeUndefined();
  });
});

describe("the checks in a record", () => {
  const specs = {
    instruction: { kind: "instruction" as const },
    input: { kind: "input" as const },
    output: { kind: "answer" as const, from: ["instruction"] },
  };

  it("reject under their own names, and a recipe can turn each off", () => {
    const asking = {
      instruction: "请帮我规划一次旅行。",
      input: "",
      output: "好的，请提供更多详细信息或具体要求。",
    };
    expect(checkRecordFields(asking, specs, { language: "zh" }).rejected).toEqual({
      field: "output",
      check: "asks-back",
    });
    const off = { ...specs, output: { ...specs.output, off: ["asks-back" as const] } };
    expect(checkRecordFields(asking, off, { language: "zh" }).rejected).toBeUndefined();
    const pointing = {
      instruction: "请根据提供的材料，设计一个关于家庭维修的任务。",
      input: "",
      output: "第一步：检查水管是否漏水，关闭总阀门后更换密封圈。",
    };
    expect(checkRecordFields(pointing, specs, { language: "zh" }).rejected).toEqual({
      field: "instruction",
      check: "missing-input",
    });
  });

  it("do not read an instruction for its input in a record without an input field", () => {
    const { input: _input, ...withoutInput } = specs;
    const record = {
      instruction: "Summarize the following text in one sentence.",
      output: "The text argues for shorter meetings and fewer of them.",
    };
    expect(checkRecordFields(record, withoutInput, { language: "en" }).rejected).toBeUndefined();
  });
});

describe("missingInput and words that point back", () => {
  it("reads a noun named earlier in the instruction as pointing back, not at an input", () => {
    expect(
      missingInput("Write an email to your boss about the delay. Keep the email under 100 words.", [""]),
    ).toBeUndefined();
    expect(
      missingInput(
        "请描述一个关于个人理财的任务。任务需要提供一些真实的材料来完成，这些材料可以是文本或图片。",
        [""],
      ),
    ).toBeUndefined();
    expect(missingInput("Summarize the article in two sentences.", [""])).toBeDefined();
  });
});

describe("a recipe's own phrases", () => {
  it("extend what asks-back and missing-input read", () => {
    expect(asksBack("好的。麻烦上传您的检查报告。", "帮我看看这份报告。", "zh")).toBeUndefined();
    expect(asksBack("好的。麻烦上传您的检查报告。", "帮我看看这份报告。", "zh", [/麻烦上传/u])).toBeDefined();
    expect(missingInput("解读该化验单的结果。", [""])).toBeUndefined();
    expect(missingInput("解读该化验单的结果。", [""], [/该化验单/u])).toBeDefined();
  });
});
