import * as fs from "fs";
import * as vm from "vm";
import { gunzipSync } from "zlib";
import { CARRIER_METADATA, isPlotlyCarrier, plotlyCarrierOutput } from "gradlab";

describe("the plotly.js carrier", () => {
  const { data, metadata } = plotlyCarrierOutput();
  const html = data["text/html"];

  test("carries the installed plotly.min.js, packed, byte for byte", () => {
    const packed = /unpack\("([A-Za-z0-9+/=]+)"\)/.exec(html)![1];
    const original = fs.readFileSync(require.resolve("plotly.js-dist-min"), "utf8");
    expect(gunzipSync(Buffer.from(packed, "base64")).toString("utf8")).toBe(original);
    // Packing is what keeps a notebook lean: 2.0 MB instead of 4.9 MB.
    expect(packed.length).toBeLessThan(original.length / 2);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  test("is marked in its metadata, so gradlab's own exporters can leave it out", () => {
    expect(metadata).toEqual(CARRIER_METADATA);
    expect(isPlotlyCarrier(metadata)).toBe(true);
    expect(isPlotlyCarrier({})).toBe(false);
    expect(isPlotlyCarrier(undefined)).toBe(false);
    expect(isPlotlyCarrier({ gradlab: { carries: "something else" } })).toBe(false);
  });

  test("does nothing on a page that already has plotly.js, and otherwise publishes a promise at once", () => {
    const script = /<script type="text\/javascript">([\s\S]*)<\/script>/.exec(html)![1];
    const already = { Plotly: { version: "inlined" } } as Record<string, unknown>;
    vm.runInContext(script, vm.createContext({ window: already }));
    expect(already.gradlabPlotly).toBeUndefined();
    // Without DecompressionStream the promise rejects, and the figures fall back to the server's copy.
    const bare = {} as Record<string, unknown>;
    vm.runInContext(script, vm.createContext({ window: bare, Promise }));
    expect(bare.gradlabPlotly).toBeInstanceOf(Promise);
    return expect(bare.gradlabPlotly).rejects.toThrow("no DecompressionStream");
  });
});
