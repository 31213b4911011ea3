import Ajv from "ajv-draft-04";
import type { ErrorObject, ValidateFunction } from "ajv";
import * as fs from "fs";
import * as path from "path";
import { findRepoRoot } from "../../lib/util/repo_root";
import { Notebook } from "./nbformat";

/**
 * Validation against the official nbformat 4.5 JSON schema (copied from nbformat 5.7,
 * BSD-3-Clause, Project Jupyter), the same schema `python3 -m nbformat` validates with.
 */
let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  if (!compiled) {
    // The build does not copy the schema: find it beside the sources from the repository root.
    const file = path.join(findRepoRoot(__dirname), "tools", "notebook", "nbformat.v4.5.schema.json");
    const schema = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    compiled = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return compiled;
}

export interface SchemaProblem {
  /** JSON path of the failing part, e.g. "cells[2].source". */
  path: string;
  message: string;
}

/** Schema problems of a parsed notebook (empty when valid). nbformat 4.5 only. */
export function schemaProblems(notebook: unknown): SchemaProblem[] {
  const validate = validator();
  if (validate(notebook)) return [];
  // A cell is a oneOf (markdown | code | raw): its branches all fail, and the summary error sits
  // at the cell. The most specific error is the deepest one that is not a oneOf summary.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== "oneOf");
  errors.sort((a, b) => depth(b) - depth(a));
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const e of errors.length ? errors : validate.errors ?? []) {
    const problem = { path: jsonPath(e), message: describe(e) };
    const key = `${problem.path}: ${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

function depth(e: ErrorObject): number {
  return e.instancePath.split("/").length + (e.keyword === "required" ? 1 : 0);
}

function describe(e: ErrorObject): string {
  if (e.keyword === "required") return "is missing";
  if (e.keyword === "additionalProperties") return `has an unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === "enum") return `${e.message ?? "is invalid"}: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  return e.message ?? "is invalid";
}

function jsonPath(e: ErrorObject): string {
  const parts = e.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  let out = "";
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  const missing = e.keyword === "required" ? (e.params as { missingProperty?: string }).missingProperty : undefined;
  if (missing) out += out ? `.${missing}` : missing;
  return out || "(top level)";
}

export function isNotebook(value: unknown): value is Notebook {
  return schemaProblems(value).length === 0;
}
