import { diagnoseRuleVariant, diagnoseTrajectoryDivergence } from "./rule_variant";

/** f(w) = ½ Σ aᵢ wᵢ², ∇f = a ⊙ w: an ill-conditioned quadratic in 2-D. */
const a = [1, 10];
const grad = (w: number[]): number[] => w.map((v, i) => a[i] * v);
const w0 = [1.5, -0.5];

interface AdamOptions {
  biasCorrection?: boolean;
  epsInside?: boolean;
  keepState?: boolean;
}

/**
 * Adam written out in the test, with switches for the mistakes: lr 0.1, β₁ 0.9, β₂ 0.999 as in
 * Kingma & Ba, and ε = 1e-4 instead of their 1e-8, large enough that its place shows within 1e-7.
 */
function adam(steps: number, o: AdamOptions = {}): Float64Array {
  const { biasCorrection = true, epsInside = false, keepState = true } = o;
  const [lr, b1, b2, eps] = [0.1, 0.9, 0.999, 1e-4];
  let w = [...w0];
  let m = [0, 0];
  let v = [0, 0];
  let t = 0;
  const out: number[] = [];
  for (let k = 0; k < steps; k++) {
    if (!keepState) [m, v, t] = [[0, 0], [0, 0], 0];
    t++;
    const g = grad(w);
    m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
    v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i] * g[i]);
    const mHat = biasCorrection ? m.map((x) => x / (1 - b1 ** t)) : m;
    const vHat = biasCorrection ? v.map((x) => x / (1 - b2 ** t)) : v;
    w = w.map((wi, i) => wi - (lr * mHat[i]) / (epsInside ? Math.sqrt(vHat[i] + eps) : Math.sqrt(vHat[i]) + eps));
    out.push(...w);
  }
  return Float64Array.from(out);
}

/** Plain gradient descent: stateless, so "state not kept" is the same rule. */
function sgd(steps: number, lr = 0.05): Float64Array {
  let w = [...w0];
  const out: number[] = [];
  for (let k = 0; k < steps; k++) {
    w = w.map((wi, i) => wi - lr * grad(w)[i]);
    out.push(...w);
  }
  return Float64Array.from(out);
}

const steps = 8;
const reference = adam(steps);
const variants = [
  { id: "no-bias-correction", label: "no bias correction of m and v", trajectory: adam(steps, { biasCorrection: false }) },
  { id: "eps-inside-sqrt", label: "ε inside the square root", trajectory: adam(steps, { epsInside: true }) },
  { id: "state-not-kept", label: "a fresh state at every step", trajectory: adam(steps, { keepState: false }) },
];

describe("diagnoseRuleVariant", () => {
  it("names Adam without bias correction, with the default hint", () => {
    const d = diagnoseRuleVariant("w", adam(steps, { biasCorrection: false }), reference, variants, 1e-7);
    expect(d?.id).toBe("rule-variant");
    expect(d?.evidence).toMatchObject({ variant: "no-bias-correction", relErrorAgainstVariant: 0 });
    expect(d?.message).toMatch(/^w follows the rule with no bias correction of m and v \(relError 0 against that rule's trajectory, /);
    expect(d?.hint).toContain("1 − β₁ᵗ");
  });

  it("names ε inside the square root and the state not carried between steps", () => {
    expect(diagnoseRuleVariant("w", adam(steps, { epsInside: true }), reference, variants, 1e-7)?.evidence.variant).toBe("eps-inside-sqrt");
    expect(diagnoseRuleVariant("w", adam(steps, { keepState: false }), reference, variants, 1e-7)?.evidence.variant).toBe("state-not-kept");
  });

  it("says nothing for the right rule, and matches no variant for another mistake", () => {
    expect(diagnoseRuleVariant("w", adam(steps), reference, variants, 1e-7)).toBeNull();
    // Plain gradient descent, and Adam with two mistakes at once, match none of the variants.
    expect(diagnoseRuleVariant("w", adam(steps, { epsInside: true, biasCorrection: false }), reference, variants, 1e-7)).toBeNull();
    expect(diagnoseRuleVariant("w", sgd(steps), reference, variants, 1e-7)).toBeNull();
  });

  it("skips a variant that is the reference itself (state not kept by a stateless rule)", () => {
    const ref = sgd(steps);
    const same = [{ id: "state-not-kept", label: "a fresh state at every step", trajectory: sgd(steps) }];
    // A value just outside the threshold of the reference must not be said to "follow" the identical variant.
    const nudged = ref.map((v) => v * (1 + 3e-7));
    expect(diagnoseRuleVariant("w", nudged, ref, same, 1e-7)).toBeNull();
  });

  it("refuses trajectories of different lengths (a mistake of the test)", () => {
    expect(() => diagnoseRuleVariant("w", new Float64Array(3), reference, variants, 1e-7)).toThrow(/3 values but the reference has 16/);
  });
});

describe("diagnoseTrajectoryDivergence", () => {
  it("finds the step at which a trajectory leaves the reference, counted from 1", () => {
    const ref = sgd(steps);
    const s = Float64Array.from(ref);
    // Steps 1-3 agree; from step 4 on (values 6..) it is off.
    for (let i = 6; i < s.length; i++) s[i] += 0.01;
    const d = diagnoseTrajectoryDivergence("w", s, ref, 2, 1e-7);
    expect(d?.id).toBe("trajectory-diverges");
    expect(d?.evidence).toMatchObject({ step: 4, steps: 8 });
    expect(d?.evidence.student).toEqual([s[6], s[7]]);
    expect(d?.message).toMatch(/^w follows the expected trajectory for the first 3 steps and leaves it at step 4: step 4 gives \[/);
  });

  it("judges each step on the whole trajectory's scale, so round-off on large values is not a departure", () => {
    const ref = sgd(steps).map((v) => 1e6 * v);
    const s = Float64Array.from(ref);
    s[0] += 1e-4; // relative 1e-10 of a value near 1e6: round-off
    for (let i = 8; i < s.length; i++) s[i] *= 1.01;
    expect(diagnoseTrajectoryDivergence("w", s, ref, 2, 1e-7)?.evidence.step).toBe(5);
  });

  it("says so when the first step is already off, and when a NaN appears", () => {
    const ref = sgd(steps);
    expect(diagnoseTrajectoryDivergence("w", sgd(steps, 0.06), ref, 2, 1e-7)?.message).toMatch(/^w differs from the expected trajectory from the first step on/);
    const s = Float64Array.from(ref);
    s[5] = NaN;
    expect(diagnoseTrajectoryDivergence("w", s, ref, 2, 1e-7)?.evidence.step).toBe(3);
  });

  it("says nothing when the trajectories match, and refuses a d that does not divide them", () => {
    const ref = sgd(steps);
    expect(diagnoseTrajectoryDivergence("w", Float64Array.from(ref), ref, 2, 1e-7)).toBeNull();
    expect(() => diagnoseTrajectoryDivergence("w", ref, ref, 3, 1e-7)).toThrow(/d = 3/);
  });
});
