// The public Svix operations the conformance test covers, the case modules that cover them, and
// docs/api.md's table made from both. conformance.test.ts checks the committed table against
// what this file generates; `npm run conformance-table` (this file run directly) writes it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConformanceCase, NotApplicable } from './conformance/case.ts';

const root = path.resolve(import.meta.dirname, '../../..');
export const API_DOC_FILE = path.join(root, 'docs/api.md');
const CASES_DIR = path.join(import.meta.dirname, 'conformance');
/** Svix's OpenAPI document, copied from its API as of this test's writing (2.6 MB). */
const SVIX_DOCUMENT_FILE = path.join(import.meta.dirname, 'fixtures/svix-openapi.json');
const START = '<!-- conformance:start -->';
const END = '<!-- conformance:end -->';

export interface OpenApiOperation {
  operationId: string;
  'x-internal'?: boolean;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
export interface SvixDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

/** One operation of the list: where it lives and the 2xx statuses Svix documents for it. */
export interface ListedOperation {
  operationId: string;
  method: string;
  path: string;
  operation: OpenApiOperation;
  successStatuses: number[];
}

export const svixDocument = (): SvixDocument => JSON.parse(readFileSync(SVIX_DOCUMENT_FILE, 'utf8'));

/**
 * Svix's public operations (no `x-internal`) outside Stream, Ingest and the message poller:
 * those the issue asks Patchbay to answer (or to name as not applicable).
 */
export function listedOperations(doc: SvixDocument): ListedOperation[] {
  const listed: ListedOperation[] = [];
  for (const [route, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const id = operation.operationId;
      if (!id || operation['x-internal']) continue;
      const outside =
        route.startsWith('/api/v1/stream') ||
        route.startsWith('/ingest/') ||
        id.startsWith('v1.streaming.') ||
        /^v1\.authentication\..*stream/.test(id) ||
        id.startsWith('v1.message.poller.');
      if (outside) continue;
      const successStatuses = Object.keys(operation.responses)
        .filter((status) => status.startsWith('2'))
        .map(Number);
      listed.push({ operationId: id, method: method.toUpperCase(), path: route, operation, successStatuses });
    }
  }
  return listed;
}

export interface CaseModule {
  file: string;
  cases: ConformanceCase[];
  notApplicable: NotApplicable[];
}

/** Every module of test/conformance/ but case.ts, read from the folder so that new files join by being there. */
export async function caseModules(): Promise<CaseModule[]> {
  const files = readdirSync(CASES_DIR)
    .filter((file) => file.endsWith('.ts') && file !== 'case.ts')
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const mod = (await import(pathToFileURL(path.join(CASES_DIR, file)).href)) as Partial<CaseModule>;
      if (!Array.isArray(mod.cases)) throw new Error(`test/conformance/${file} exports no \`cases\` array`);
      return { file, cases: mod.cases, notApplicable: mod.notApplicable ?? [] };
    }),
  );
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The table's Markdown: one row per listed operation, in the document's order. */
export function conformanceTable(operations: ListedOperation[], modules: CaseModule[]): string {
  const cases = new Map(modules.flatMap((mod) => mod.cases.map((c) => [c.operationId, c] as const)));
  const notApplicable = new Map(modules.flatMap((mod) => mod.notApplicable.map((n) => [n.operationId, n] as const)));
  const rows = operations.map((op) => {
    const covered = cases.has(op.operationId)
      ? 'case'
      : notApplicable.has(op.operationId)
        ? `not applicable: ${notApplicable.get(op.operationId)?.reason}`
        : 'not covered';
    const differs = cases.get(op.operationId)?.differs ?? '';
    return `| \`${op.operationId}\` | \`${op.method} ${op.path}\` | ${cell(covered)} | ${cell(differs)} |`;
  });
  return ['| operation | route | covered | where Patchbay differs |', '|---|---|---|---|', ...rows].join('\n');
}

/** docs/api.md with `table` between the markers. */
export function withTable(markdown: string, table: string): string {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start === -1 || end < start) throw new Error(`docs/api.md has no ${START} … ${END} section`);
  return `${markdown.slice(0, start + START.length)}\n${table}\n${markdown.slice(end)}`;
}

/** The table as the case modules make it now. */
export async function generatedTable(): Promise<string> {
  return conformanceTable(listedOperations(svixDocument()), await caseModules());
}

if (import.meta.main) {
  writeFileSync(API_DOC_FILE, withTable(readFileSync(API_DOC_FILE, 'utf8'), await generatedTable()));
  process.stdout.write('docs/api.md: conformance table written\n');
}
