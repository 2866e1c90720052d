// Renders every formula of the book's Markdown with the vendored KaTeX and
// fails on the first TeX error, with its file and line.
//
// Formulas are written as $`…`$ (inline) or in ```math blocks (display).
// Usage: node check_math.js BOOK_SRC_DIR
'use strict';

const fs = require('fs');
const path = require('path');

const srcDir = path.resolve(process.argv[2] || 'src');
const katex = require(path.join(srcDir, 'katex', 'katex.min.js'));

function formulas(text) {
    const found = [];
    const lines = text.split('\n');
    let fence = null;
    let block = null;
    lines.forEach((line, i) => {
        const m = line.match(/^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/);
        if (fence === null && m) {
            fence = m[1];
            if (m[2] === 'math') {
                block = { line: i + 1, tex: [] };
            }
            return;
        }
        if (fence !== null) {
            if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') {
                if (block) {
                    found.push({ line: block.line, tex: block.tex.join('\n'), display: true });
                }
                fence = null;
                block = null;
            } else if (block) {
                block.tex.push(line);
            }
            return;
        }
        const inline = /\$`([^`]*)`\$/g;
        let f;
        while ((f = inline.exec(line)) !== null) {
            found.push({ line: i + 1, tex: f[1], display: false });
        }
    });
    return found;
}

let count = 0;
const problems = [];
for (const file of fs.readdirSync(srcDir).filter((f) => f.endsWith('.md')).sort()) {
    const text = fs.readFileSync(path.join(srcDir, file), 'utf8');
    for (const f of formulas(text)) {
        count += 1;
        try {
            katex.renderToString(f.tex, {
                displayMode: f.display,
                throwOnError: true,
                strict: 'error',
            });
        } catch (e) {
            problems.push(`${file}:${f.line}: ${e.message}`);
        }
    }
}
problems.forEach((p) => console.log(p));
console.log(`check_math: ${count} formulas, ${problems.length} with errors`);
process.exit(problems.length ? 1 : 0);
