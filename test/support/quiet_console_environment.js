/**
 * A jest test environment (node) in which console.debug, .info, .log and .warn are held back
 * and printed only for a test that fails: @jupyterlab/services logs every WebSocket it opens
 * and every reconnect ("Starting WebSocket: ws://…", "Connection lost, reconnecting in 0
 * seconds."), hundreds of lines per run that bury the test results.
 *
 * Use it with a docblock at the top of a test file:
 *   /** @jest-environment ./test/support/quiet_console_environment.js *\/
 *
 * What is logged between one test's end and the next one's (hooks included) belongs to the
 * next test: printed if that test fails, dropped if it passes. A failing hook prints at once.
 * console.error is never held back.
 */
const { TestEnvironment } = require("jest-environment-node");

const HELD = ["debug", "info", "log", "warn"];

class QuietConsoleEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    /** @type {{ method: string, args: unknown[] }[]} */
    this.held = [];
    this.originals = {};
  }

  async setup() {
    await super.setup();
    // jest has put the test file's console on the global before setup() runs.
    const console = this.global.console;
    for (const method of HELD) {
      const original = console[method].bind(console);
      this.originals[method] = original;
      console[method] = (...args) => {
        this.held.push({ method, args });
      };
    }
  }

  /** Prints what was held back, under a heading naming the failed test or hook. */
  release(why) {
    if (this.held.length === 0) return;
    const entries = this.held;
    this.held = [];
    this.originals.log(`console output held back during ${why} (${entries.length} calls):`);
    for (const { method, args } of entries) this.originals[method](...args);
  }

  async handleTestEvent(event) {
    if (event.name === "test_done") {
      if (event.test.errors.length > 0) this.release(`the failed test "${fullName(event.test)}"`);
      else this.held = [];
    } else if (event.name === "hook_failure") {
      this.release(`the failed ${event.hook.type} hook`);
    }
  }
}

function fullName(test) {
  const names = [];
  for (let t = test; t && t.name !== "ROOT_DESCRIBE_BLOCK"; t = t.parent) names.unshift(t.name);
  return names.join(" › ");
}

module.exports = QuietConsoleEnvironment;
