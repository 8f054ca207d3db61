import { describe, expect, it } from "vitest";
import { describeOnRealData } from "../../../test/fixtures/quality/realData.js";
import { waimaiRows, yelpRows } from "../../../test/fixtures/quality/reviewRows.js";
import { checkRecordText, type TextCheckContext } from "./checkRecordText.js";

const english: TextCheckContext = { language: "en", labels: ["positive", "negative"] };
const chinese: TextCheckContext = { language: "zh", labels: ["正面", "负面", "中性"] };

/** The reason code of the first rejection, or "pass". */
function verdict(text: string, context: TextCheckContext = english): string {
  const rejected = checkRecordText(text, context).find((decision) => decision.decision === "reject");
  return rejected ? rejected.check : "pass";
}

describe("checkRecordText", () => {
  it("passes ordinary reviews in English and Chinese", () => {
    expect(verdict("The pad thai came out lukewarm and the shrimp tasted frozen.")).toBe("pass");
    expect(verdict("Best flat white in town!!! Friendly staff too :)")).toBe("pass");
    expect(verdict("送餐比预计早了十分钟，米饭还是热的，红烧肉肥而不腻。", chinese)).toBe("pass");
    expect(verdict("配送费越来越贵！！！！", chinese)).toBe("pass");
  });

  it("rejects texts cut off at the token limit, at their maxLength mid-word, or on a dangling word", () => {
    expect(verdict("The food was great and", { ...english, stoppedAtTokenLimit: true })).toBe("truncated");
    const cut = `${"The service was slow but the dessert made up for it. ".repeat(4)}`.slice(0, 200);
    expect(cut.at(-1)).toMatch(/\w/);
    expect(verdict(cut, { ...english, maxLength: 200 })).toBe("truncated");
    expect(verdict("We ordered the soup and the")).toBe("truncated");
    expect(verdict("点了一份牛肉面，味道还行，", chinese)).toBe("truncated");
  });

  it("rejects text in the wrong script for the recipe's language", () => {
    expect(verdict("这家店的牛肉面又便宜又好吃。")).toBe("language");
    expect(verdict("The noodles were cheap and tasty.", chinese)).toBe("language");
    expect(verdict("这是一道 terrible的食物，服务态度不好。", chinese)).toBe("language");
    expect(verdict("送餐快，pizza味道也不错！外卖ok，挺nice的。", chinese)).toBe("pass");
    // An inflected form of a common word, written in lower case, is English too; a loanword's
    // plural and a capitalised name are not.
    expect(verdict("今天 ordering了一顿美味的外卖，感觉非常满意！", chinese)).toBe("language");
    expect(verdict("两杯lattes都很香，送得也快。", chinese)).toBe("pass");
    expect(verdict("在Andersons买的烤箱，用着很顺手。", chinese)).toBe("pass");
  });

  it("rejects emoji runs and texts that are mostly digits or symbols", () => {
    expect(verdict("😀".repeat(60))).toBe("symbols");
    expect(verdict("Great coffee 😍😍😍😍😍😍😍😍")).toBe("symbols");
    expect(verdict("Tokyo, Japan, 2023-12-07, 25:14:52")).toBe("symbols");
  });

  it("rejects repeated sentences and repeated n-grams (Gopher)", () => {
    expect(verdict("I'm a food blogger. ".repeat(8))).toBe("repetition");
    expect(verdict("I'm a product, I'm a product, I'm a product, I'm a product, I'm a product.")).toBe(
      "repetition",
    );
    expect(
      verdict(
        "The food was cooked in a crisp, flavorful tomato sauce, and the ambiance was warm. The food was cooked in a crisp, flavorful tomato sauce, and the ambiance was warm and inviting.",
      ),
    ).toBe("repetition");
    expect(verdict("超级好吃超级好吃超级好吃超级好吃", chinese)).toBe("repetition");
  });

  it("rejects template and placeholder leaks and text about the task", () => {
    expect(verdict("{{text}} kitchen appliance is great.")).toBe("leak");
    expect(verdict("The review is negative about [product_name].")).toBe("leak");
    expect(verdict("I loved the pizza at [Restaurant.Com] last night.")).toBe("leak");
    expect(verdict("Here's a fun sentence in cafe: the coffee was good.")).toBe("leak");
    expect(verdict("This is a positive example of a kitchen appliance.")).toBe("leak");
    expect(verdict("Positive: 2, Negative: 0, Positive: 3, Negative: 1.")).not.toBe("pass");
    expect(verdict("The sound was clear, a perfect fit for positive sentiment.")).toBe("leak");
    expect(verdict("这是一条正面评论：外卖很快。", chinese)).toBe("leak");
    expect(verdict("XX餐厅的菜很好吃。", chinese)).toBe("leak");
    expect(verdict("I had a fantastic coffee at Cafe XYZ! The staff were friendly.")).toBe("leak");
    expect(verdict("I had an amazing breakfast at Cafe X. The pancakes were fluffy.")).toBe("leak");
    expect(verdict("I test drove the Model X and the cafe x-ray art was fun.")).toBe("pass");
    expect(verdict("The quick brown fox jumps over the lazy dog. I love this restaurant!")).toBe("leak");
    expect(verdict("Lorem ipsum dolor sit amet, the coffee was fine.")).toBe("leak");
    // A review described in the third person, or one that names its label as an adjective.
    expect(verdict("The kitchen appliance was praised for its efficiency and convenience.")).toBe("leak");
    expect(verdict("I purchased the product and it was immediately praised for its quality.")).toBe("leak");
    expect(verdict("招牌鸡尾酒非常昂贵，顾客对鸡尾酒失望。", chinese)).toBe("leak");
    expect(verdict("功能和质量都一般，导致消费者对它的满意度较低。", chinese)).toBe("leak");
    expect(verdict("The restaurant was overwhelmingly negative, serving mediocre food.")).toBe("leak");
    expect(verdict("The customer was disappointed with the quality of their product.")).toBe("leak");
    expect(verdict("The kitchen appliance was truly positive. It worked perfectly.")).toBe("leak");
    expect(verdict("I tried a new product and found it to be completely negative.")).toBe("leak");
    expect(verdict("The customer service was slow but the customer experience was fine overall.")).toBe(
      "pass",
    );
    expect(verdict("这是一段测试文本，外卖很好吃。", chinese)).toBe("leak");
    expect(verdict("The fox in the window display was a quick sale; brown bread was fresh.")).toBe("pass");
  });

  it("rejects a text that is nothing but a label's name, its own or another's", () => {
    const intents: TextCheckContext = { language: "zh", labels: ["指标解读", "医疗费用"] };
    expect(verdict("指标解读", intents)).toBe("leak");
    expect(verdict("「医疗费用」。", intents)).toBe("leak");
    expect(verdict("呼气试验阳性，这个指标解读一下什么意思？", intents)).toBe("pass");
    const banking: TextCheckContext = { language: "en", labels: ["card_arrival", "top_up_failed"] };
    expect(verdict("Card arrival.", banking)).toBe("leak");
    expect(verdict("When will my card arrive?", banking)).toBe("pass");
  });

  it("rejects a text that repeats an example the prompt showed, and not one that asks the same in its own words", () => {
    const shown: TextCheckContext = {
      language: "zh",
      labels: ["后果表述"],
      examples: ["服用金匮肾气丸再用痔疮栓有不良反应吗", "人流有危险么"],
    };
    expect(verdict("服用金匮肾气丸再用痔疮栓有不良反应吗？", shown)).toBe("leak");
    expect(verdict("服用金匮肾气丸后再用痔疮栓有不良反应吗？", shown)).toBe("leak");
    expect(verdict("吃金匮肾气丸的同时能用痔疮栓吗？会不会有副作用？", shown)).toBe("pass");
    // Too short to tell a copy from a common question.
    expect(verdict("人流有危险吗", shown)).toBe("pass");
    const english: TextCheckContext = {
      language: "en",
      labels: ["card_arrival"],
      examples: ["I am still waiting on my card?"],
    };
    expect(verdict("I am still waiting on my card.", english)).toBe("leak");
    expect(verdict("My card still hasn't arrived, how long does it take?", english)).toBe("pass");
  });

  it("rejects a text that copies five words of its prompt, and only then", () => {
    const prompt = "Write a positive review of a cafe. Sound like a real customer, with concrete details.";
    expect(
      verdict("Sound like a real customer with concrete details, the latte was fine.", {
        ...english,
        prompt,
      }),
    ).toBe("leak");
    expect(verdict("The latte was fine and the croissant was fresh.", { ...english, prompt })).toBe("pass");
  });

  it("gives each check a decision, stopping at the first rejection, whose reason starts with its code", () => {
    const decisions = checkRecordText("I'm a food blogger. ".repeat(8), english);
    expect(decisions.map((decision) => decision.check)).toEqual([
      "truncated",
      "symbols",
      "language",
      "repetition",
    ]);
    expect(decisions.at(-1)?.reason).toMatch(
      /^repetition: the sentence "i'm a food blogger\." appears 8 times$/,
    );
  });
});

