/**
 * A template's WXS modules as the system UI draws with them: each module's top level runs once
 * per drawn template (page or component instance), lazily, and its exports are what the
 * template's expressions call. Every module of one page shares one step budget per second, so
 * a page of many components cannot multiply it (ADR 0009).
 */
import { Budget, Interpreter, WXS_STEPS_PER_SECOND, WxsRuntimeError } from './interpret.js';
import type { Node } from './parse.js';

/** One page's WXS budget: a fresh allowance every second. */
export class WxsBudget {
  private start = Number.NEGATIVE_INFINITY;
  private current = new Budget(WXS_STEPS_PER_SECOND);
  constructor(private readonly clock: () => number) {}
  get(): Budget {
    const now = this.clock();
    if (now - this.start >= 1000) {
      this.start = now;
      this.current = new Budget(WXS_STEPS_PER_SECOND);
    }
    return this.current;
  }
}

export class WxsHost {
  private readonly loaded = new Map<string, unknown>();
  private readonly interpreter: Interpreter;

  constructor(
    private readonly modules: Readonly<Record<string, readonly Node[]>>,
    private readonly budget: WxsBudget,
    private readonly onError: (message: string) => void,
  ) {
    this.interpreter = new Interpreter(
      (key) => this.load(key),
      () => budget.get(),
      (error) => onError(error.message),
    );
  }

  private load(key: string): unknown {
    if (this.loaded.has(key)) return this.loaded.get(key);
    const program = Object.hasOwn(this.modules, key) ? this.modules[key] : undefined;
    if (!program) throw new WxsRuntimeError(`no module ${key}`);
    // Set before running, so a module that requires itself back gets its (partial) exports.
    this.loaded.set(key, {});
    const exports = this.interpreter.runModule(program, this.budget.get());
    this.loaded.set(key, exports);
    return exports;
  }

  /** The template's module names bound to their exports (a module that fails to run is empty). */
  scope(names: Readonly<Record<string, string>>): Record<string, unknown> {
    const scope: Record<string, unknown> = {};
    for (const [name, key] of Object.entries(names)) {
      try {
        scope[name] = this.load(key);
      } catch (error) {
        if (!(error instanceof WxsRuntimeError)) throw error;
        this.onError(`${key}: ${error.message}`);
        scope[name] = {};
      }
    }
    return scope;
  }
}
