import { Rng, choice, gridSearch, logUniform, randInt, randomSearch, uniform } from "gradlab";

describe("gridSearch", () => {
  test("tries every combination once, last key fastest, and sorts by valLoss (lower first)", () => {
    const seen: string[] = [];
    const results = gridSearch({ lr: [0.1, 0.01], hidden: [8, 16, 32] }, (c) => {
      seen.push(`${c.lr}/${c.hidden}`);
      // A made-up validation loss with its minimum at lr 0.01, hidden 16.
      return { valLoss: Math.abs(Math.log10(c.lr) + 2) + Math.abs(c.hidden - 16) / 8, trainLoss: 0.5 };
    });
    expect(seen).toEqual(["0.1/8", "0.1/16", "0.1/32", "0.01/8", "0.01/16", "0.01/32"]);
    expect(results.metric).toBe("valLoss");
    expect(results.mode).toBe("min");
    expect(results.best.config).toEqual({ lr: 0.01, hidden: 16 });
    expect(results.best.value).toBe(0);
    // By hand: (0.1, 8) → 1 + 1 = 2, (0.1, 16) → 1, (0.1, 32) → 1 + 2 = 3, (0.01, 8) → 1, (0.01, 16) → 0, (0.01, 32) → 2.
    expect(results.trials.map((t) => t.value)).toEqual([0, 1, 1, 2, 2, 3]);
    // Ties keep the order in which the trials ran.
    expect(results.trials.map((t) => t.trial)).toEqual([5, 2, 4, 1, 6, 3]);
  });

  test("score is maximized; a bare number counts as the score; the table prints best first", () => {
    const results = gridSearch({ depth: [1, 2, 3] }, (c) => 1 - (c.depth - 2) ** 2);
    expect(results.metric).toBe("score");
    expect(results.mode).toBe("max");
    expect(results.trials.map((t) => t.config.depth)).toEqual([2, 1, 3]);
    const lines = String(results).split("\n");
    expect(lines[0]).toMatch(/^rank {2}depth {2}score \(max\) {2}seconds$/);
    expect(lines[1]).toMatch(/^ +1 +2 +1 +\d+\.\d\d$/);
    expect(lines.length).toBe(4);
  });

  test("a failing trial is listed last with its error; options can pick the metric and mode", () => {
    const results = gridSearch(
      { lr: [1, 0.1, 0.01] },
      (c) => {
        if (c.lr === 1) throw new Error("diverged");
        return { valAccuracy: c.lr === 0.1 ? 0.9 : 0.8, valLoss: 0.3 };
      },
      { metric: "valAccuracy" },
    );
    expect(results.mode).toBe("max");
    expect(results.trials.map((t) => t.config.lr)).toEqual([0.1, 0.01, 1]);
    expect(results.trials[2].error).toBe("diverged");
    expect(Number.isNaN(results.trials[2].value)).toBe(true);
    expect(String(results)).toContain("trial 1 failed: diverged");
    const minAcc = gridSearch({ a: [1, 2] }, (c) => ({ err: c.a }), { metric: "err", mode: "max" });
    expect(minAcc.best.config.a).toBe(2);
  });

  test("bad spaces, results and options are errors", () => {
    expect(() => gridSearch({}, () => 0)).toThrow("gridSearch: space must be an object of value lists");
    expect(() => gridSearch({ lr: [] }, () => 0)).toThrow("gridSearch: space.lr must be a non-empty array of values to try, got []");
    expect(() => gridSearch({ lr: 0.1 } as never, () => 0)).toThrow("gridSearch: space.lr must be a non-empty array of values to try, got 0.1");
    expect(() => gridSearch({ lr: [1] }, () => ({ loss: 1 }))).toThrow('gridSearch: trial 1 returned {loss}, which has no "valLoss"');
    expect(() => gridSearch({ lr: [1] }, () => "good" as never)).toThrow("gridSearch: trial 1: run must return numbers like { valLoss: 0.3 } or a number");
    expect(() => gridSearch({ lr: [1, 2] }, () => { throw new Error("boom"); })).toThrow("gridSearch: all 2 trials failed; the first error: boom");
    expect(() => gridSearch({ lr: [1] }, () => { throw new Error("boom"); }, { catchErrors: false })).toThrow("boom");
    expect(() => gridSearch({ lr: [1] }, () => 0, { metrc: "x" } as never)).toThrow('gridSearch: unknown option "metrc"');
  });
});

describe("randomSearch", () => {
  test("draws each hyperparameter from its distribution, reproducibly from the seed", () => {
    const space = { lr: logUniform(1e-4, 1e-1), hidden: choice([32, 64]), dropout: uniform(0, 0.5), layers: randInt(1, 3), act: ["relu", "tanh"], epochs: 10 };
    const configs: Record<string, unknown>[] = [];
    const results = randomSearch(space, 200, new Rng(1), (c) => {
      configs.push(c);
      return { valLoss: Math.abs(Math.log10(c.lr as number) + 2.5) };
    });
    expect(results.trials.length).toBe(200);
    for (const c of configs) {
      expect(c.lr).toBeGreaterThanOrEqual(1e-4);
      expect(c.lr).toBeLessThan(1e-1);
      expect([32, 64]).toContain(c.hidden);
      expect(c.dropout).toBeGreaterThanOrEqual(0);
      expect(c.dropout).toBeLessThan(0.5);
      expect([1, 2, 3]).toContain(c.layers);
      expect(["relu", "tanh"]).toContain(c.act);
      expect(c.epochs).toBe(10);
    }
    // Log-uniform: each of the three decades gets about a third of the draws.
    const decades = [0, 0, 0];
    for (const c of configs) decades[Math.floor(Math.log10(c.lr as number) + 4)]++;
    for (const d of decades) expect(d).toBeGreaterThan(45);
    expect(new Set(configs.map((c) => c.layers)).size).toBe(3);
    // Sorted best first by valLoss.
    const values = results.trials.map((t) => t.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    const again: unknown[] = [];
    randomSearch(space, 200, new Rng(1), (c) => {
      again.push(c);
      return 0;
    });
    expect(again).toEqual(configs);
  });

  test("bad distributions and arguments are errors", () => {
    expect(() => logUniform(0, 1)).toThrow("logUniform: low must be > 0 (a logarithm is taken), got 0");
    expect(() => uniform(1, 1)).toThrow("uniform: high must be a finite number > 1, got 1");
    expect(() => choice([])).toThrow("choice: values must be a non-empty array");
    expect(() => randInt(1, 0.5)).toThrow("randInt: high must be an integer >= 1, got 0.5");
    expect(() => randomSearch({ lr: uniform(0, 1) }, 0, new Rng(0), () => 0)).toThrow("randomSearch: trials must be an integer >= 1, got 0");
    expect(() => randomSearch({ lr: uniform(0, 1) }, 2, 7 as never, () => 0)).toThrow("randomSearch: rng must be an Rng");
  });
});
