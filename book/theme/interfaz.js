// Puts mdBook's own interface in Spanish: the buttons of the menu bar and of
// the code blocks, the search box and its results, the keyboard help and the
// playground's messages. mdBook has no translations of its own; this script
// replaces its English strings after the page loads (and as mdBook adds
// buttons and search results). A string it does not know stays as it is.
(function () {
    'use strict';

    // Attribute values (title, aria-label, placeholder) and their Spanish.
    // «Show hidden lines» / «Hide lines» stay in English: mdBook reads that
    // title back to toggle the lines.
    const ATTRIBUTES = {
        'Toggle Table of Contents': 'Mostrar u ocultar el índice',
        'Table of contents': 'Índice',
        'Change theme': 'Cambiar el tema',
        'Themes': 'Temas',
        'Search (`/`)': 'Buscar (tecla /)',
        'Toggle Searchbar': 'Mostrar u ocultar la búsqueda',
        'Search this book ...': 'Buscar en el libro…',
        'Print this book': 'Imprimir el libro',
        'Git repository': 'Repositorio',
        'Suggest an edit': 'Proponer un cambio',
        'Previous chapter': 'Capítulo anterior',
        'Next chapter': 'Capítulo siguiente',
        'Page navigation': 'Navegación entre páginas',
        'Copy to clipboard': 'Copiar',
        'Run this code': 'Ejecutar este código',
        'Undo changes': 'Deshacer los cambios',
        'Search Result Teaser': 'Fragmento del resultado',
    };

    // Whole texts of elements.
    const TEXTS = {
        'Auto': 'Automático',
        'Light': 'Claro',
        'Coal': 'Carbón',
        'Navy': 'Azul marino',
        'Keyboard shortcuts': 'Atajos de teclado',
        'Running...': 'Ejecutando…',
        'No output': 'Sin salida',
        'Copied!': '¡Copiado!',
        'Clipboard error!': 'No se pudo copiar',
    };

    // The keyboard help: the English sentence around the keys.
    const HELP = [
        [/^Press (.*) or (.*) to navigate between chapters$/, 'Usá $1 o $2 para pasar de capítulo'],
        [/^Press (.*) or (.*) to search in the book$/, 'Usá $1 o $2 para buscar en el libro'],
        [/^Press (.*) to show this help$/, 'Usá $1 para mostrar esta ayuda'],
        [/^Press (.*) to hide this help$/, 'Usá $1 para ocultarla'],
    ];

    // The header of the search results.
    const RESULTS = [
        [/^1 search result for '(.*)':$/, '1 resultado para «$1»:'],
        [/^(\d+) search results for '(.*)':$/, '$1 resultados para «$2»:'],
        [/^No search results for '(.*)'\.$/, 'Ningún resultado para «$1».'],
    ];

    function translateAttributes(element) {
        for (const name of ['title', 'aria-label', 'placeholder']) {
            const value = element.getAttribute(name);
            if (value !== null && Object.prototype.hasOwnProperty.call(ATTRIBUTES, value)) {
                element.setAttribute(name, ATTRIBUTES[value]);
            }
        }
    }

    function translateText(element) {
        if (element.children.length === 0) {
            const text = element.textContent.trim();
            if (Object.prototype.hasOwnProperty.call(TEXTS, text)) {
                element.textContent = TEXTS[text];
                return;
            }
        }
        if (element.tagName === 'P' && element.closest('#mdbook-help-popup')) {
            for (const [pattern, spanish] of HELP) {
                if (pattern.test(element.innerHTML.trim())) {
                    element.innerHTML = element.innerHTML.trim().replace(pattern, spanish);
                    return;
                }
            }
        }
        if (element.id === 'mdbook-searchresults-header') {
            const text = element.textContent.trim();
            for (const [pattern, spanish] of RESULTS) {
                if (pattern.test(text)) {
                    element.textContent = text.replace(pattern, spanish);
                    return;
                }
            }
        }
    }

    function translate(root) {
        if (root.nodeType !== Node.ELEMENT_NODE) {
            return;
        }
        const elements = [root, ...root.querySelectorAll('*')];
        for (const element of elements) {
            translateAttributes(element);
            translateText(element);
        }
    }

    function start() {
        translate(document.body);
        // mdBook adds the code buttons, the search results and the
        // playground's output after loading: translate them as they appear.
        const observer = new MutationObserver(function (mutations) {
            for (const mutation of mutations) {
                if (mutation.type === 'attributes') {
                    translateAttributes(mutation.target);
                } else {
                    const target = mutation.target.nodeType === Node.ELEMENT_NODE
                        ? mutation.target : mutation.target.parentElement;
                    if (target) {
                        translateText(target);
                    }
                    mutation.addedNodes.forEach(translate);
                }
            }
        });
        observer.observe(document.body, {
            subtree: true,
            childList: true,
            characterData: true,
            attributes: true,
            attributeFilter: ['title', 'aria-label', 'placeholder'],
        });
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
})();
