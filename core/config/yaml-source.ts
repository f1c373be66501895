import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type YAMLError,
} from 'yaml';
import type { ConfigIssue } from './config-error.ts';
import { type ConfigPath, formatPath } from './path.ts';

export interface SourcePosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

/** Which end of a `key: value` pair to point at. */
export type LocateTarget = 'value' | 'key';

/** A parsed YAML file that still knows where every value came from. */
export interface YamlSource {
  readonly file: string;
  /** Plain JS value of the document; undefined when the YAML has syntax errors. */
  readonly data: unknown;
  /** YAML syntax errors, already located; empty when the file parsed. */
  readonly syntaxIssues: readonly ConfigIssue[];
  /**
   * Position of the value at `path`; of its key when the value is empty (`token:`); of the nearest
   * existing ancestor's key when the path does not exist (a missing required key points at the
   * object that should hold it).
   */
  locate(path: ConfigPath, target?: LocateTarget): SourcePosition;
}

const START: SourcePosition = { line: 1, column: 1 };
/** Expansions allowed per anchor: plenty for shared settings, far too few for an exponential bomb. */
const MAX_ALIAS_COUNT = 100;

/** The first alias whose anchor holds aliases itself (where copies start to multiply), else the first alias. */
function multiplyingAlias(doc: Document): Node | undefined {
  let first: Alias | undefined;
  let nested: Alias | undefined;
  visit(doc, {
    Alias(_, alias) {
      first ??= alias;
      const target = alias.resolve(doc);
      let holdsAlias = false;
      if (target) {
        visit(target, {
          Alias() {
            holdsAlias = true;
            return visit.BREAK;
          },
        });
      }
      if (holdsAlias) {
        nested = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return nested ?? first;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function isEmptyValue(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null && node.source === '');
}

function syntaxIssue(error: YAMLError, file: string): ConfigIssue {
  const [start] = error.linePos ?? [];
  // The library appends " at line L, column C:" and a source excerpt; the excerpt may hold a secret.
  const firstLine = error.message.split('\n')[0] ?? error.message;
  const reason = firstLine.replace(/ at line \d+, column \d+:?$/, '');
  return {
    file,
    line: start?.line ?? 1,
    column: start?.col ?? 1,
    path: '',
    message: `invalid YAML: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`,
  };
}

/** Parses YAML 1.2 keeping node ranges, so every zod issue can be mapped back to file:line:column. */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const syntaxIssues = doc.errors.map((error) => syntaxIssue(error, file));
  let data: unknown;
  if (syntaxIssues.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // The yaml library's guard against an alias bomb ("billion laughs") throws a bare ReferenceError.
      if (!(error instanceof ReferenceError)) throw error;
      const { line, column } = positionOf(multiplyingAlias(doc));
      syntaxIssues.push({
        file,
        line,
        column,
        path: '',
        message: `invalid YAML: aliases expand to too many values (over ${MAX_ALIAS_COUNT} copies of an anchor that itself holds aliases)`,
        hint: 'write the repeated values out, or use fewer nested aliases (*name); a config never needs this many',
      });
    }
  }

  function positionOf(node: Node | null | undefined): SourcePosition {
    const offset = node?.range?.[0];
    if (offset === undefined) return START;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  }

  function resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(doc) : node;
  }

  function locate(path: ConfigPath, target: LocateTarget = 'value'): SourcePosition {
    let node: unknown = doc.contents;
    // What to report if the path stops existing below this point.
    let anchor: Node | null | undefined = doc.contents;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      const current = resolve(node);
      if (isMap(current)) {
        const pair = current.items.find((item) => keyText(item.key) === String(segment));
        if (!pair) return positionOf(anchor);
        const keyNode = pair.key as Node;
        if (last && target === 'key') return positionOf(keyNode);
        if (isEmptyValue(pair.value)) return positionOf(keyNode);
        anchor = keyNode;
        node = pair.value;
      } else if (isSeq(current) && typeof segment === 'number') {
        const item = current.items[segment];
        if (isEmptyValue(item)) return positionOf(anchor);
        node = item;
        anchor = item as Node;
      } else {
        return positionOf(anchor);
      }
    }
    return positionOf(node as Node);
  }

  return { file, data, syntaxIssues, locate };
}

/** A located issue at `path` of a parsed file, for checks made outside a zod schema (e.g. across files). */
export function issueAt(
  source: Pick<YamlSource, 'file' | 'locate'>,
  path: ConfigPath,
  message: string,
  hint?: string,
  target: LocateTarget = 'value',
): ConfigIssue {
  const { line, column } = source.locate(path, target);
  const issue = { file: source.file, line, column, path: formatPath(path), message };
  return hint ? { ...issue, hint } : issue;
}
