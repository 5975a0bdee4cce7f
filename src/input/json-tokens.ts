/**
 * A streaming JSON tokenizer: text pushed a chunk at a time -> events in
 * document order. It accepts exactly what JSON.parse accepts (RFC 8259) and
 * refuses the rest with a MalformedBodyError.
 *
 * A chunk boundary may cut a string, a number or a literal anywhere, so the
 * tokenizer keeps its place in `state` between chunks. Nesting is kept on an
 * explicit stack, one byte per open container, so no depth of input can
 * overflow the call stack.
 */
import { quote, readDecimal, scanDecimal, type ScannedNumber } from "./numbers";
import { JsonStringReader, syntaxError } from "./json-string";

/** What the tokenizer reports, in document order. */
export interface JsonEvents {
  /** `[` (array) or `{` opens a value at `offset` in the text. */
  open(array: boolean, offset: number): void;
  /** The innermost open value closes; `offset` is just after its closer. */
  close(array: boolean, offset: number): void;
  /** An object member's key, escapes decoded. */
  key(name: string): void;
  /** A number: what JSON.parse gives for it (Infinity beyond double range). */
  number(value: number): void;
  /** A string (escapes decoded), true, false or null. */
  scalar(value: string | boolean | null): void;
}

// Where the tokenizer is between two characters.
const VALUE = 0; // a value must come: at the start, after ":", after "," in an array
const FIRST_ITEM = 1; // after "[": a value or "]"
const FIRST_KEY = 2; // after "{": a key or "}"
const KEY = 3; // after "," in an object: a key
const COLON = 4; // after a key
const NEXT = 5; // after a value inside a container: "," or its closer
const END = 6; // after the whole value: only white space
const STRING = 7; // inside a string (a key when `inKey`)
const NUMBER = 8; // inside a number begun in an earlier chunk (in `text`)
const LITERAL = 9; // inside true, false or null

const ARRAY = 1;

/** Tokenizes JSON text pushed a chunk at a time into `events`. */
export class JsonTokenizer {
  private state = VALUE;
  private stack = new Uint8Array(64);
  private depth = 0;
  private readonly strings = new JsonStringReader();
  private inKey = false;
  /** The number read so far, when it began in an earlier chunk. */
  private text = "";
  private literal = "";
  private matched = 0;
  /** Characters before the current chunk. */
  private offset = 0;
  /** The line the tokenizer is on, 1-based, and where it begins. */
  private line = 1;
  private lineStart = 0;
  private tokenStart = 0;
  private readonly scan: ScannedNumber = { end: 0, value: 0 };

  constructor(private readonly events: JsonEvents) {}

