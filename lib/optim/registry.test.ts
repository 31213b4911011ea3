import { adam, getRule, ruleNames, rules, sgd } from "gradlab";

describe("optimizer registry", () => {
  test("every method is registered under its name, in the lectures' order", () => {
    expect(ruleNames).toEqual(["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rprop", "adam", "adamw"]);
    for (const name of ruleNames) {
      expect(getRule(name)).toBe(rules[name as keyof typeof rules]);
      expect(getRule(name).name).toBe(name);
    }
    expect(getRule("adam")).toBe(adam);
    expect(getRule("sgd")).toBe(sgd);
  });

  test("an unknown name is an error listing the known names", () => {
    const known = '"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rprop", "adam", "adamw"';
    expect(() => getRule("adma")).toThrow(`getRule: unknown optimizer "adma"; known optimizers are ${known}`);
    expect(() => getRule("Adam")).toThrow('unknown optimizer "Adam" (did you mean "adam"?)');
    // Inherited keys of a plain object are not rules.
    expect(() => getRule("toString")).toThrow('unknown optimizer "toString"');
  });

  test("every rule's defaults pass its own validation and its state starts at zero", () => {
    for (const name of ruleNames) {
      const rule = getRule(name);
      expect(() => rule.validate({ ...rule.defaults })).not.toThrow();
      const state = rule.init(3) as Record<string, unknown>;
      for (const value of Object.values(state)) {
        if (value instanceof Float64Array) expect(Array.from(value)).toEqual([0, 0, 0]);
      }
    }
  });
});
