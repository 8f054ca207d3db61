import { describe, expect, it } from "vitest";
import { chineseScriptProblem, otherScriptCharacters, wantsTraditional } from "./chineseScripts.js";

describe("chineseScriptProblem", () => {
  it("rejects Simplified Chinese written in traditional characters (the 1.5B teacher's en→zh pair)", () => {
    expect(
      chineseScriptProblem("我們打算周末去海滩和朋友一起玩。我們會探索新城市的風光，嘗試本地的美食。", "zh"),
    ).toBe("is written in traditional characters (們, 會, 風), for zh (Simplified Chinese)");
  });

  it("passes Simplified Chinese, and a lone traditional character in it (a real WMT19 line)", () => {
    expect(chineseScriptProblem("我们打算周末去海滩和朋友一起玩。", "zh-CN")).toBeUndefined();
    expect(otherScriptCharacters("卫生局辖下各卫生中心自推出计划後，已延长服务时间。", "zh")).toEqual(["後"]);
    expect(chineseScriptProblem("卫生局辖下各卫生中心自推出计划後，已延长服务时间。", "zh")).toBeUndefined();
  });

  it("reads a traditional tag the other way round", () => {
    expect(wantsTraditional("zh-TW")).toBe(true);
    expect(wantsTraditional("zh-Hant-HK")).toBe(true);
    expect(wantsTraditional("zh_hk")).toBe(true);
    expect(wantsTraditional("zh")).toBe(false);
    expect(wantsTraditional("zh-Hans")).toBe(false);
    expect(chineseScriptProblem("我們會探索新城市的風光。", "zh-TW")).toBeUndefined();
    expect(chineseScriptProblem("我们会探索新城市的风光。", "zh-TW")).toMatch(
      /^is written in simplified characters \(们, 会, 风\), for zh-TW \(Traditional Chinese\)$/,
    );
  });
});
