/** Showing a tensor: as nested JavaScript arrays, and as the text a notebook prints. */
import { NestedArray } from "./create";
import { Shape, formatShape } from "./shape";

/** Nested arrays of a row-major buffer (a plain number for the 0-D shape []). */
export function toNested(data: Float64Array, shape: Shape): NestedArray {
  let offset = 0;
  const build = (depth: number): NestedArray => {
    if (depth === shape.length) return data[offset++];
    const out: NestedArray[] = [];
    for (let i = 0; i < shape[depth]; i++) out.push(build(depth + 1));
    return out;
  };
  return build(0);
}

/** `Tensor([[1, 2.5],\n        [3, -4]], shape=[2, 2])`; more than 1000 values print as a count. */
export function formatTensor(data: Float64Array, shape: Shape): string {
  const fmt = (v: number): string => {
    if (Number.isInteger(v)) return String(v);
    // Six significant digits without toPrecision's trailing zeros (0.5, 123.457, 1.5e-7);
    // only zeros after a decimal point are trimmed, so 100000.4 stays "100000".
    const [mantissa, exponent] = v.toPrecision(6).split("e");
    const trimmed = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
    return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
  };
  const show = (v: NestedArray, indent: number): string => {
    if (!Array.isArray(v)) return fmt(v);
    if (v.length > 0 && Array.isArray(v[0])) {
      return "[" + v.map((row, i) => (i ? " ".repeat(indent + 1) : "") + show(row, indent + 1)).join(",\n") + "]";
    }
    return "[" + v.map((x) => show(x, indent)).join(", ") + "]";
  };
  const body = data.length > 1000 ? `(${data.length} values)` : show(toNested(data, shape), 7);
  return `Tensor(${body}, shape=${formatShape(shape)})`;
}
