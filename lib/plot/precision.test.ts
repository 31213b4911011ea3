import { Figure, roundFigureData, roundToDigits } from "gradlab";

describe("display precision", () => {
  test("six significant digits by default; integers and non-finite values unchanged", () => {
    expect(roundToDigits(Math.PI)).toBe(3.14159);
    expect(roundToDigits(-2 / 3)).toBe(-0.666667);
    expect(roundToDigits(1.23456789e-12)).toBe(1.23457e-12);
    expect(roundToDigits(98765.4321)).toBe(98765.4);
    expect(roundToDigits(123456789)).toBe(123456789); // an integer (a step count) stays exact
    expect(roundToDigits(Infinity)).toBe(Infinity);
    expect(roundToDigits(0.1 + 0.2, 3)).toBe(0.3);
  });

  test("every number in the traces is rounded, nested arrays included; the layout and the input are left as they are", () => {
    const fig: Figure = {
      data: [{ type: "contour", x: [0.123456789], z: [[1 / 7, null], [2, 1 / 9]], marker: { size: 6.66666666 }, name: "a" }],
      layout: { xaxis: { range: [0.123456789, 1] } },
    };
    const shown = roundFigureData(fig);
    expect(shown.data[0]).toEqual({ type: "contour", x: [0.123457], z: [[0.142857, null], [2, 0.111111]], marker: { size: 6.66667 }, name: "a" });
    expect(shown.layout).toBe(fig.layout);
    expect(fig.data[0].x).toEqual([0.123456789]);
    expect(() => roundFigureData(fig, 0)).toThrow("roundFigureData: digits must be an integer from 1 to 17, got 0");
  });
});
