// Parses every Cypher statement of the repository with Neo4j's own parser (@neo4j-cypher/language-support):
//   - every file under cypher/ (the statements the Neo4j store runs and the ones users run),
//   - every *.cypher file under tests/ (test set-up),
//   - every C# string literal under src/, tests/ and bench/ that reads as Cypher (MATCH (, MERGE (, UNWIND, RETURN,
//     CREATE (, CREATE CONSTRAINT/INDEX ... FOR (, DETACH DELETE), so Cypher cannot hide in C# unchecked.
// Syntax and semantic errors fail (exit 1), naming file, line and column; warnings are printed only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..', '..'));
const skip = new Set(['bin', 'obj', 'node_modules', '.git', 'test-artifacts']);

function walk(folder, wanted) {
  const found = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      if (!skip.has(name)) found.push(...walk(path, wanted));
    } else if (wanted(name)) {
      found.push(path);
    }
  }
  return found;
}

const exists = (path) => { try { return statSync(path).isDirectory(); } catch { return false; } };
const under = (folder, wanted) => (exists(join(root, folder)) ? walk(join(root, folder), wanted) : []);

// [where, text, line offset, column offset]
const statements = [];
for (const file of [...under('cypher', (n) => n.endsWith('.cypher')), ...under('tests', (n) => n.endsWith('.cypher'))]) {
  statements.push([file, readFileSync(file, 'utf8'), 0, 0]);
}
const cypherStart = /^\s*(MATCH\s*\(|OPTIONAL MATCH\b|MERGE\s*\(|UNWIND\s|RETURN\s|CREATE\s*\(|CREATE (CONSTRAINT|INDEX|RANGE INDEX|TEXT INDEX)\b[\s\S]*\bFOR\s*\(|DETACH DELETE\b)/;
let inCSharp = 0;
for (const file of ['src', 'tests', 'bench'].flatMap((f) => under(f, (n) => n.endsWith('.cs')))) {
  const source = readFileSync(file, 'utf8');
  for (const m of source.matchAll(/"""([\s\S]*?)"""|"((?:[^"\\\n]|\\.)*)"/g)) {
    const text = m[1] ?? m[2].replace(/\\(.)/g, '$1');
    if (!cypherStart.test(text)) continue;
    const line = source.slice(0, m.index).split('\n').length - 1;
    statements.push([file, text, line, 0]);
    inCSharp++;
  }
}

let errors = 0;
for (const [file, text, lineOffset] of statements) {
  // Parameters are bound at run time: declare every $name the text uses, so only real problems remain.
  const parameters = Object.fromEntries([...text.matchAll(/\$(\w+)/g)].map((m) => [m[1], '']));
  const { diagnostics } = lintCypherQuery(text, { parameters });
  for (const d of diagnostics) {
    const where = `${relative(root, file)}:${d.range.start.line + 1 + lineOffset}:${d.range.start.character + 1}`;
    const error = d.severity === 1;
    errors += error ? 1 : 0;
    console.log(`${where}: ${error ? 'error' : 'warning'}: ${d.message}`);
  }
}

console.log(`cypher lint: ${statements.length - inCSharp} files, ${inCSharp} statements in C#, ${errors} error(s)`);
process.exit(errors > 0 || statements.length === 0 ? 1 : 0);
