/* Nothing this site does may leave a trace in the browser.
 *
 * Material for MkDocs keeps a few preferences (colour palette, dismissed banner, linked
 * tabs, version notice) through two global helpers, __md_get and __md_set, that its
 * base template defines in an inline script just before this file; its bundle, which
 * runs after this file, calls them by name. With our configuration none of those features
 * writes anything, but one configuration change would start writing to localStorage or
 * sessionStorage. Redefining the two helpers here keeps every such value in memory for
 * the life of the page instead, and survives Material upgrades that change the helpers'
 * bodies (the browser tests check that storage stays empty, so a renamed helper is noticed).
 * We do not edit Material's inline script: its hash is in the page's Content-Security-Policy.
 */
(function () {
  'use strict';
  var memory = new Map();
  var key = function (name, scope) {
    return (scope || window.__md_scope || location).pathname + '.' + name;
  };
  /** Read a value this page set earlier (never browser storage). */
  window.__md_get = function (name, _storage, scope) {
    var k = key(name, scope);
    return memory.has(k) ? JSON.parse(memory.get(k)) : null;
  };
  /** Keep a value for the life of this page only. */
  window.__md_set = function (name, value, _storage, scope) {
    memory.set(key(name, scope), JSON.stringify(value));
  };
})();
