// Checks the browser word counter (crates/web/static/js/wordcount.js) against the shared case
// table that the Rust counter is tested on. Run: node crates/domain/tests/check_wordcount_js.mjs
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const script = readFileSync(here("../../web/static/js/wordcount.js"), "utf8");
const cases = JSON.parse(readFileSync(here("./word_count_cases.json"), "utf8"));

const context = { window: {} };
vm.createContext(context);
vm.runInContext(script, context, { filename: "wordcount.js" });
const count = context.window.jinguoCountWords;

let failed = 0;
for (const { text, count: expected } of cases) {
  const got = count(text);
  if (got !== expected) {
    failed += 1;
    console.error(`${JSON.stringify(text)}: expected ${expected}, counted ${got}`);
  }
}
if (cases.length < 30) {
  console.error(`only ${cases.length} cases; the table keeps at least 30`);
  failed += 1;
}
if (failed > 0) {
  console.error(`wordcount.js: ${failed} of ${cases.length} cases wrong`);
  process.exit(1);
}
console.log(`wordcount.js: all ${cases.length} cases agree with the Rust counter's table`);
