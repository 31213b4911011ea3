import { checkNumber, withDefaults } from "../util/options";
import { Figure, axisTitle, baseConfig, baseLayout } from "./figure";
import { PlotRange, ScalarFunction2D, evaluateGrid, logShift } from "./grid";

export interface SurfaceOptions {
  /** Grid points per axis at which f is evaluated. */
  resolution: number;
  /** Show log10(1 + f − min f) instead of f (as in `contourWithTrajectories`). */
  logScale: boolean;
  title: string;
}

const DEFAULTS: SurfaceOptions = { resolution: 50, logScale: false, title: "" };

/**
 * A 3-D surface of a 2-D function over `range`: one `surface` trace with
 * `z[j][i] = f([x[i], y[j]])` on a `resolution × resolution` grid, axes named w[0], w[1] and f(w).
 * Drag to rotate: seeing a saddle or a narrow valley from the side is the point of this view.
 */
export function surface(f: ScalarFunction2D, range: PlotRange, options?: Partial<SurfaceOptions>): Figure {
  const where = "surface";
  const opts = withDefaults(where, DEFAULTS, options);
  // 3-D meshes cost the browser far more than contours, hence the lower limit.
  checkNumber(where, "resolution", opts.resolution, { min: 2, max: 300, integer: true });
  const grid = evaluateGrid(f, range, opts.resolution, where);
  const z = opts.logScale ? logShift(grid.z) : grid.z;
  const zName = opts.logScale ? "log10(1 + f − min f)" : "f(w)";
  return {
    data: [
      {
        type: "surface",
        name: zName,
        x: grid.x,
        y: grid.y,
        z,
        colorscale: "Viridis",
        colorbar: { title: { text: zName, side: "right" } },
      },
    ],
    layout: baseLayout(opts.title, {
      scene: {
        xaxis: axisTitle("w[0]"),
        yaxis: axisTitle("w[1]"),
        zaxis: axisTitle(zName),
      },
      height: 550,
    }),
    config: baseConfig(),
  };
}
