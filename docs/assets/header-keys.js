/* Material's menu and search buttons, for the keyboard.
 *
 * Material draws them as <label for="__drawer"> and <label for="__search">: a finger or a
 * mouse can press them, a keyboard cannot even reach them. Closed, the menu drawer and the
 * small-screen search are out of the tab order (site.css), so each label is replaced by a
 * real button that looks the same, has a name, says whether its panel is open and toggles
 * the same checkbox. Opening the menu from the keyboard moves the focus to its first link;
 * Escape closes it and returns the focus to the button. Without JavaScript the labels stay
 * (site.css then keeps the drawer in the tab order).
 */
(function () {
  'use strict'

  var DEFAULTS = Object.freeze({
    names: Object.freeze({ __drawer: 'Menu', __search: 'Search' }),
    drawer: '__drawer',
    drawerPanel: '.md-sidebar--primary',
    focusable: 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled])'
  })

  function HeaderKeysError (message) {
    this.name = 'HeaderKeysError'
    this.message = message
  }
  HeaderKeysError.prototype = Object.create(Error.prototype)

  function HeaderButton (label) {
    var toggle = document.getElementById(label.htmlFor)
    if (!(toggle instanceof HTMLInputElement) || toggle.type !== 'checkbox') {
      throw new HeaderKeysError('label[for="' + label.htmlFor + '"] must name a checkbox')
    }
    this.toggle = toggle
    this.button = document.createElement('button')
    this.button.type = 'button'
    this.button.className = label.className
    this.button.setAttribute('data-toggles', toggle.id)
    this.button.setAttribute('aria-label', DEFAULTS.names[toggle.id] || toggle.id)
    this.button.innerHTML = label.innerHTML
    label.insertAdjacentElement('beforebegin', this.button)
    label.hidden = true
    this.showState()
    this.button.addEventListener('click', this.handleClick.bind(this))
    toggle.addEventListener('change', this.showState.bind(this))
    if (toggle.id === DEFAULTS.drawer) document.addEventListener('keydown', this.handleEscape.bind(this))
  }

  /** Open or close the panel, as the label did; from the keyboard, into the opened menu. */
  HeaderButton.prototype.handleClick = function (event) {
    this.toggle.click()
    if (this.toggle.id === DEFAULTS.drawer && this.toggle.checked && event.detail === 0) this.focusFirstLink()
  }

  /** Escape closes the open drawer and returns the focus to its button. */
  HeaderButton.prototype.handleEscape = function (event) {
    if (event.key !== 'Escape' || !this.toggle.checked) return
    this.toggle.click()
    this.button.focus()
  }

  /** Move the focus to the first link in the drawer that was just opened. */
  HeaderButton.prototype.focusFirstLink = function () {
    var panel = document.querySelector(DEFAULTS.drawerPanel)
    var first = panel && Array.prototype.find.call(panel.querySelectorAll(DEFAULTS.focusable), function (el) {
      return el.getClientRects().length > 0
    })
    if (first) first.focus()
  }

  /** Tell assistive technology whether the panel is open. */
  HeaderButton.prototype.showState = function () {
    this.button.setAttribute('aria-expanded', String(this.toggle.checked))
  }

  document.querySelectorAll('.md-header label.md-header__button[for]').forEach(function (label) {
    if (label.hasAttribute('data-header-keys-init')) return
    label.setAttribute('data-header-keys-init', '')
    new HeaderButton(label) // eslint-disable-line no-new
  })
})()
