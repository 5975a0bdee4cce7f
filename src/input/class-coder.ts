/**
 * Labels as the user has them -> class codes, as the rows are read.
 *
 * Each distinct label gets the next code (0, 1, ...) in the order it is
 * first seen, so a reader can store codes in its float32 label array as it
 * streams; `classIndex` (training-request.ts, model-rows.ts) then maps the
 * codes to the model's class indices. JSON labels are numbers (integers),
 * strings or booleans, all of one type; a CSV label column is numeric when
 * every field is a number (so `1` and `1.0` are one class), else text.
 */
import type { ClassValue } from "../engine/class-values";
import type { Dataset } from "../engine/dataset";
import {
  describe,
  isClassNumber,
  isDecimal,
  LABEL_RULE,
  MAX_CLASSES,
} from "./numbers";

/**
 * Labelled rows as a body gives them: `y` holds each row's code, an index
 * into `labelValues`, until the model's classes are known.
 */
export interface LabeledRows extends Dataset {
  /** The distinct labels, in the order their codes number them. */
  readonly labelValues: readonly ClassValue[];
}

/** A `TextLabelCoder`'s labels: small, JSON-able, to resume from. */
export interface LabelTexts {
  readonly texts: readonly string[];
  readonly lines: readonly number[];
}

/** Codes JSON labels: numbers, strings or booleans, one type per column. */
export class LabelCoder {
  /** The distinct labels, in the order of their codes. */
  readonly values: ClassValue[] = [];
  private readonly codes = new Map<ClassValue, number>();

  /**
   * The code of `value`, or why it cannot be a class (to follow the label's
   * path in a message).
   */
  code(raw: unknown): number | string {
    if (typeof raw === "number" && !isClassNumber(raw)) {
      const shown = Number.isFinite(raw) ? describe(raw) : String(raw);
      return `${shown}, which cannot be a class: a class is an integer, a string or a boolean`;
    }
    if (!["number", "string", "boolean"].includes(typeof raw)) {
      return `${describe(raw)}, expected ${LABEL_RULE}`;
    }
    // -0 is the class 0.
    const value = raw === 0 ? 0 : (raw as ClassValue);
    const first = this.values[0];
    if (first !== undefined && typeof first !== typeof value) {
      return `${describe(value)}, and the labels before it are ${typeof first}s: labels are all of one type`;
    }
    let code = this.codes.get(value);
    if (code === undefined) {
      if (this.values.length === MAX_CLASSES) {
        return `${describe(value)}, a class beyond the first ${MAX_CLASSES}: a model has at most ${MAX_CLASSES} classes`;
      }
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }
}

/**
 * Codes the fields of a CSV label column, kept as text until the whole
 * column is read: numbers if every field is one, else strings.
 */
export class TextLabelCoder {
  private readonly codes = new Map<string, number>();
  private readonly texts: string[] = [];
  private readonly lines: number[] = [];

  /**
   * A coder that goes on from `state` (`state()` of another), so a CSV read
   * in parts codes its labels as one read whole would.
   */
  static from(state: LabelTexts): TextLabelCoder {
    const coder = new TextLabelCoder();
    state.texts.forEach((text, k) => coder.code(text, state.lines[k]));
    return coder;
  }

  /** The distinct label texts so far, in code order, and the line each was first on. */
  state(): LabelTexts {
    return { texts: [...this.texts], lines: [...this.lines] };
  }

  /**
   * The provisional code of `text`, a field on line `line`, or why it
   * cannot be one.
   */
  code(text: string, line: number): number | string {
    let code = this.codes.get(text);
    if (code === undefined) {
      // The same number may be written many ways (1, 1.0, 1e0): allow room.
      if (this.texts.length === 10 * MAX_CLASSES) {
        return `has label ${describe(text)}, one of more than ${10 * MAX_CLASSES} different labels: a model has at most ${MAX_CLASSES} classes`;
      }
      code = this.texts.length;
      this.codes.set(text, code);
      this.texts.push(text);
      this.lines.push(line);
    }
    return code;
  }

  /**
   * The column's classes, in the order of the provisional codes, and for
   * each provisional code its index among them; or why they cannot be
   * classes (naming a line).
   */
  classes(): { values: ClassValue[]; codes: Int32Array } | string {
    const numeric = this.texts.every(isDecimal);
    const values: ClassValue[] = [];
    const codes = new Int32Array(this.texts.length);
    const seen = new Map<ClassValue, number>();
    for (let k = 0; k < this.texts.length; k++) {
      const text = this.texts[k];
      // -0 is the class 0.
      const value = numeric ? Number(text) + 0 : text;
      if (numeric && !isClassNumber(value as number)) {
        return `line ${this.lines[k]} has label ${describe(text)}, which cannot be a class: numeric labels are integers`;
      }
      let code = seen.get(value);
      if (code === undefined) {
        code = values.length;
        seen.set(value, code);
        values.push(value);
      }
      codes[k] = code;
    }
    if (values.length > MAX_CLASSES) {
      return `the labels have ${values.length} classes, a model has at most ${MAX_CLASSES}`;
    }
    return { values, codes };
  }
}
