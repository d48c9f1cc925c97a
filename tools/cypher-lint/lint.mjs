// Parses every Cypher file under cypher/ with Neo4j's own parser (@neo4j-cypher/language-support).
// Syntax errors fail (exit 1), naming file, line and column; semantic warnings are printed only.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const folder = resolve(process.argv[2] ?? join(import.meta.dirname, '..', '..', 'cypher'));
const files = readdirSync(folder).filter((f) => f.endsWith('.cypher')).sort();
let errors = 0;
for (const file of files) {
  const text = readFileSync(join(folder, file), 'utf8');
  // Parameters are bound at run time: declare every $name the file uses, so only real problems remain.
  const parameters = Object.fromEntries([...text.matchAll(/\$(\w+)/g)].map((m) => [m[1], '']));
  const { diagnostics } = lintCypherQuery(text, { parameters });
  for (const d of diagnostics) {
    const where = `${join(folder, file)}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
    const error = d.severity === 1;
    errors += error ? 1 : 0;
    console.log(`${where}: ${error ? 'error' : 'warning'}: ${d.message}`);
  }
}

console.log(`cypher lint: ${files.length} files, ${errors} syntax error(s)`);
process.exit(errors > 0 || files.length === 0 ? 1 : 0);
