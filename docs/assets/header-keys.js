/* Material's menu and search buttons, for the keyboard.
 *
 * Material draws them as <label for="__drawer"> and <label for="__search">: a finger or a
 * mouse can press them, a keyboard cannot even reach them. Closed, the menu drawer and the
 * small-screen search are out of the tab order (site.css), so each label is replaced by a
 * real button that looks the same, has a name, says whether its panel is open and toggles
 * the same checkbox. Opening search moves the focus to the search field; opening the menu
 * from the keyboard moves it to the menu's first link; Escape closes either and returns the
 * focus to its button. Without JavaScript the labels stay (site.css then keeps the drawer in
 * the tab order).
 */
(function () {
  'use strict';

  var site = window.htSite;
  var STRINGS = site.localized('headerKeys', Object.freeze({
    menu: 'Menu',
    search: 'Search'
  }));

  var DEFAULTS = Object.freeze({
    names: Object.freeze({ __drawer: STRINGS.menu, __search: STRINGS.search }),
    drawer: '__drawer',
    drawerPanel: '.md-sidebar--primary',
    search: '__search',
    searchField: '.md-search__input',
    focusable: 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled])'
  });


  function HeaderKeysError(message) {
    this.name = 'HeaderKeysError';
    this.message = message;
  }
  HeaderKeysError.prototype = Object.create(Error.prototype);

  function HeaderButton(label) {
    var toggle = document.getElementById(label.htmlFor);
    if (!(toggle instanceof HTMLInputElement) || toggle.type !== 'checkbox') {
      throw new HeaderKeysError('label[for="' + label.htmlFor + '"] must name a checkbox');
    }
    this.toggle = toggle;
    this.button = document.createElement('button');
    this.button.type = 'button';
    this.button.className = label.className;
    this.button.setAttribute('data-toggles', toggle.id);
    this.button.setAttribute('aria-label', DEFAULTS.names[toggle.id] || toggle.id);
    this.button.innerHTML = label.innerHTML;
    label.insertAdjacentElement('beforebegin', this.button);
    label.hidden = true;
    this.showState();
    this.button.addEventListener('click', this.handleClick.bind(this));
    toggle.addEventListener('change', this.showState.bind(this));
    // Capture: before Material's own Escape handling closes search and drops the focus.
    document.addEventListener('keydown', this.handleEscape.bind(this), true);
  }

  /** Open or close the panel, as the label did; into the search field, or from the keyboard into the menu. */
  HeaderButton.prototype.handleClick = function (event) {
    this.toggle.click();
    if (!this.toggle.checked) return;
    if (this.toggle.id === DEFAULTS.search) {
      var field = document.querySelector(DEFAULTS.searchField);
      if (field) field.focus();
    } else if (this.toggle.id === DEFAULTS.drawer && event.detail === 0) {
      this.focusFirstLink();
    }
  };

  /** Escape closes the open panel and returns the focus to its button. */
  HeaderButton.prototype.handleEscape = function (event) {
    if (event.key !== 'Escape' || !this.toggle.checked) return;
    event.preventDefault();
    this.toggle.click();
    this.button.focus();
  };

  /** Move the focus to the first link in the drawer that was just opened. */
  HeaderButton.prototype.focusFirstLink = function () {
    var panel = document.querySelector(DEFAULTS.drawerPanel);
    var first = panel && Array.prototype.find.call(panel.querySelectorAll(DEFAULTS.focusable), function (el) {
      return el.getClientRects().length > 0;
    });
    if (first) first.focus();
  };

  /** Tell assistive technology whether the panel is open. */
  HeaderButton.prototype.showState = function () {
    this.button.setAttribute('aria-expanded', String(this.toggle.checked));
  };

  site.startEach('.md-header label.md-header__button[for]', function (label) {
    return new HeaderButton(label);
  });
})();
