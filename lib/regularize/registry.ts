import { addL1Grad, l1Penalty } from "./l1";
import { addL2Grad, l2Penalty } from "./l2";
import { Regularizer } from "./regularizer";

/** The regularizers by name: "l1" (Σ|W|) and "l2" (Σ‖W‖_F²). */
export const regularizers: Readonly<Record<RegularizerName, Regularizer>> = Object.freeze({
  l1: Object.freeze({ name: "l1", penalty: l1Penalty, addGrad: addL1Grad }),
  l2: Object.freeze({ name: "l2", penalty: l2Penalty, addGrad: addL2Grad }),
});

export type RegularizerName = "l1" | "l2";

/** A regularizer given by name ("l1", "l2") or as an object; unknown names are an error. */
export function getRegularizer(kind: string | Regularizer, where = "getRegularizer"): Regularizer {
  if (typeof kind === "object" && kind !== null && typeof kind.penalty === "function" && typeof kind.addGrad === "function") {
    return kind;
  }
  // Own keys only, so that "toString" or "constructor" are not mistaken for regularizers.
  if (typeof kind === "string" && Object.prototype.hasOwnProperty.call(regularizers, kind)) {
    return regularizers[kind as RegularizerName];
  }
  const known = Object.keys(regularizers).map((k) => `"${k}"`).join(", ");
  throw new Error(`${where}: unknown regularizer ${JSON.stringify(kind) ?? String(kind)}; known: ${known} (or pass {name, penalty, addGrad})`);
}
