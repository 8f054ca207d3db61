import { describe, expect, it } from "vitest";
import type { QualityReport } from "../quality/QualityReport.js";
import { labelConfusionSection } from "./labelConfusionSection.js";

describe("labelConfusionSection", () => {
  it("shows the judge's confusions and most disputed labels, escaped", () => {
    const html = labelConfusionSection({
      judge: {
        judged: 4,
        confirmed: 2,
        confirmedShare: 0.5,
        agreementRate: 0.5,
        rubric: undefined,
        labels: {
          confusions: [{ label: "card_arrival", votedFor: "<card_delivery_estimate>", votes: 3, records: 2 }],
          disputed: [{ label: "card_arrival", judged: 2, disputed: 1, share: 0.5 }],
        },
      },
    } as unknown as QualityReport);
    expect(html).toContain("<td>card_arrival</td><td>&lt;card_delivery_estimate&gt;</td>");
    expect(html).toContain("Most disputed labels");
    expect(html).toContain("50");
  });

  it("is empty without label votes", () => {
    expect(labelConfusionSection({ judge: undefined } as unknown as QualityReport)).toBe("");
  });
});
