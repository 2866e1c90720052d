// Renders the book's formulas with the local copy of KaTeX.
//
// The Markdown writes mathematics the way GitHub and GitLab do, so that
// Markdown never touches the TeX (no escaping of `\`, `_` or `*`):
//   - inline:  $`\sigma(z) = 1/(1+e^{-z})`$   (a code span between dollars)
//   - display: a fenced code block whose language is `math`.
// Without JavaScript the TeX source stays readable as code.
(function () {
    'use strict';

    function renderInline(katex) {
        const codes = Array.from(document.querySelectorAll('code'))
            .filter(function (code) { return !code.closest('pre'); });
        codes.forEach(function (code) {
            const prev = code.previousSibling;
            const next = code.nextSibling;
            if (!prev || !next || prev.nodeType !== Node.TEXT_NODE ||
                next.nodeType !== Node.TEXT_NODE ||
                !prev.data.endsWith('$') || !next.data.startsWith('$')) {
                return;
            }
            const span = document.createElement('span');
            span.className = 'math-inline';
            katex.render(code.textContent, span, {
                displayMode: false,
                throwOnError: false,
            });
            prev.data = prev.data.slice(0, -1);
            next.data = next.data.slice(1);
            code.replaceWith(span);
        });
    }

    function renderDisplay(katex) {
        document.querySelectorAll('pre > code.language-math').forEach(function (code) {
            const div = document.createElement('div');
            div.className = 'math-display';
            katex.render(code.textContent, div, {
                displayMode: true,
                throwOnError: false,
            });
            code.parentElement.replaceWith(div);
        });
    }

    // Inline formulas wider than this (in CSS pixels, on one line) may wrap:
    // about a third of a phone's line.
    const WRAP_WIDTH = 130;

    // Lets long inline formulas wrap (CSS class `math-wrap`): all widths are
    // read first and the classes set afterwards, so the page is laid out
    // once.
    function markLongInline() {
        const spans = Array.from(document.querySelectorAll('span.math-inline'));
        const widths = spans.map(function (span) {
            return span.getBoundingClientRect().width;
        });
        spans.forEach(function (span, i) {
            if (widths[i] > WRAP_WIDTH) {
                span.classList.add('math-wrap');
            }
        });
    }

    function render() {
        const katex = window.katex;
        if (!katex) {
            return; // KaTeX failed to load: leave the TeX source visible.
        }
        renderDisplay(katex);
        renderInline(katex);
        markLongInline();
    }

    // KaTeX is loaded with `defer` from the page head; deferred scripts run
    // before DOMContentLoaded, after mdBook's own scripts have highlighted
    // the code blocks.
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', render);
    } else {
        render();
    }
})();
