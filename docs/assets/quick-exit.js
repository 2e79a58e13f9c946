/* Quick exit: leave this site in one motion (after GOV.UK's "Exit this page").
 *
 * The link works without JavaScript. With it, a click (or Shift pressed three times within
 * five seconds, anywhere on the page, even while typing in search: someone in a hurry may
 * be in the search box) blanks the page at once and replaces this page in the history with
 * the neutral page, so Back does not return here. Shift pressed as part of typing
 * (Shift+A) does not count. A live region tells screen-reader users how many presses remain.
 */
(function () {
  'use strict';

  var site = window.htSite;
  var STRINGS = site.localized('quickExit', Object.freeze({
    pressTwoMoreTimes: 'Shift, press 2 more times to exit.',
    pressOneMoreTime: 'Shift, press 1 more time to exit.',
    timedOut: 'Exit this page expired.',
    activated: 'Leaving this site.'
  }));

  var DEFAULTS = Object.freeze({
    presses: 3,
    timeoutMs: 5000
  });


  function QuickExitError(message) {
    this.name = 'QuickExitError';
    this.message = message;
  }
  QuickExitError.prototype = Object.create(Error.prototype);

  function QuickExit(root) {
    if (!(root instanceof HTMLAnchorElement) || !root.href) {
      throw new QuickExitError('data-module="quick-exit" must be a link with an href');
    }
    this.root = root;
    this.presses = 0;
    this.timer = null;
    this.lastKeyWasModified = false;
    this.status = document.createElement('span');
    this.status.className = 'ht-quick-exit-status';
    this.status.setAttribute('role', 'status');
    root.insertAdjacentElement('afterend', this.status);
    root.addEventListener('click', this.handleClick.bind(this));
    document.addEventListener('keyup', this.handleKeyup.bind(this), true);
    window.addEventListener('pageshow', this.resetPage.bind(this));
  }

  /** The link was used: leave now. */
  QuickExit.prototype.handleClick = function (event) {
    event.preventDefault();
    this.exitPage();
  };

  /** Count lone Shift presses; any other key starts the count again. */
  QuickExit.prototype.handleKeyup = function (event) {
    if (event.key === 'Shift' && !this.lastKeyWasModified) {
      this.presses += 1;
      if (this.presses >= DEFAULTS.presses) {
        this.exitPage();
      } else {
        this.announce(this.presses === 1 ? STRINGS.pressTwoMoreTimes : STRINGS.pressOneMoreTime);
        this.startTimer();
      }
    } else if (this.presses > 0) {
      this.resetPresses();
    }
    this.lastKeyWasModified = event.shiftKey;
  };

  /** Blank the page at once, then replace it in the history with the neutral page. */
  QuickExit.prototype.exitPage = function () {
    this.resetPresses();
    document.documentElement.classList.add('ht-exiting');
    document.title = '';
    this.announce(STRINGS.activated);
    window.location.replace(this.root.href);
  };

  /** Shift was pressed: the next presses must follow within the time limit. */
  QuickExit.prototype.startTimer = function () {
    clearTimeout(this.timer);
    this.timer = setTimeout(function () {
      this.resetPresses();
      this.announce(STRINGS.timedOut);
    }.bind(this), DEFAULTS.timeoutMs);
  };

  /** Forget the Shift presses counted so far. */
  QuickExit.prototype.resetPresses = function () {
    clearTimeout(this.timer);
    this.timer = null;
    this.presses = 0;
  };

  /** Restore the page if the browser shows it again from its back-forward cache. */
  QuickExit.prototype.resetPage = function () {
    document.documentElement.classList.remove('ht-exiting');
    this.resetPresses();
    this.announce('');
  };

  /** Tell screen-reader users what happened. */
  QuickExit.prototype.announce = function (text) {
    this.status.textContent = text;
  };

  site.startEach('[data-module="quick-exit"]', function (root) {
    return new QuickExit(root);
  });
})();
