/**
 * An Open Inference Protocol request body, read as it streams: its small
 * members (id, parameters, each input's name, shape and datatype, outputs)
 * are built as JSON.parse would build them, and the `data` of each input
 * is read straight into a typed array by `TensorDataReader`, in its place
 * in the tree. The tokenizer accepts exactly what JSON.parse accepts.
 */
import { MalformedBodyError } from "../errors";
import type { TextSink } from "./body-text";
import { JsonTokenizer, type JsonEvents } from "./json-tokens";
import { TensorDataReader } from "./tensor-data";

type Container = unknown[] | Record<string, unknown>;

/**
 * Reads a JSON body pushed a chunk of text at a time into a value whose
 * every `inputs[i].data` array is a `TensorDataReader`.
 */
export class InferenceBodyReader implements JsonEvents, TextSink {
  private readonly tokens = new JsonTokenizer(this);
  /** The open containers, outermost first, and the key each awaits a value for. */
  private readonly stack: Container[] = [];
  private readonly keys: string[] = [];
  private root: unknown = undefined;
  /** The data array being read, while it is open. */
  private tensor: TensorDataReader | null = null;

  /**
   * Reads the next chunk of the body.
   *
   * @throws MalformedBodyError where the body stops being JSON
   */
  push(chunk: string): void {
    this.tokens.push(chunk);
  }

  /** Where the text read so far ends: `line 3 column 7`. */
  where(): string {
    return this.tokens.where();
  }

  /**
   * Ends the body and gives its value.
   *
   * @throws MalformedBodyError when it is not JSON, or not a JSON object
   */
  end(): Record<string, unknown> {
    this.tokens.end();
    const root = this.root;
    if (typeof root !== "object" || root === null || Array.isArray(root)) {
      throw new MalformedBodyError("the body must be a JSON object");
    }
    return root as Record<string, unknown>;
  }

  // The tokenizer's events (JsonEvents).

  open(array: boolean): void {
    if (this.tensor !== null) return this.tensor.open(array);
    if (array && this.atData()) {
      this.tensor = new TensorDataReader(
        `inputs[${(this.stack[1] as unknown[]).length - 1}].data`,
      );
      this.add(this.tensor);
      this.tensor.open(true);
      return;
    }
    const container: Container = array ? [] : {};
    this.add(container);
    this.stack.push(container);
    this.keys.push("");
  }

  close(): void {
    const tensor = this.tensor;
    if (tensor !== null) {
      tensor.close();
      if (tensor.closed) this.tensor = null;
      return;
    }
    this.stack.pop();
    this.keys.pop();
  }

  key(name: string): void {
    if (this.tensor === null) this.keys[this.keys.length - 1] = name;
  }

  number(value: number): void {
    if (this.tensor !== null) this.tensor.number(value);
    else this.add(value);
  }

  scalar(value: string | boolean | null): void {
    if (this.tensor !== null) this.tensor.scalar(value);
    else this.add(value);
  }

  /**
   * Whether the value about to open is `inputs[i].data`: the body, then
   * its `inputs` array, then an input object whose key is `data`.
   */
  private atData(): boolean {
    const [body, inputs, input] = this.stack;
    return (
      this.stack.length === 3 &&
      !Array.isArray(body) &&
      this.keys[0] === "inputs" &&
      Array.isArray(inputs) &&
      !Array.isArray(input) &&
      this.keys[2] === "data"
    );
  }

  /** Puts `value` in the innermost open container, or makes it the body. */
  private add(value: unknown): void {
    const depth = this.stack.length;
    if (depth === 0) {
      this.root = value;
      return;
    }
    const container = this.stack[depth - 1];
    if (Array.isArray(container)) container.push(value);
    else {
      // As JSON.parse does: an own property even for `__proto__`, the last
      // of repeated keys winning.
      Object.defineProperty(container, this.keys[depth - 1], {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
}
