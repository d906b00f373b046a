// Enough XPath for `{{name.response.body.//path}}` on the XML bodies registries return:
// `/a/b`, `//b`, `*`, `[n]`, `[@attr='v']`, a final `@attr` or `text()`. Prefixes are
// ignored when the path has none, so `//naam` finds `<ns:naam>`.

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

export function parseXml(text: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [] };
  const stack = [root];
  const tag = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)]]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/\s*([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const top = stack[stack.length - 1]!;
    if (m[1] !== undefined) top.children.push(m[1]);
    else if (m[2] !== undefined) {
      if (stack.length > 1) stack.pop();
    } else if (m[3] !== undefined) {
      const attributes: Record<string, string> = {};
      for (const a of (m[4] ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attributes[a[1]!] = decode(a[2] ?? a[3] ?? '');
      const element: XmlElement = { name: m[3], attributes, children: [] };
      top.children.push(element);
      if (!m[5]) stack.push(element);
    } else if (m[6] !== undefined) top.children.push(decode(m[6]));
  }
  return root;
}

function textOf(node: XmlElement | string): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

function nameMatches(element: XmlElement, test: string): boolean {
  if (test === '*') return true;
  return test.includes(':') ? element.name === test : localName(element.name) === test;
}

function elements(node: XmlElement): XmlElement[] {
  return node.children.filter((c): c is XmlElement => typeof c !== 'string');
}

function descendants(node: XmlElement): XmlElement[] {
  return elements(node).flatMap((child) => [child, ...descendants(child)]);
}

/** Returns the string value of the first node the path selects, or undefined. */
export function selectXPath(xml: string, path: string): string | undefined {
  const steps = path.match(/\/\/?[^/[]+(?:\[[^\]]*])*/g);
  if (!steps || steps.join('') !== path) throw new Error(`'${path}' is not an XPath this tool understands (use /a/b, //b, [n], [@attr='v'], @attr, text())`);
  let nodes: XmlElement[] = [parseXml(xml)];
  for (const [index, step] of steps.entries()) {
    const deep = step.startsWith('//');
    const body = step.slice(deep ? 2 : 1);
    const last = index === steps.length - 1;
    if (last && body.startsWith('@')) {
      const holders = deep ? nodes.flatMap((n) => [n, ...descendants(n)]) : nodes;
      const found = holders.find((n) => body.slice(1) in n.attributes);
      return found?.attributes[body.slice(1)];
    }
    if (last && body === 'text()') {
      const first = nodes[0];
      return first ? first.children.filter((c) => typeof c === 'string').join('') : undefined;
    }
    const [, test, predicates = ''] = /^([^[]+)((?:\[[^\]]*])*)$/.exec(body) ?? [];
    if (!test) return undefined;
    let next = nodes.flatMap((n) => (deep ? descendants(n) : elements(n)).filter((e) => nameMatches(e, test)));
    for (const [, predicate] of predicates.matchAll(/\[([^\]]*)]/g)) {
      const position = /^\s*(\d+)\s*$/.exec(predicate!);
      const attribute = /^\s*@([^\s=]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'))?\s*$/.exec(predicate!);
      if (position) next = next.slice(Number(position[1]) - 1, Number(position[1]));
      else if (attribute) next = next.filter((e) => attribute[1]! in e.attributes && (attribute[2] ?? attribute[3] ?? e.attributes[attribute[1]!]) === e.attributes[attribute[1]!]);
      else throw new Error(`predicate '[${predicate}]' is not supported (use [n] or [@attr='value'])`);
    }
    nodes = next;
  }
  const first = nodes[0];
  return first && first.name !== '#document' ? textOf(first) : undefined;
}
