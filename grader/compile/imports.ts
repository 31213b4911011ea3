/**
 * What a cell imports, read from its syntax tree: named imports of forbidden library names, any
 * module other than "gradlab", and dynamic `import()`/`require()`. This gives the student a
 * precise finding ("cell linear, line 1: imports Linear from gradlab"); the runner's library
 * view, which lacks those names, is what actually stops them, whatever the spelling.
 */
import type * as TS from "@tslab/typescript-for-tslab";

export interface ImportUse {
  /** 1-based line within the cell. */
  line: number;
  kind: "banned-name" | "other-module" | "dynamic";
  what: string;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
const ts = require("@tslab/typescript-for-tslab") as typeof TS;

/** Modules graded code may import: the library, tslab's display helpers and harmless built-ins (see runner/harness.ts). */
const ALLOWED_MODULES = new Set(["gradlab", "tslab", "util", "assert", "events", "path", "string_decoder", "buffer", "perf_hooks", "timers", "url"]);

export function scanImports(source: string, banned: ReadonlySet<string>): ImportUse[] {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2020, true, ts.ScriptKind.TS);
  const uses: ImportUse[] = [];
  const lineOf = (node: TS.Node): number => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const namespaces = new Set<string>();
  const checkModule = (spec: string, node: TS.Node): boolean => {
    const bare = spec.startsWith("node:") ? spec.slice(5) : spec;
    if (ALLOWED_MODULES.has(bare)) return bare === "gradlab";
    uses.push({ line: lineOf(node), kind: "other-module", what: spec });
    return false;
  };
  const visit = (node: TS.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (checkModule(node.moduleSpecifier.text, node)) {
        const bindings = node.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) {
            const imported = (el.propertyName ?? el.name).text;
            if (banned.has(imported)) uses.push({ line: lineOf(el), kind: "banned-name", what: imported });
          }
        } else if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
        const def = node.importClause?.name;
        if (def) namespaces.add(def.text);
      }
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression;
      if (ts.isStringLiteral(expr) && checkModule(expr.text, node)) namespaces.add(node.name.text);
    } else if (ts.isCallExpression(node)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if (isImport || isRequire) {
        const arg = node.arguments[0];
        if (arg && ts.isStringLiteral(arg)) checkModule(arg.text, node);
        else uses.push({ line: lineOf(node), kind: "dynamic", what: `${isImport ? "import" : "require"}(…) with a computed module name` });
      }
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && namespaces.has(node.expression.text)) {
      if (banned.has(node.name.text)) uses.push({ line: lineOf(node), kind: "banned-name", what: node.name.text });
    } else if (ts.isElementAccessExpression(node) && ts.isIdentifier(node.expression) && namespaces.has(node.expression.text)) {
      const arg = node.argumentExpression;
      if (ts.isStringLiteral(arg) && banned.has(arg.text)) uses.push({ line: lineOf(node), kind: "banned-name", what: arg.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return uses;
}
