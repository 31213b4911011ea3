/**
 * Overwrites instead of accumulating: the Module contract says bprop *adds* each parameter's
 * gradient into its grad (W.grad += dW), so gradients of several uses of a layer sum up. The test
 * pre-fills grad with F, runs bprop once, and reads grad back (G); the reference gradient of that
 * call is g, so the right G is F + g.
 */
import { Tensor, assertSameShape, relError, sameShape } from "gradlab";
import type { Diagnosis } from "./diagnosis";
import { formatError } from "./format";
import { checkThreshold, matches } from "./values";

/**
 * `what` names the gradient ("W.grad"); `fill` is F, `after` is G, `grad` is g (F and g come
 * from the test and must have one shape). null when G ≈ F + g, when G's shape differs (the shape
 * diagnosis reports it) or when neither explanation fits (compare G with F + g for the rest);
 * "overwrites-grad" when G ≈ g; "grad-untouched" when G ≈ F (and g is not ≈ 0).
 */
export function diagnoseOverwrites(what: string, fill: Tensor, after: Tensor, grad: Tensor, threshold: number): Diagnosis | null {
  checkThreshold(threshold, "diagnoseOverwrites");
  assertSameShape(fill.shape, grad.shape, "diagnoseOverwrites", ["the fill", "the reference gradient"]);
  if (!sameShape(after.shape, fill.shape)) return null;
  const expected = fill.add(grad).data;
  if (matches(after.data, expected, threshold)) return null;
  const errorAgainstSum = relError(after.data, expected);
  if (matches(after.data, grad.data, threshold)) {
    return {
      id: "overwrites-grad",
      message:
        `${what} was overwritten: before bprop it held the test's values, and after it holds this call's gradient alone ` +
        `(relError ${formatError(relError(after.data, grad.data))} against the gradient, ${formatError(errorAgainstSum)} against before + gradient).`,
      evidence: { relErrorAgainstGradient: relError(after.data, grad.data), relErrorAgainstAccumulated: errorAgainstSum },
      hint: `add this call's gradient into ${what} entry by entry (${what}.data[i] += g.data[i]) instead of assigning it: a layer used twice must sum both gradients`,
    };
  }
  if (matches(after.data, fill.data, threshold)) {
    return {
      id: "grad-untouched",
      message: `${what} was not changed by bprop: it still holds the values it had before the call (relError ${formatError(relError(after.data, fill.data))} against them).`,
      evidence: { relErrorAgainstBefore: relError(after.data, fill.data), relErrorAgainstAccumulated: errorAgainstSum },
      hint: `bprop must add this call's gradient into ${what}; a new tensor assigned to a local variable leaves the parameter's grad as it was`,
    };
  }
  return null;
}
