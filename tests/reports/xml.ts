/**
 * A strict little XML reader for the report tests: workerd has no DOMParser.
 *
 * It accepts only what the SVG reports write (elements, double-quoted
 * attributes, text, the five predefined entities) and throws on anything not
 * well-formed: an unclosed or mismatched tag, a raw `<` or a bare `&` in text
 * or an attribute, a repeated attribute, text outside the root element.
 */

/** An element with its attributes, children and (unescaped) text. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, entities replaced (children's text excluded). */
  text: string;
}

const entities: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function unescape(raw: string, where: string): string {
  if (raw.includes("<")) throw new Error(`raw < in ${where}`);
  return raw.replace(/&([^;]*);?/g, (match, name: string) => {
    if (!match.endsWith(";") || !(name in entities)) {
      throw new Error(`bare & or unknown entity ${match} in ${where}`);
    }
    return entities[name];
  });
}

/** Parses `xml` and returns its root element; throws if it is malformed. */
export function parseXml(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let pos = 0;
  while (pos < xml.length) {
    const open = xml.indexOf("<", pos);
    const text = xml.slice(pos, open === -1 ? xml.length : open);
    if (text.trim() !== "") {
      if (stack.length === 0) throw new Error(`text outside the root: ${text}`);
      stack[stack.length - 1].text += unescape(text, "text");
    }
    if (open === -1) break;
    const close = xml.indexOf(">", open);
    if (close === -1) throw new Error(`unclosed tag at ${open}`);
    const tag = xml.slice(open + 1, close);
    pos = close + 1;
    const end = /^\/([A-Za-z][\w.-]*)\s*$/.exec(tag);
    if (end) {
      const top = stack.pop();
      if (top?.name !== end[1]) {
        throw new Error(`</${end[1]}> closes <${top?.name ?? "nothing"}>`);
      }
      continue;
    }
    const start = /^([A-Za-z][\w.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)$/.exec(
      tag,
    );
    if (!start) throw new Error(`malformed tag <${tag}>`);
    const element: XmlElement = {
      name: start[1],
      attributes: {},
      children: [],
      text: "",
    };
    for (const [, name, value] of start[2].matchAll(/([\w:.-]+)="([^"]*)"/g)) {
      if (name in element.attributes) {
        throw new Error(`repeated attribute ${name} in <${start[1]}>`);
      }
      element.attributes[name] = unescape(value, `attribute ${name}`);
    }
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else if (root) throw new Error(`second root <${start[1]}>`);
    else root = element;
    if (start[3] !== "/") stack.push(element);
  }
  if (stack.length > 0) throw new Error(`<${stack[0].name}> is never closed`);
  if (!root) throw new Error("no root element");
  return root;
}

/** Every element under `root` (itself included) named `name`, in order. */
export function findAll(root: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (e: XmlElement): void => {
    if (e.name === name) found.push(e);
    e.children.forEach(visit);
  };
  visit(root);
  return found;
}

/** The points of a path's `d` made of M and L commands. */
export function pathPoints(d: string): [number, number][] {
  return Array.from(d.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g), (m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}