  /**
   * Reads the next chunk of the text.
   *
   * @throws MalformedBodyError at the first character JSON.parse would refuse
   */
  push(chunk: string): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      const state = this.state;
      if (state === STRING) {
        i = this.string(chunk, i);
        continue;
      }
      if (state === NUMBER) {
        i = this.numberRest(chunk, i);
        continue;
      }
      if (state === LITERAL) {
        i = this.literalRest(chunk, i);
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === 0x0a) {
        // Outside a string, where a line feed can only be white space.
        this.line++;
        this.lineStart = this.offset + ++i;
      } else if (c === 0x20 || c === 0x0d || c === 0x09) {
        i++;
      } else if (state === VALUE || state === FIRST_ITEM) {
        if (c === 0x5d /* ] */ && state === FIRST_ITEM) i = this.close(i);
        else i = this.value(chunk, i, c);
      } else if (state === NEXT) {
        const array = this.stack[this.depth - 1] === ARRAY;
        if (c === 0x2c /* , */) {
          this.state = array ? VALUE : KEY;
          i++;
        } else if (c === (array ? 0x5d : 0x7d)) i = this.close(i);
        else this.fail(i, `unexpected ${quote(chunk[i])}`);
      } else if (state === FIRST_KEY && c === 0x7d /* } */) {
        i = this.close(i);
      } else if ((state === FIRST_KEY || state === KEY) && c === 0x22) {
        this.state = STRING;
        this.inKey = true;
        i++;
      } else if (state === COLON && c === 0x3a /* : */) {
        this.state = VALUE;
        i++;
      } else this.fail(i, `unexpected ${quote(chunk[i])}`);
    }
    this.offset += n;
  }

  /**
   * Ends the text.
   *
   * @throws MalformedBodyError when the text ends before its value does
   */
  end(): void {
    if (this.state === NUMBER) {
      const text = this.text;
      this.text = "";
      this.number(text);
    }
    if (this.state !== END) this.fail(0, "unexpected end of the body");
  }

  /** Where the text read so far ends: `line 3 column 7`. */
  where(): string {
    return `line ${this.line} column ${this.offset - this.lineStart + 1}`;
  }

  /** Starts the value whose first character `c` is at `i`. */
  private value(chunk: string, i: number, c: number): number {
    if (c === 0x22 /* " */) {
      this.state = STRING;
      this.inKey = false;
      return i + 1;
    }
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (this.depth === this.stack.length) {
        const grown = new Uint8Array(this.depth * 2);
        grown.set(this.stack);
        this.stack = grown;
      }
      const array = c === 0x5b;
      this.stack[this.depth++] = array ? ARRAY : 0;
      this.state = array ? FIRST_ITEM : FIRST_KEY;
      this.events.open(array, this.offset + i);
      return i + 1;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const n = chunk.length;
      const { end, value } = scanDecimal(this.scan, chunk, i, n, true);
      if (end === n) {
        // The number may go on in the next chunk.
        this.text = chunk.slice(i);
        this.tokenStart = this.offset + i;
        this.state = NUMBER;
      } else if (Number.isNaN(value)) {
        this.fail(i, `${quote(chunk.slice(i, end))} is not a number`);
      } else {
        this.afterValue();
        this.events.number(value);
      }
      return end;
    }
    const literal = c === 0x74 ? "true" : c === 0x66 ? "false" : "null";
    if (c !== literal.charCodeAt(0))
      this.fail(i, `unexpected ${quote(chunk[i])}`);
    this.literal = literal;
    this.matched = 1;
    this.state = LITERAL;
    return i + 1;
  }

  private close(i: number): number {
    const array = this.stack[--this.depth] === ARRAY;
    this.afterValue();
    this.events.close(array, this.offset + i + 1);
    return i + 1;
  }

  private afterValue(): void {
    this.state = this.depth === 0 ? END : NEXT;
  }

  /** Ends the number that began in an earlier chunk: all of `text`. */
  private number(text: string): void {
    const value = readDecimal(text, 0, text.length, true);
    if (Number.isNaN(value)) {
      this.fail(
        this.tokenStart - this.offset,
        `${quote(text)} is not a number`,
      );
    }
    this.afterValue();
    this.events.number(value);
  }

  private numberRest(chunk: string, i: number): number {
    const n = chunk.length;
    let end = i;
    while (end < n && isNumberPart(chunk.charCodeAt(end))) end++;
    if (end === n) {
      this.text += chunk.slice(i);
      return n;
    }
    const text = this.text + chunk.slice(i, end);
    this.text = "";
    this.number(text);
    return end;
  }

  private literalRest(chunk: string, i: number): number {
    const literal = this.literal;
    for (; this.matched < literal.length; this.matched++, i++) {
      if (i === chunk.length) return i;
      if (chunk.charCodeAt(i) !== literal.charCodeAt(this.matched)) {
        this.fail(i, `unexpected ${quote(chunk[i])}`);
      }
    }
    this.afterValue();
    this.events.scalar(literal === "null" ? null : literal === "true");
    return i;
  }

  private string(chunk: string, i: number): number {
    const end = this.strings.read(chunk, i, this.offset);
    if (end < 0) return chunk.length;
    const text = this.strings.take();
    if (this.inKey) {
      this.state = COLON;
      this.events.key(text);
    } else {
      this.afterValue();
      this.events.scalar(text);
    }
    return end;
  }

  private fail(i: number, what: string): never {
    throw syntaxError(what, this.offset + i);
  }
}

function isNumberPart(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2e ||
    c === 0x2d ||
    c === 0x2b ||
    c === 0x65 ||
    c === 0x45
  );
}
