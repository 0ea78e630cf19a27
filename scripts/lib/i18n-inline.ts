/**
 * Finds member-facing text still written inline in src/core instead of the
 * message catalogue (src/core/i18n): string and template literals given as a
 * reply's title or body (`personal(…)`, `publicMessage(…)`), as a refusal's
 * message (`err(code, …)`), or as a field's `name`/`value`; and, apart, the
 * command table's `summary`/`help` texts; and texts stored to be shown later
 * (kind `stored`): a room-access reason written into the outbox
 * (`enqueue('access.…', …, { reason })`, `requestAccess`/`endSeat`/`unseat`),
 * a law-book note's `text` (`addNote`), instead of a message kept beside the
 * English (i18n/stored.ts). A heuristic over the syntax tree
 * (text built elsewhere and passed in is not seen), so it undercounts: read
 * the list, not only the number.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface InlineText {
  readonly file: string;
  readonly line: number;
  readonly kind: 'reply' | 'refusal' | 'field' | 'help' | 'stored' | 'control';
  readonly text: string;
}

const CALLS: Record<string, InlineText['kind']> = { personal: 'reply', publicMessage: 'reply', err: 'refusal' };
const PROPERTIES: Record<string, InlineText['kind']> = { name: 'field', value: 'field', summary: 'help', help: 'help' };
/** A control's words (a button's `label`, a menu's `placeholder`) and a footer's `text` (`footer: { text }`). */
const CONTROLS = new Set(['label', 'placeholder']);
/** Calls that store a text for members to read later: the argument (by index) or the payload property that holds it. */
// `unseat`'s and `endCommittee`'s reason also goes into events (kept English for the hash chain): stored inline only without the message after it.
const STORING: Record<string, { readonly arg?: number; readonly unlessArg?: number; readonly property?: string }> = { requestAccess: { arg: 3 }, endSeat: { arg: 5 }, unseat: { arg: 4, unlessArg: 5 }, endCommittee: { arg: 3, unlessArg: 4 }, addNote: { property: 'text' }, enqueue: { property: 'reason' } };

/** The stored texts of a call to one of `STORING`. */
function storedLiterals(call: ts.CallExpression): ts.Node[] {
  const callee = call.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  const how = STORING[name];
  if (!how) return [];
  if (how.arg !== undefined) {
    const a = call.arguments[how.arg];
    if (how.unlessArg !== undefined && call.arguments[how.unlessArg] !== undefined) return [];
    return a ? literals(a) : [];
  }
  return call.arguments.flatMap((a) =>
    ts.isObjectLiteralExpression(a) ? a.properties.flatMap((p) => (ts.isPropertyAssignment(p) && p.name.getText() === how.property ? literals(p.initializer) : [])) : [],
  );
}

/** Literal texts in an expression (through conditionals, `??`/`||`, parentheses and joins of arrays). */
function literals(e: ts.Expression): ts.Node[] {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) return [e];
  if (ts.isParenthesizedExpression(e)) return literals(e.expression);
  if (ts.isConditionalExpression(e)) return [...literals(e.whenTrue), ...literals(e.whenFalse)];
  if (ts.isBinaryExpression(e) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.PlusToken].includes(e.operatorToken.kind)) return [...literals(e.left), ...literals(e.right)];
  if (ts.isArrayLiteralExpression(e)) return e.elements.flatMap((x) => (ts.isExpression(x) ? literals(x) : []));
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ['join', 'filter'].includes(e.expression.name.text)) return literals(e.expression.expression);
  return [];
}

/** Words a member reads: at least two letters in a row outside `${…}` (not "", "—", "\n"). */
function isWords(node: ts.Node, source: ts.SourceFile): boolean {
  const raw = node.getText(source).replace(/\$\{[^}]*\}/g, '');
  return /\p{L}{2,}/u.test(raw);
}

/** A message field: an object literal with both `name` and `value` (`{ kind: 'yes-no-abstain', value: 'yes' }` is data). */
function isField(o: ts.Node): boolean {
  if (!ts.isObjectLiteralExpression(o)) return false;
  const names = o.properties.flatMap((p) => (p.name !== undefined && ts.isIdentifier(p.name) ? [p.name.text] : []));
  return names.includes('name') && names.includes('value');
}

function scanFile(path: string, root: string): InlineText[] {
  return scanText(relative(root, path), readFileSync(path, 'utf8'));
}

/** The inline member-facing texts of one file's source. */
export function scanText(file: string, text: string): InlineText[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: InlineText[] = [];
  const add = (node: ts.Node, kind: InlineText['kind']): void => {
    if (!isWords(node, source)) return;
    found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, kind, text: node.getText(source).slice(0, 120) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) for (const l of storedLiterals(node)) add(l, 'stored');
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const kind = CALLS[node.expression.text];
      // err(code, message): the message; personal/publicMessage(title, body): both.
      const args = kind === 'refusal' ? node.arguments.slice(1, 2) : kind ? node.arguments.slice(0, 2) : [];
      for (const a of args) for (const l of literals(a)) add(l, kind ?? 'reply');
    }
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
      const kind = PROPERTIES[node.name.text];
      // An argument's spec ({ name, description, type }): its name is what members type, its description help.
      const isArgSpec = ts.isObjectLiteralExpression(node.parent) && node.parent.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'description');
      if (CONTROLS.has(node.name.text)) for (const l of literals(node.initializer)) add(l, 'control');
      else if (node.name.text === 'footer' && ts.isObjectLiteralExpression(node.initializer))
        for (const p of node.initializer.properties) if (ts.isPropertyAssignment(p) && p.name.getText(source) === 'text') for (const l of literals(p.initializer)) add(l, 'control');
      if (node.name.text === 'description' && isArgSpec) for (const l of literals(node.initializer)) add(l, 'help');
      else if (kind === 'help' || (kind === 'field' && !isArgSpec && isField(node.parent))) for (const l of literals(node.initializer)) add(l, kind);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return tsFiles(p);
    return d.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every inline member-facing text of src/core, but the catalogue and the test helpers. */
export function inlineTexts(root: string): InlineText[] {
  const core = join(root, 'src', 'core');
  return tsFiles(core)
    .filter((f) => !f.includes(join('src', 'core', 'i18n')) && !f.includes(join('src', 'core', 'testing')))
    .sort()
    .flatMap((f) => scanFile(f, root));
}

/** The platform adapters whose member-facing words go through the catalogue (operator texts, logs and thrown errors are not scanned). */
export const ADAPTERS = [join('src', 'adapters', 'discord'), join('src', 'adapters', 'matrix')];

/** Every inline member-facing text of the Discord and Matrix adapters (replies, fields, controls, footers). */
export function adapterInlineTexts(root: string): InlineText[] {
  return ADAPTERS.flatMap((d) => tsFiles(join(root, d)))
    .sort()
    .flatMap((f) => scanFile(f, root));
}
