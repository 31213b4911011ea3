/** Plot builders (plain plotly figures) and `show`, which displays a figure in a notebook. */
export * from "./figure";
export type { ScalarFunction2D, PlotRange, GridValues } from "./grid";
export { checkRange, linspace, evaluateGrid } from "./grid";
export * from "./curves";
export * from "./contour";
export * from "./surface";
export * from "./histograms";
export * from "./decision";
export * from "./images";
export { PLOTLY_FILE_ROUTE, PLOT_DIV_CLASS, figureHtml, newPlotId, scriptSafeJson } from "./html";
export * from "./show";
export * from "./lines";
export * from "./small_multiples";
export * from "./overlays";
export * from "./conv_windows";
export * from "./heatmaps";
