/* The language switch keeps your place: a link to the same page in the other language
 * (overrides/partials/alternate.html, in the header) also carries this page's #address, so the answers given on
 * "What should I do?" (#route=2.1.3) or the contact opened (#mbi_ht_unit) stay the same in
 * the other language (routes and ids are the same in every language).
 *
 * The #address is read when the link is used: "What should I do?" changes it without a
 * hashchange event (history.replaceState). Switching replaces this page in the tab's history
 * instead of adding the other language after it, so Back (and Back after "Leave this site")
 * does not show this page, and its answers, again. A click with a modifier key (new tab,
 * new window) stays the browser's.
 *
 * Without JavaScript the link still goes to the same page, at its top, as a normal link.
 */
(function () {
  'use strict';

  var site = window.htSite;

  // Moments just before the address may be read, copied or shown (hover, long press, menu).
  var REFRESH_ON = Object.freeze(['pointerenter', 'focus', 'mousedown', 'touchstart', 'contextmenu']);

  /** One link, with its address without its #part, as the build wrote it. */
  function LanguageSwitch(link) {
    this.link = link;
    this.base = link.getAttribute('href').split('#')[0];
    this.refresh = this.refresh.bind(this);
    window.addEventListener('hashchange', this.refresh);
    REFRESH_ON.forEach(function (type) {
      link.addEventListener(type, this.refresh, { passive: true });
    }, this);
    link.addEventListener('click', this.handleClick.bind(this));
    this.refresh();
  }

  /** Point the link at this page's current #address in its language. */
  LanguageSwitch.prototype.refresh = function () {
    this.link.setAttribute('href', this.base + window.location.hash);
  };

  /** Follow the link to this page's current #address, in place of this page in the history. */
  LanguageSwitch.prototype.handleClick = function (event) {
    this.refresh();
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) return;
    event.preventDefault();
    window.location.replace(event.currentTarget.href);
  };

  site.startEach('a.ht-language-link', function (link) {
    return new LanguageSwitch(link);
  });
})();
