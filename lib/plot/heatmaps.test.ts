import { annotatedHeatmap, confusionMatrix } from "gradlab";

describe("annotatedHeatmap", () => {
  test("one cell per value, written in the cell; missing values are blank; rows follow the y labels", () => {
    const fig = annotatedHeatmap([[0.9, 0.95], [0.7, null]], [0.01, 0.1], [16, 4], {
      title: "grid", xTitle: "learning rate", yTitle: "hidden units", range: [0.5, 1], colorbarTitle: "val accuracy",
    });
    const t = fig.data[0];
    expect([t.x, t.y, t.z]).toEqual([["0.01", "0.1"], ["16", "4"], [[0.9, 0.95], [0.7, null]]]);
    expect(t.text).toEqual([["0.90", "0.95"], ["0.70", ""]]);
    expect([t.zmin, t.zmax]).toEqual([0.5, 1]);
    expect(fig.layout.xaxis).toMatchObject({ type: "category", title: { text: "learning rate" } });
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });

  test("a table that does not match its labels is an error naming the expected size", () => {
    expect(() => annotatedHeatmap([[1, 2]], ["a"], ["r"])).toThrow("z must have 1 rows (one per y label) of 1 values");
    expect(() => annotatedHeatmap([[1]], ["a"], ["r", "s"])).toThrow("z must have 2 rows");
  });
});

describe("confusionMatrix", () => {
  test("counts[true][predicted], worked by hand", () => {
    // true:      0 0 1 1 1 2
    // predicted: 0 1 1 1 2 2   → [[1, 1, 0], [0, 2, 1], [0, 0, 1]]
    const { counts, figure } = confusionMatrix([0, 0, 1, 1, 1, 2], Int32Array.of(0, 1, 1, 1, 2, 2), { title: "test" });
    expect(counts).toEqual([[1, 1, 0], [0, 2, 1], [0, 0, 1]]);
    const [correct, mistakes] = figure.data;
    expect(correct.z).toEqual([[1, null, null], [null, 2, null], [null, null, 1]]);
    expect(mistakes.z).toEqual([[null, 1, null], [null, null, 1], [null, null, null]]);
    expect(mistakes.text).toEqual([["", "1", ""], ["", "", "1"], ["", "", ""]]);
    expect(figure.layout.yaxis).toMatchObject({ autorange: "reversed", title: { text: "true class" } });
  });

  test("the number of classes can be given; labels outside it are an error", () => {
    expect(confusionMatrix([0], [0], { classes: 3 }).counts).toEqual([[1, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expect(() => confusionMatrix([0, 3], [0, 0], { classes: 3 })).toThrow("example 1 has true class 3 and prediction 0; expected integers in [0, 3)");
    expect(() => confusionMatrix([0, 1], [0])).toThrow("2 true labels but 1 predictions");
  });
});
