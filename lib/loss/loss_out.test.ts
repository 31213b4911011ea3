import { Rng, Tensor, binaryCrossEntropyWithLogits, mse, softmaxCrossEntropy } from "gradlab";

const rng = new Rng(11);
const logits = Tensor.randn([4, 3], rng);
const labels = Int32Array.from([2, 0, 1, 1]);
const target = Tensor.randn([4, 3], rng);
const probabilities = Tensor.rand([4, 3], rng);

/** Each loss, called with and without options, on inputs of shape [4, 3]. */
const losses = [
  ["softmaxCrossEntropy", (options?: object) => softmaxCrossEntropy(logits, labels, options)],
  ["mse", (options?: object) => mse(logits, target, options)],
  ["mse (reduction mean)", (options?: object) => mse(logits, target, { reduction: "mean", ...options })],
  ["binaryCrossEntropyWithLogits", (options?: object) => binaryCrossEntropyWithLogits(logits, probabilities, options)],
] as const;

describe("the losses' out option", () => {
  test.each(losses)("%s writes grad into out, with exactly the values of a fresh gradient", (_name, loss) => {
    const fresh = loss();
    const out = Tensor.full([4, 3], 123); // stale values must all be overwritten
    const result = loss({ out });
    expect(result.grad).toBe(out);
    expect(result.loss).toBe(fresh.loss);
    expect(Array.from(out.data)).toEqual(Array.from(fresh.grad.data));
    expect(loss({ out: null }).grad).not.toBe(out);
  });

  test("a hand-checked gradient lands in out: softmax of [0, 0] against label 1 gives (½, −½)/N", () => {
    const out = Tensor.zeros([1, 2]);
    const { loss } = softmaxCrossEntropy(Tensor.from([[0, 0]]), [1], { out });
    expect(loss).toBeCloseTo(Math.log(2), 15);
    expect(Array.from(out.data)).toEqual([0.5, -0.5]);
  });

  test("mse with out: 2(f − y)/N for f = [[1, 2]], y = [[0, 4]]", () => {
    const out = Tensor.zeros([1, 2]);
    const { loss } = mse(Tensor.from([[1, 2]]), Tensor.from([[0, 4]]), { out });
    expect(loss).toBe(5);
    expect(Array.from(out.data)).toEqual([2, -4]);
  });

  test.each(losses)("%s rejects an out of the wrong shape, out aliasing the prediction, and unknown options", (name, loss) => {
    const where = name.split(" ")[0];
    const what = where === "mse" ? "pred" : "logits";
    expect(() => loss({ out: Tensor.zeros([3, 4]) })).toThrow(`${where}: out has shape [3, 4] but ${what} has shape [4, 3]; they must be equal`);
    expect(() => loss({ out: logits })).toThrow(`${where}: out shares its data with ${what}; give a separate tensor`);
    expect(() => loss({ out: logits.reshape([4, 3]) })).toThrow("out shares its data");
    expect(() => loss({ out: [1, 2] })).toThrow(`${where}: out must be a Tensor of the shape of ${what} or null, got 1,2`);
    expect(() => loss({ gard: null })).toThrow(`${where}: unknown option "gard"; known options are`);
  });

  test("options that are not an object are an error; null and undefined are the defaults", () => {
    expect(() => softmaxCrossEntropy(logits, labels, 5 as never)).toThrow("softmaxCrossEntropy: options must be an object like { out: null }, got 5");
    expect(softmaxCrossEntropy(logits, labels, null as never).loss).toBe(softmaxCrossEntropy(logits, labels).loss);
    expect(mse(logits, target, { reduction: undefined }).loss).toBe(mse(logits, target).loss);
  });
});
