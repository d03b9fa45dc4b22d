/**
 * Runs WXS/SJS modules (parse.ts) for the system UI's template drawing, as data walked by this
 * interpreter: no app code is ever handed to the JavaScript engine (ADR 0009). What a module can
 * reach is what it is given: the template's arguments (copied in), its own values and a fixed
 * set of built-ins (Math, JSON, Number, String, parseInt…, getDate, getRegExp, and the ES5
 * methods of strings, arrays and numbers). No prototype is reachable. Every step is counted
 * against a budget shared by one page's drawing, and sizes are bounded, so a module that loops
 * or grows without end stops the app rather than the screen.
 */
import type { BinaryOperator } from '../template/operators.js';
import { applyOperator } from '../template/operators.js';
import type { Node } from './parse.js';

const SHARED_OPERATORS: ReadonlySet<string> = new Set(['+', '-', '*', '/', '%', '<', '>', '<=', '>=']);

/** Steps (nodes evaluated) all the WXS of one page may take in any one second of drawing. */
export const WXS_STEPS_PER_SECOND = 200_000;
/** Nested WXS calls. */
export const MAX_WXS_DEPTH = 100;
const MAX_ARRAY = 100_000;
const MAX_STRING = 1024 * 1024;
const MAX_REGEX_INPUT = 10_000;
const BLOCKED = new Set(['__proto__', 'constructor', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

/** The module ran over its budget (steps, depth, size): the app is stopped. */
export class WxsBudgetError extends Error {
  override name = 'WxsBudgetError';
}

/** A WXS error at run time, as JavaScript would throw (a TypeError): the expression draws nothing. */
export class WxsRuntimeError extends Error {
  override name = 'WxsRuntimeError';
}

export class WxsFunction {
  constructor(
    readonly name: string | null,
    readonly parameters: readonly string[],
    readonly body: readonly Node[],
    readonly closure: Env,
    private readonly interpreter: Interpreter,
  ) {}

  /** A call from a template expression: copies in, data out; a runtime error draws nothing. */
  fromTemplate(args: readonly unknown[]): unknown {
    return this.interpreter.fromTemplate(this, args);
  }
}

class Native {
  constructor(readonly call: (args: unknown[], self: unknown, budget: Budget, interpreter: Interpreter) => unknown) {}
}

class WxsRegExp {
  constructor(readonly pattern: RegExp) {}
}

class WxsDate {
  constructor(readonly time: number) {}
}

export class Budget {
  steps = 0;
  depth = 0;
  constructor(readonly limit: number = WXS_STEPS_PER_SECOND) {}
  step(count = 1): void {
    this.steps += count;
    if (this.steps > this.limit) throw new WxsBudgetError(`its WXS ran more than ${this.limit} steps in one second of drawing (a loop?)`);
  }
}

class Env {
  private readonly vars = new Map<string, unknown>();
  constructor(readonly parent: Env | null) {}
  declare(name: string, value: unknown): void {
    this.vars.set(name, value);
  }
  find(name: string): Env | null {
    if (this.vars.has(name)) return this;
    return this.parent ? this.parent.find(name) : null;
  }

  /** The module's own scope (below the built-ins), where an undeclared name is set. */
  private moduleScope(): Env {
    return this.parent?.parent ? this.parent.moduleScope() : this;
  }
  get(name: string): unknown {
    const env = this.find(name);
    if (!env) throw new WxsRuntimeError(`${name} is not defined`);
    return env.vars.get(name);
  }
  set(name: string, value: unknown): void {
    // An undeclared name is a module-level variable (sloppy JavaScript would make it global).
    (this.find(name) ?? this.moduleScope()).vars.set(name, value);
  }
}

type Completion = undefined | 'break' | 'continue' | { readonly value: unknown };

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof WxsFunction) && !(value instanceof Native) && !(value instanceof WxsRegExp) && !(value instanceof WxsDate);

function checkString(value: string): string {
  if (value.length > MAX_STRING) throw new WxsBudgetError(`its WXS made a string of more than ${MAX_STRING} characters`);
  return value;
}

function toPrimitive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === null || item === undefined ? '' : String(toPrimitive(item)))).join(',');
  if (value instanceof WxsFunction || value instanceof Native) return 'function';
  if (value instanceof WxsDate) return new Date(value.time).toString();
  if (value instanceof WxsRegExp) return String(value.pattern);
  if (value !== null && typeof value === 'object') return '[object Object]';
  return value;
}