describe("the voice check", () => {
  const reviews: TextCheckContext = {
    ...english,
    description: "Short English customer reviews of restaurants.",
  };
  const chineseReviews: TextCheckContext = { ...chinese, prompt: "用第一人称写一条外卖用户评论" };

  it("rejects a review written by the business when the recipe or prompt asks for reviews", () => {
    expect(verdict("Our chef used to be super friendly and attentive.", reviews)).toBe("voice");
    expect(verdict("I ordered the fresh coffee from our cafe and loved it.", reviews)).toBe("voice");
    expect(
      verdict("The dishwasher failed to clean, leading to a loss of customer satisfaction.", reviews),
    ).toBe("voice");
    expect(verdict("It made a big impact on the company's reputation.", reviews)).toBe("voice");
    expect(verdict("We offer the best tacos in town!", reviews)).toBe("voice");
    expect(verdict("本店的招牌菜是红烧肉，欢迎品尝。", chineseReviews)).toBe("voice");
    expect(verdict("感谢您的支持，我们会继续努力！", chineseReviews)).toBe("voice");
    expect(verdict("菜单很丰富。而且，我们的送货速度非常快，很方便。", chineseReviews)).toBe("voice");
    expect(verdict("抱歉，我们的外卖服务不够优质，希望能改进。", chineseReviews)).toBe("voice");
    const rejected = checkRecordText("Our chef used to be super friendly.", reviews).find(
      (decision) => decision.decision === "reject",
    );
    expect(rejected?.reason).toBe('voice: written as the business, not its customer ("Our chef")');
  });

  it("passes a customer's own words, and any text when nothing asks for reviews", () => {
    expect(verdict("Our server was friendly and our table was ready on time.", reviews)).toBe("pass");
    expect(verdict("The new blender fits nicely in our kitchen.", reviews)).toBe("pass");
    expect(verdict("送餐很快，我们店里的同事都说好吃。", chineseReviews)).toBe("pass");
    expect(verdict("Our chef prepares every dish to order.", english)).toBe("pass");
    expect(
      verdict("We offer free delivery on orders over $20.", {
        ...english,
        description: "Restaurant FAQ answers.",
      }),
    ).toBe("pass");
  });
});

describeOnRealData("checkRecordText on the real reviews of ../shared/data", () => {
  it("rejects at most 1% of the Yelp sentences and 3% of the waimai reviews", () => {
    const yelp = yelpRows().map((row) => row.text);
    const waimai = waimaiRows().map((row) => row.text);
    const rejected = (texts: string[], context: TextCheckContext) =>
      texts.filter((text) => verdict(text, context) !== "pass").length / texts.length;
    expect(rejected(yelp, english)).toBeLessThanOrEqual(0.01);
    expect(rejected(waimai, chinese)).toBeLessThanOrEqual(0.03);
    // The voice check reads reviews: none of the real ones is written as the business.
    const asReviews = (context: TextCheckContext, texts: string[]) =>
      texts.filter((text) => verdict(text, { ...context, description: "customer reviews 评论" }) === "voice");
    expect(asReviews(english, yelp)).toEqual([]);
    expect(asReviews(chinese, waimai)).toEqual([]);
    // 12,000 texts: a few seconds on a quiet machine, much longer on a busy one.
  }, 180_000);
});
