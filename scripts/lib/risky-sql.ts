/*
 * Prisma's `migrate dev` heads a risky migration with "Warnings"; its wasm
 * engine cannot compute them offline (see schema-engine.ts), so we flag the
 * statements that can lose data or fail on filled tables ourselves. A reviewer
 * aid, not a proof: it reads the SQL the engine generated, one statement at a time.
 */
const RULES: readonly { readonly test: RegExp; readonly why: string }[] = [
  { test: /^DROP TABLE/i, why: 'drops a table and all its rows' },
  { test: /\bDROP COLUMN\b/i, why: 'drops a column and its data' },
  { test: /^DROP TYPE/i, why: 'drops an enum type' },
  { test: /\bALTER COLUMN\s+"[^"]+"\s+(SET DATA )?TYPE\b/i, why: 'changes a column type (may fail or truncate on existing rows)' },
  { test: /\bALTER COLUMN\s+"[^"]+"\s+SET NOT NULL\b/i, why: 'makes a column required (fails if a row holds NULL)' },
  { test: /\bADD COLUMN\s+"[^"]+"\s+[^,;]*NOT NULL(?![^,;]*\bDEFAULT\b)/i, why: 'adds a required column without default (fails on a non-empty table)' },
  { test: /^CREATE UNIQUE INDEX/i, why: 'adds a unique index (fails if duplicates exist)' },
  { test: /_new"? AS ENUM/i, why: 'recreates an enum without some values (rows holding them make it fail)' },
];

/** The table a statement works on (`ALTER TABLE "t"`, `… ON "t"(…)`, `DROP TABLE "t"`). */
function targetTable(stmt: string): string | undefined {
  return /^(?:ALTER|DROP) TABLE\s+"([^"]+)"/i.exec(stmt)?.[1] ?? /\bON\s+"([^"]+)"\s*\(/i.exec(stmt)?.[1];
}

export function riskyStatements(sql: string): string[] {
  const statements = sql
    .split(';')
    .map((raw) => raw.replace(/^\s*(--[^\n]*\n\s*)*/g, '').trim())
    .filter((s) => s !== '');
  // A table created by this very migration is empty: nothing on it can lose data.
  const created = new Set(statements.flatMap((s) => /^CREATE TABLE\s+"([^"]+)"/i.exec(s)?.[1] ?? []));
  const found: string[] = [];
  for (const stmt of statements) {
    const table = targetTable(stmt);
    if (table !== undefined && created.has(table)) continue;
    for (const rule of RULES) {
      if (rule.test.test(stmt)) found.push(`${rule.why}: ${stmt.split('\n')[0] ?? stmt}`);
    }
  }
  return found;
}

/** The comment block `prisma migrate dev` would put on top of the migration. */
export function warningsHeader(warnings: readonly string[]): string {
  if (warnings.length === 0) return '';
  return `/*\n  Warnings:\n\n${warnings.map((w) => `  - ${w}`).join('\n')}\n\n*/\n`;
}
