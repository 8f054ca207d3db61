import { describe, expect, it } from "vitest";
import { RecipeError } from "../errors/RecipeError.js";
import { parseRecipe } from "./loadRecipe.js";

const base = `
name: defects
task: image-classification
plan: { count: 12 }
generator:
  size: 64
  classes:
    scratch: { defect: scratches, params: { count: [1, 2], width: 1 } }
    spot: { defect: spots }
`;

function problem(source: string): RecipeError {
  try {
    parseRecipe(source, "defects.yaml");
  } catch (error) {
    if (error instanceof RecipeError) return error;
    throw error;
  }
  throw new Error("the recipe was accepted");
}

describe("image recipes", () => {
  it("fill the label dimension and the record schema from the generator's classes", () => {
    const { recipe } = parseRecipe(base, "defects.yaml");
    expect(recipe.task).toBe("image-classification");
    expect(recipe.dimensions).toEqual({ label: ["scratch", "spot"] });
    expect(recipe.output.labelField).toBe("label");
    expect((recipe.output.schema.properties as Record<string, { enum?: string[] }>).label?.enum).toEqual([
      "scratch",
      "spot",
    ]);
    expect(recipe.generator?.classes.scratch?.params).toEqual({ count: [1, 2], width: 1 });
    expect(recipe.generator?.surface).toBe("rolled-steel");
  });

  it("hash the generator, so changing a range starts another run", () => {
    const first = parseRecipe(base, "defects.yaml");
    const second = parseRecipe(base.replace("width: 1", "width: 2"), "defects.yaml");
    expect(first.hash).not.toBe(second.hash);
  });

  it("refuse a parameter the defect does not have, naming the field and the known ones", () => {
    const error = problem(base.replace("width: 1", "depth: 1"));
    expect(error.message).toContain("generator.classes.scratch.params.depth");
    expect(error.message).toContain("known: count, length, width, angle, curvature, intensity");
    expect(error.message).toMatch(/defects\.yaml:\d+/);
  });

  it("refuse an unknown defect and a reversed range", () => {
    expect(problem(base.replace("defect: spots", "defect: dents")).message).toContain(
      "generator.classes.spot.defect",
    );
    expect(problem(base.replace("count: [1, 2]", "count: [3, 2]")).message).toContain("low at most high");
  });

  it("take real defect crops in a share of the images, and refuse a crop size outside (0, 1] or reversed", () => {
    const withReal = (real: string) =>
      base.replace("generator:\n  size: 64", `generator:\n  size: 64\n  real: ${real}`);
    const { recipe } = parseRecipe(
      withReal("{ labels: real.csv, cropShare: 0.5, cropSize: [0.3, 0.7] }"),
      "defects.yaml",
    );
    expect(recipe.generator?.real).toMatchObject({ cropShare: 0.5, cropSize: [0.3, 0.7] });
    // Without crops the recipe, and so its run, is the same as before crops existed.
    expect(
      parseRecipe(withReal("{ labels: real.csv }"), "defects.yaml").recipe.generator?.real,
    ).not.toHaveProperty("cropShare");
    expect(problem(withReal("{ labels: real.csv, cropShare: 1.5 }")).message).toContain(
      "generator.real.cropShare",
    );
    expect(problem(withReal("{ labels: real.csv, cropSize: [0.6, 0.2] }")).message).toContain(
      "low at most high",
    );
    expect(problem(withReal("{ labels: real.csv, cropSize: [0, 0.5] }")).message).toContain(
      "generator.real.cropSize",
    );
  });

  it("name the student's architecture: EfficientNet-Lite0 by default, a ResNet only from scratch", () => {
    expect(parseRecipe(`${base}  student: {}\n`, "defects.yaml").recipe.generator?.student).toMatchObject({
      architecture: "efficientnet-lite0",
      pretrained: true,
    });
    expect(
      parseRecipe(`${base}  student: { architecture: resnet18, pretrained: false }\n`, "defects.yaml").recipe
        .generator?.student,
    ).toMatchObject({ architecture: "resnet18", pretrained: false });
    const pretrained = problem(`${base}  student: { architecture: resnet50 }\n`).message;
    expect(pretrained).toContain("generator.student.pretrained");
    expect(pretrained).toContain(
      "false for resnet50: ImageNet weights are available for efficientnet-lite0 only",
    );
    expect(problem(`${base}  student: { architecture: vgg16, pretrained: false }\n`).message).toContain(
      "generator.student.architecture",
    );
  });

  it("refuse an image task without a generator and a generator on a text task", () => {
    expect(problem("name: x\ntask: image-classification\nplan: { count: 2 }\n").message).toContain(
      "needs a generator section",
    );
    const text = `
name: x
output: { schema: { type: object, properties: { text: { type: string } } } }
plan: { count: 2 }
template: { prompt: "Write." }
generator: { classes: { a: { defect: none }, b: { defect: holes } } }
`;
    expect(problem(text).message).toContain("needs task: image-classification");
  });

  it("refuse a single class and a negative class that is not one of the classes", () => {
    expect(problem(base.replace("    spot: { defect: spots }\n", "")).message).toContain(
      "at least two classes",
    );
    expect(problem(`${base}  evaluate: { labels: real.csv, negativeClass: good }\n`).message).toContain(
      'negativeClass "good" is not one of generator.classes',
    );
  });
});