const text = (value: unknown): string => String(toPrimitive(value));

/** A copy of template data for a module (so it can never change the page's data), counted against the budget. */
export function copyIn(value: unknown, budget: Budget, depth = 0): unknown {
  budget.step();
  if (depth > 48) throw new WxsBudgetError('data nested more than 48 deep was passed to WXS');
  if (Array.isArray(value)) return value.map((item) => copyIn(item, budget, depth + 1));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (!BLOCKED.has(key)) copy[key] = copyIn(item, budget, depth + 1);
    return copy;
  }
  return value;
}

/** What a module gives back to the template: data only (functions and built-ins become undefined). */
export function copyOut(value: unknown, depth = 0): unknown {
  if (depth > 48) return undefined;
  if (Array.isArray(value)) return value.map((item) => copyOut(item, depth + 1));
  if (value instanceof WxsDate) return value.time;
  if (value instanceof WxsFunction || value instanceof Native || value instanceof WxsRegExp) return undefined;
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyOut(item, depth + 1)]));
  return value;
}

function safeRegExp(pattern: unknown, flags: unknown): WxsRegExp {
  const source = String(pattern ?? '');
  const options = String(flags ?? '');
  if (source.length > 200) throw new WxsRuntimeError('getRegExp: a pattern of more than 200 characters');
  if (!/^[gimsu]*$/.test(options)) throw new WxsRuntimeError(`getRegExp: flags ${options}`);
  // Patterns that can take exponential time are refused: a quantified group that holds a
  // quantifier, and back-references.
  if (/\\[1-9]/.test(source) || /\((?:[^()]*[*+?}][^()]*)\)\s*[*+{]/.test(source)) throw new WxsRuntimeError(`getRegExp: the pattern ${source} could take exponential time`);
  try {
    return new WxsRegExp(new RegExp(source, options));
  } catch (error) {
    throw new WxsRuntimeError(`getRegExp: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function regexInput(value: string): string {
  if (value.length > MAX_REGEX_INPUT) throw new WxsRuntimeError(`a regular expression on a string of more than ${MAX_REGEX_INPUT} characters`);
  return value;
}

export class Interpreter {
  private readonly globals = new Env(null);

  constructor(
    private readonly requireModule: (path: string) => unknown,
    /** The budget in force (the host's: steps per second of one page's drawing). */
    private readonly budget: () => Budget = () => new Budget(),
    /** Told of a runtime error in a call from a template (the expression then draws nothing). */
    private readonly onError: (error: WxsRuntimeError) => void = () => undefined,
  ) {
    const native = (call: (args: unknown[], self: unknown, budget: Budget, interpreter: Interpreter) => unknown): Native => new Native(call);
    const number = (value: unknown): number => Number(toPrimitive(value));
    const math = Object.fromEntries(
      (['abs', 'acos', 'asin', 'atan', 'atan2', 'ceil', 'cos', 'exp', 'floor', 'log', 'max', 'min', 'pow', 'random', 'round', 'sin', 'sqrt', 'tan'] as const).map((name) => [
        name,
        native((args) => (Math[name] as (...values: number[]) => number)(...args.slice(0, 64).map(number))),
      ]),
    );
    const globals: Record<string, unknown> = {
      Math: { ...math, PI: Math.PI, E: Math.E, LN2: Math.LN2, LN10: Math.LN10, LOG2E: Math.LOG2E, LOG10E: Math.LOG10E, SQRT2: Math.SQRT2, SQRT1_2: Math.SQRT1_2 },
      JSON: {
        stringify: native((args) => {
          const result = JSON.stringify(copyOut(args[0]));
          return result === undefined ? undefined : checkString(result);
        }),
        parse: native((args) => JSON.parse(checkString(text(args[0])), (key, value: unknown) => (BLOCKED.has(key) ? undefined : value))),
      },
      Number: Object.assign({}, { MAX_VALUE: Number.MAX_VALUE, MIN_VALUE: Number.MIN_VALUE, POSITIVE_INFINITY: Infinity, NEGATIVE_INFINITY: -Infinity }),
      parseInt: native((args) => parseInt(text(args[0]), args[1] === undefined ? undefined : number(args[1]))),
      parseFloat: native((args) => parseFloat(text(args[0]))),
      isNaN: native((args) => Number.isNaN(number(args[0]))),
      isFinite: native((args) => Number.isFinite(number(args[0]))),
      getDate: native((args) => {
        if (args.length === 0) return new WxsDate(Date.now());
        if (args.length === 1) return new WxsDate(new Date(typeof args[0] === 'number' ? args[0] : text(args[0])).getTime());
        const parts = args.slice(0, 7).map(number) as [number, number, ...number[]];
        return new WxsDate(new Date(...parts).getTime());
      }),
      getRegExp: native((args) => safeRegExp(args[0], args[1])),
      console: { log: native(() => undefined), warn: native(() => undefined), error: native(() => undefined), info: native(() => undefined) },
    };
    // Number(x) and String(x) convert; Number.MAX_VALUE and the like are read from the object.
    this.globals.declare('Number', Object.assign(native((args) => number(args[0])), globals['Number'] as object));
    this.globals.declare('String', native((args) => (args.length === 0 ? '' : text(args[0]))));
    this.globals.declare('Boolean', native((args) => Boolean(args[0])));
    for (const [name, value] of Object.entries(globals)) if (name !== 'Number') this.globals.declare(name, value);
  }

  /** Runs a module's top level; gives back its module.exports. */
  runModule(program: readonly Node[], budget: Budget): unknown {
    const env = new Env(this.globals);
    const module: Record<string, unknown> = { exports: {} };
    env.declare('module', module);
    env.declare('require', new Native((args) => this.requireModule(text(args[0]))));
    this.hoist(program, env);
    for (const statement of program) {
      const completion = this.exec(statement, env, budget);
      if (completion !== undefined) break;
    }
    return module['exports'];
  }

  fromTemplate(callee: WxsFunction, args: readonly unknown[]): unknown {
    const budget = this.budget();
    try {
      return copyOut(this.call(callee, args.map((argument) => copyIn(argument, budget)), undefined, budget));
    } catch (error) {
      if (error instanceof WxsRuntimeError) {
        this.onError(error);
        return undefined;
      }
      throw error;
    }
  }

  /** Calls a module's function (from a template, with copied arguments, or from WXS). */
  call(callee: unknown, args: unknown[], self: unknown, budget: Budget): unknown {
    if (callee instanceof Native) return callee.call(args, self, budget, this);
    if (!(callee instanceof WxsFunction)) throw new WxsRuntimeError(`${text(callee).slice(0, 40)} is not a function`);
    budget.depth += 1;
    try {
      if (budget.depth > MAX_WXS_DEPTH) throw new WxsBudgetError(`its WXS calls nested more than ${MAX_WXS_DEPTH} deep (endless recursion?)`);
      const env = new Env(callee.closure);
      callee.parameters.forEach((parameter, index) => env.declare(parameter, args[index]));
      env.declare('arguments', args.slice());
      if (callee.name !== null && env.find(callee.name) === null) env.declare(callee.name, callee);
      this.hoist(callee.body, env);
      for (const statement of callee.body) {
        const completion = this.exec(statement, env, budget);
        if (completion !== undefined && typeof completion === 'object') return completion.value;
      }
      return undefined;
    } finally {
      budget.depth -= 1;
    }
  }

  /** `var` names and function declarations of a body, before it runs (not inside nested functions). */
  private hoist(body: readonly Node[], env: Env): void {
    const visit = (node: Node): void => {
      switch (node[0]) {
        case 'var':
          for (const [name] of node[1]) if (env.find(name) !== env) env.declare(name, undefined);
          return;
        case 'fundecl':
          env.declare(node[1], this.closure(node[2], env));
          return;
        case 'if':
          visit(node[2]);
          if (node[3]) visit(node[3]);
          return;
        case 'for':
          if (node[1]) visit(node[1]);
          visit(node[4]);
          return;
        case 'forin':
          if (node[2] && env.find(node[1]) !== env) env.declare(node[1], undefined);
          visit(node[4]);
          return;
        case 'while':
          visit(node[2]);
          return;
        case 'do':
          visit(node[1]);
          return;
        case 'block':
          node[1].forEach(visit);
          return;
        case 'switch':
          for (const [, statements] of node[2]) statements.forEach(visit);
          return;
        default:
          return;
      }
    };
    body.forEach(visit);
  }

  private closure(node: Node, env: Env): WxsFunction {
    if (node[0] !== 'fn') throw new WxsRuntimeError('not a function');
    return new WxsFunction(node[1], node[2], node[3], env, this);
  }

  private exec(node: Node, env: Env, budget: Budget): Completion {
    budget.step();
    switch (node[0]) {
      case 'var':
        for (const [name, init] of node[1]) if (init !== null) env.set(name, this.eval(init, env, budget));
        return undefined;
      case 'fundecl':
      case 'empty':
        return undefined;
      case 'expr':
        this.eval(node[1], env, budget);
        return undefined;
      case 'ret':
        return { value: node[1] === null ? undefined : this.eval(node[1], env, budget) };
      case 'break':
      case 'continue':
        return node[0];
      case 'block':
        for (const statement of node[1]) {
          const completion = this.exec(statement, env, budget);
          if (completion !== undefined) return completion;
        }
        return undefined;
      case 'if':
        if (this.eval(node[1], env, budget)) return this.exec(node[2], env, budget);
        return node[3] ? this.exec(node[3], env, budget) : undefined;
      case 'while':
        while (this.eval(node[1], env, budget)) {
          const completion = this.exec(node[2], env, budget);
          if (completion === 'break') break;
          if (typeof completion === 'object') return completion;
        }
        return undefined;
      case 'do':
        do {
          const completion = this.exec(node[1], env, budget);
          if (completion === 'break') break;
          if (typeof completion === 'object') return completion;
        } while (this.eval(node[2], env, budget));
        return undefined;
      case 'for':
        if (node[1]) this.exec(node[1], env, budget);
        while (node[2] === null || this.eval(node[2], env, budget)) {
          const completion = this.exec(node[4], env, budget);
          if (completion === 'break') break;
          if (typeof completion === 'object') return completion;
          if (node[3]) this.eval(node[3], env, budget);
        }
        return undefined;
      case 'forin': {
        const object = this.eval(node[3], env, budget);
        const keys = Array.isArray(object) ? object.map((_, index) => String(index)) : isObject(object) ? Object.keys(object) : [];
        for (const key of keys) {
          env.set(node[1], key);
          const completion = this.exec(node[4], env, budget);
          if (completion === 'break') break;
          if (typeof completion === 'object') return completion;
        }
        return undefined;
      }
      case 'switch': {
        const subject = this.eval(node[1], env, budget);
        let matched = false;
        for (const pass of [false, true]) {
          for (const [test, statements] of node[2]) {
            if (!matched) matched = pass ? test === null : test !== null && this.eval(test, env, budget) === subject;
            if (!matched) continue;
            for (const statement of statements) {
              const completion = this.exec(statement, env, budget);
              if (completion === 'break') return undefined;
              if (completion !== undefined) return completion;
            }
          }
          if (matched) return undefined;
        }
        return undefined;
      }
      default:
        this.eval(node, env, budget);
        return undefined;
    }
  }

  private eval(node: Node, env: Env, budget: Budget): unknown {
    budget.step();
    switch (node[0]) {
      case 'num':
      case 'str':
      case 'bool':
        return node[1];
      case 'null':
        return null;
      case 'undef':
        return undefined;
      case 'id':
        return env.get(node[1]);
      case 'arr': {
        if (node[1].length > MAX_ARRAY) throw new WxsBudgetError('an array literal too long');
        return node[1].map((item) => this.eval(item, env, budget));
      }
      case 'obj': {
        const object: Record<string, unknown> = {};
        for (const [key, value] of node[1]) {
          if (BLOCKED.has(key)) throw new WxsRuntimeError(`the property name ${key} is not allowed`);
          object[key] = this.eval(value, env, budget);
        }
        return object;
      }
      case 'fn':
        return this.closure(node, env);
      case 'get':
        return this.member(this.eval(node[1], env, budget), this.eval(node[2], env, budget));
      case 'call': {
        const [, calleeNode, argumentNodes] = node;
        let self: unknown;
        let callee: unknown;
        if (calleeNode[0] === 'get') {
          self = this.eval(calleeNode[1], env, budget);
          callee = this.member(self, this.eval(calleeNode[2], env, budget));
        } else callee = this.eval(calleeNode, env, budget);
        const args = argumentNodes.map((argument) => this.eval(argument, env, budget));
        return this.call(callee, args, self, budget);
      }
      case 'un': {
        if (node[1] === 'typeof') {
          if (node[2][0] === 'id' && env.find(node[2][1]) === null) return 'undefined';
          const value = this.eval(node[2], env, budget);
          return value instanceof WxsFunction || value instanceof Native ? 'function' : value instanceof WxsDate || value instanceof WxsRegExp ? 'object' : typeof value;
        }
        if (node[1] === 'delete') {
          const target = node[2];
          if (target[0] !== 'get') return true;
          const object = this.eval(target[1], env, budget);
          const key = text(this.eval(target[2], env, budget));
          if ((isObject(object) || Array.isArray(object)) && !BLOCKED.has(key)) delete (object as Record<string, unknown>)[key];
          return true;
        }
        const value = toPrimitive(this.eval(node[2], env, budget));
        switch (node[1]) {
          case '!':
            return !value;
          case '-':
            return -(value as number);
          case '+':
            return +(value as number);
          case '~':
            return ~(value as number);
          default:
            return undefined;
        }
      }
      case 'upd': {
        const [, operator, prefix, target] = node;
        const old = Number(toPrimitive(this.eval(target, env, budget)));
        const value = operator === '++' ? old + 1 : old - 1;
        this.assign(target, value, env, budget);
        return prefix ? value : old;
      }
      case 'and':
        return this.eval(node[1], env, budget) && this.eval(node[2], env, budget);
      case 'or':
        return this.eval(node[1], env, budget) || this.eval(node[2], env, budget);
      case 'cond':
        return this.eval(node[1], env, budget) ? this.eval(node[2], env, budget) : this.eval(node[3], env, budget);
      case 'bin':
        return this.binary(node[1], this.eval(node[2], env, budget), this.eval(node[3], env, budget));
      case 'set': {
        const [, operator, target, valueNode] = node;
        const value = operator === '=' ? this.eval(valueNode, env, budget) : this.binary(operator.slice(0, -1), this.eval(target, env, budget), this.eval(valueNode, env, budget));
        this.assign(target, value, env, budget);
        return value;
      }
      case 'seq': {
        let last: unknown;
        for (const item of node[1]) last = this.eval(item, env, budget);
        return last;
      }
      default:
        throw new WxsRuntimeError(`${node[0]} is not an expression`);
    }
  }

  private binary(operator: string, left: unknown, right: unknown): unknown {
    if (operator === '===') return left === right;
    if (operator === '!==') return left !== right;
    if (operator === '==' || operator === '!=') {
      // Two objects are equal only as the same object; otherwise loose equality on their primitive values.
      const bothObjects = left !== null && right !== null && typeof left === 'object' && typeof right === 'object';
      const equal = bothObjects ? left === right : applyOperator('==', toPrimitive(left), toPrimitive(right));
      return operator === '==' ? equal : !equal;
    }
    if (operator === 'in') return (isObject(right) || Array.isArray(right)) && Object.hasOwn(right, text(left));
    const a = toPrimitive(left) as number;
    const b = toPrimitive(right) as number;
    switch (operator) {
      case '&':
        return a & b;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '<<':
        return a << b;
      case '>>':
        return a >> b;
      case '>>>':
        return a >>> b;
      default: {
        if (!SHARED_OPERATORS.has(operator)) throw new WxsRuntimeError(`the operator ${operator}`);
        // The templates' own arithmetic and comparisons (one meaning for both); strings stay bounded.
        const result = applyOperator(operator as Exclude<BinaryOperator, '&&' | '||'>, a, b);
        return typeof result === 'string' ? checkString(result) : result;
      }
    }
  }

  private assign(target: Node, value: unknown, env: Env, budget: Budget): void {
    if (target[0] === 'id') {
      env.set(target[1], value);
      return;
    }
    if (target[0] !== 'get') throw new WxsRuntimeError('not assignable');
    const object = this.eval(target[1], env, budget);
    const key = this.eval(target[2], env, budget);
    const name = text(key);
    if (BLOCKED.has(name)) throw new WxsRuntimeError(`the property name ${name} is not allowed`);
    if (Array.isArray(object)) {
      if (name === 'length') {
        const length = Number(value);
        if (!(length >= 0 && length <= MAX_ARRAY)) throw new WxsBudgetError(`an array of more than ${MAX_ARRAY} items`);
        object.length = length;
        return;
      }
      const index = Number(name);
      if (!Number.isInteger(index) || index < 0) throw new WxsRuntimeError(`an array index ${name.slice(0, 20)}`);
      if (index >= MAX_ARRAY) throw new WxsBudgetError(`an array of more than ${MAX_ARRAY} items`);
      budget.step(Math.max(0, index - object.length));
      object[index] = value;
      return;
    }
    if (isObject(object)) {
      object[name] = value;
      return;
    }
    throw new WxsRuntimeError(`cannot set ${name.slice(0, 40)} of ${object === null ? 'null' : typeof object}`);
  }

  private member(object: unknown, key: unknown): unknown {
    if (object === null || object === undefined) throw new WxsRuntimeError(`cannot read ${text(key).slice(0, 40)} of ${String(object)}`);
    const name = text(key);
    if (BLOCKED.has(name)) return undefined;
    if (typeof object === 'string') return name === 'length' ? object.length : /^\d+$/.test(name) ? object[Number(name)] : STRING_METHODS[name];
    if (typeof object === 'number') return NUMBER_METHODS[name];
    if (Array.isArray(object)) {
      if (name === 'length') return object.length;
      if (/^\d+$/.test(name)) return object[Number(name)];
      return ARRAY_METHODS[name];
    }
    if (object instanceof WxsDate) return DATE_METHODS[name];
    if (object instanceof WxsRegExp) return name === 'source' ? object.pattern.source : name === 'global' ? object.pattern.global : name === 'lastIndex' ? object.pattern.lastIndex : REGEXP_METHODS[name];
    if (object instanceof Native) return Object.hasOwn(object, name) ? (object as unknown as Record<string, unknown>)[name] : undefined;
    if (isObject(object)) return Object.hasOwn(object, name) ? object[name] : undefined;
    return undefined;
  }
}

// The ES5 methods a module may call, each checked for what it makes.
/** The methods get what a callback needs: the budget and the interpreter running them. */
interface Run {
  readonly budget: Budget;
  readonly interpreter: Interpreter;
}
const method = (call: (self: unknown, args: unknown[], run: Run) => unknown) => new Native((args, self, budget, interpreter) => call(self, args, { budget, interpreter }));
const str = (self: unknown): string => String(self);
const int = (value: unknown, fallback: number): number => (value === undefined ? fallback : Number(value));
/** Runs a callback (a WXS function) for a string or array method. */
const callback = (fn: unknown, run: Run, ...args: unknown[]): unknown => run.interpreter.call(fn, args, undefined, run.budget);

const STRING_METHODS: Readonly<Record<string, Native>> = {
  charAt: method((self, [index]) => str(self).charAt(int(index, 0))),
  charCodeAt: method((self, [index]) => str(self).charCodeAt(int(index, 0))),
  indexOf: method((self, [search, from]) => str(self).indexOf(text(search), int(from, 0))),
  lastIndexOf: method((self, [search]) => str(self).lastIndexOf(text(search))),
  slice: method((self, [start, end]) => str(self).slice(int(start, 0), end === undefined ? undefined : Number(end))),
  substring: method((self, [start, end]) => str(self).substring(int(start, 0), end === undefined ? undefined : Number(end))),
  substr: method((self, [start, length]) => str(self).substr(int(start, 0), length === undefined ? undefined : Number(length))),
  toUpperCase: method((self) => str(self).toUpperCase()),
  toLowerCase: method((self) => str(self).toLowerCase()),
  trim: method((self) => str(self).trim()),
  concat: method((self, args) => checkString(str(self).concat(...args.map(text)))),
  toString: method((self) => str(self)),
  split: method((self, [separator, limit]) => {
    const parts = separator instanceof WxsRegExp ? regexInput(str(self)).split(separator.pattern, limit === undefined ? undefined : Number(limit)) : str(self).split(separator === undefined ? (undefined as unknown as string) : text(separator), limit === undefined ? undefined : Number(limit));
    if (parts.length > MAX_ARRAY) throw new WxsBudgetError(`an array of more than ${MAX_ARRAY} items`);
    return parts;
  }),
  replace: method((self, [pattern, replacement], run) => {
    const replaceWith = replacement instanceof WxsFunction ? (...match: unknown[]) => text(callback(replacement, run, ...match)) : text(replacement);
    const source = pattern instanceof WxsRegExp ? regexInput(str(self)) : str(self);
    return checkString(source.replace(pattern instanceof WxsRegExp ? pattern.pattern : text(pattern), replaceWith as string));
  }),
  match: method((self, [pattern]) => (pattern instanceof WxsRegExp ? regexInput(str(self)).match(pattern.pattern) : str(self).match(text(pattern).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))),
  search: method((self, [pattern]) => (pattern instanceof WxsRegExp ? regexInput(str(self)).search(pattern.pattern) : str(self).indexOf(text(pattern)))),
};

const NUMBER_METHODS: Readonly<Record<string, Native>> = {
  toFixed: method((self, [digits]) => Number(self).toFixed(Math.min(Math.max(int(digits, 0), 0), 20))),
  toString: method((self, [radix]) => Number(self).toString(Math.min(Math.max(int(radix, 10), 2), 36))),
  toPrecision: method((self, [digits]) => (digits === undefined ? String(self) : Number(self).toPrecision(Math.min(Math.max(Number(digits), 1), 21)))),
};

const grow = (array: unknown[], more: number): void => {
  if (array.length + more > MAX_ARRAY) throw new WxsBudgetError(`an array of more than ${MAX_ARRAY} items`);
};
const ARRAY_METHODS: Readonly<Record<string, Native>> = {
  push: method((self, args) => (grow(self as unknown[], args.length), (self as unknown[]).push(...args))),
  pop: method((self) => (self as unknown[]).pop()),
  shift: method((self) => (self as unknown[]).shift()),
  unshift: method((self, args) => (grow(self as unknown[], args.length), (self as unknown[]).unshift(...args))),
  splice: method((self, [start, count, ...items]) => (grow(self as unknown[], items.length), (self as unknown[]).splice(int(start, 0), count === undefined ? Infinity : Number(count), ...items))),
  slice: method((self, [start, end]) => (self as unknown[]).slice(int(start, 0), end === undefined ? undefined : Number(end))),
  concat: method((self, args) => {
    const result = (self as unknown[]).concat(...args);
    grow(result, 0);
    return result;
  }),
  join: method((self, [separator]) => checkString((self as unknown[]).map((item) => (item === null || item === undefined ? '' : text(item))).join(separator === undefined ? ',' : text(separator)))),
  reverse: method((self) => (self as unknown[]).reverse()),
  indexOf: method((self, [search, from]) => (self as unknown[]).indexOf(search, int(from, 0))),
  lastIndexOf: method((self, [search]) => (self as unknown[]).lastIndexOf(search)),
  toString: method((self) => text(self)),
  sort: method((self, [compare], run) => {
    run.budget.step((self as unknown[]).length);
    return (self as unknown[]).sort(compare === undefined ? (a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0) : (a, b) => Number(callback(compare, run, a, b)));
  }),
  forEach: method((self, [fn], run) => void (self as unknown[]).slice().forEach((item, index) => callback(fn, run, item, index, self))),
  map: method((self, [fn], run) => (self as unknown[]).slice().map((item, index) => callback(fn, run, item, index, self))),
  filter: method((self, [fn], run) => (self as unknown[]).slice().filter((item, index) => callback(fn, run, item, index, self))),
  some: method((self, [fn], run) => (self as unknown[]).slice().some((item, index) => callback(fn, run, item, index, self))),
  every: method((self, [fn], run) => (self as unknown[]).slice().every((item, index) => callback(fn, run, item, index, self))),
  reduce: method((self, args, run) => {
    const items = (self as unknown[]).slice();
    let index = 0;
    let total = args.length > 1 ? args[1] : items[index++];
    for (; index < items.length; index += 1) total = callback(args[0], run, total, items[index], index, self);
    return total;
  }),
};

const DATE_METHODS: Readonly<Record<string, Native>> = Object.fromEntries(
  (['getTime', 'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds', 'getTimezoneOffset', 'toISOString', 'toString', 'toDateString', 'toTimeString'] as const).map((name) => [
    name,
    method((self) => (new Date((self as WxsDate).time)[name] as () => unknown).call(new Date((self as WxsDate).time))),
  ]),
);

const REGEXP_METHODS: Readonly<Record<string, Native>> = {
  test: method((self, [input]) => (self as WxsRegExp).pattern.test(regexInput(text(input)))),
  exec: method((self, [input]) => (self as WxsRegExp).pattern.exec(regexInput(text(input)))),
};
