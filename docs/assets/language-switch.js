/* The language switch keeps your place: a link to the same page in the other language
 * (overrides/main.html) also carries this page's #address, so the answers given on
 * "What should I do?" (#route=2.1.3) or the contact opened (#mbi_ht_unit) stay the same in
 * the other language (routes and ids are the same in every language).
 *
 * Without JavaScript the link still goes to the same page, at its top.
 */
(function () {
  'use strict'

  var DEFAULTS = Object.freeze({
    links: '.ht-languages a.ht-language-link'
  })

  /** Each link's address without its #part, as the build wrote it. */
  function LanguageSwitch (links) {
    this.links = links.map(function (link) {
      return { node: link, base: link.getAttribute('href').split('#')[0] }
    })
    this.handleHashchange = this.handleHashchange.bind(this)
    window.addEventListener('hashchange', this.handleHashchange)
    this.handleHashchange()
  }

  /** Point every link at this page's current #address in its language. */
  LanguageSwitch.prototype.handleHashchange = function () {
    var hash = window.location.hash
    this.links.forEach(function (link) {
      link.node.setAttribute('href', link.base + hash)
    })
  }

  var links = Array.prototype.slice.call(document.querySelectorAll(DEFAULTS.links))
  if (links.length) new LanguageSwitch(links) // eslint-disable-line no-new
})()
