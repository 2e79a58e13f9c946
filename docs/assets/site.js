/* What every script of this site shares: its words in the page's language, and its start-up.
 * Loaded in the head, before the scripts that use it (overrides/main.html); it does nothing
 * by itself. A script takes `window.htSite`, names its words with `localized` (a frozen
 * object of English strings, which macros/languages/interface.py reads for the translators)
 * and starts each of its elements with `startEach` (see decide.js).
 */
(function () {
  'use strict';

  var STARTED = 'data-ht-started';

  /** A script's words in the page's language: a translated page carries them in
   * <script type="application/json" id="ht-strings"> (overrides/main.html); else English. */
  function localized(name, strings) {
    var node = document.getElementById('ht-strings');
    if (!node) return strings;
    try {
      return Object.freeze(Object.assign({}, strings, JSON.parse(node.textContent)[name] || {}));
    } catch {
      return strings;
    }
  }

  /** Call start(node) once for each node the selector finds: when the page is ready, and
   * again after Material's instant navigation puts in a new page. A script that runs twice
   * starts nothing twice. */
  function startEach(selector, start) {
    function startAll() {
      document.querySelectorAll(selector).forEach(function (node) {
        if (node.hasAttribute(STARTED)) return;
        node.setAttribute(STARTED, '');
        start(node);
      });
    }
    if (window.document$ && typeof window.document$.subscribe === 'function') {
      window.document$.subscribe(startAll);
    } else if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', startAll);
    } else {
      startAll();
    }
  }

  window.htSite = Object.freeze({ localized: localized, startEach: startEach });
})();
