/* The decision widget on /decide/: one question at a time, then the route's result, and the
 * route in the address bar (#route=2.1.2: answer numbers only, never answer words).
 * Every question and answer and every route's finished result comes from the JSON the build
 * embeds in the page (macros/pages/widget.py), and every step from the <template data-step>
 * the build drew with the pages' own step template: this script combines and draws no step. */
(function () {
  'use strict';

  /** User-facing words of the widget's own chrome; protocol text never lives here. */
  var site = window.htSite;
  var STRINGS = site.localized('decide', Object.freeze({
    questionCount: 'Question {n}',
    back: 'Back',
    backNote: 'Your browser’s Back button leaves these questions instead of going to the previous one, so that no one can step back through your answers. Each later question has its own Back link.',
    startAgain: 'Start again',
    yourAnswers: 'Your answers',
    change: 'Change',
    changeHidden: 'your answer to: {question}',
    orderHeading: 'Do these in order',
    orderNote: 'Each section’s steps are in the protocol’s order; the order of the sections is this website’s, from your answers.',
    sourcesHeading: 'Where this advice comes from',
    examplesLead: 'The protocol’s examples for these sections:',
    print: 'Print this result',
    staleLink: 'That link did not match the questions any more, so you are at the furthest step it reached.'
  }));


  var ROUTE_PREFIX = '#route=';

  /** The one error type this script throws: the page is missing markup it needs. */
  class DecisionWidgetError extends Error {
    constructor(message) {
      super(message);
      this.name = 'DecisionWidgetError';
    }
  }

  /** Fill {name} placeholders of a STRINGS string. */
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  /** Create an element with attributes and children (text children become text nodes). */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value === true ? '' : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** [1, 0, 2] (answer indexes) -> '#route=2.1.3' (answer numbers, as people count). */
  function address(route) {
    return ROUTE_PREFIX + routeKey(route);
  }

  /** [1, 0, 2] -> '2.1.3': the key of a route's result in the build's data. */
  function routeKey(route) {
    return route.map(function (index) { return index + 1; }).join('.');
  }

  /** A link to another page of the site; opened from disk (file://) a folder shows no index page. */
  function pageUrl(url) {
    if (window.location.protocol !== 'file:') return url;
    return url.replace(/\/(#|$)/, '/index.html$1');
  }

  /** '2.1.3' (an outline anchor's 'decide-2-1-3', 'decide-start') -> the route key, or null. */
  function anchorKey(hash) {
    var match = /^#decide-(start|\d+(?:-\d+)*)$/.exec(hash);
    if (!match) return null;
    return match[1] === 'start' ? '' : match[1].replace(/-/g, '.');
  }

  /** A click of the primary button with no modifier key: any other click (a new tab, a new
   * window, a download) stays the browser's. */
  function isPlainClick(event) {
    return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
  }

  /** Where a link leads on this very page: its '#part' ('#' for href="#"), '' for the page itself
   * without one, or null for anywhere else (another page, another tab or window, a download). */
  function placeOnThisPage(link) {
    if (!(link instanceof HTMLAnchorElement) || link.hasAttribute('download')) return null;
    if (link.target && link.target !== '_self') return null;
    var at = link.href.indexOf('#');
    var page = at === -1 ? link.href : link.href.slice(0, at);
    if (page !== window.location.href.split('#')[0]) return null;
    return at === -1 ? '' : link.href.slice(at);
  }

  /** What following a '#part' link does, without changing the address: scroll to its target and
   * move the focus there (a target that takes no focus is given tabindex="-1"); '#' or '#top'
   * with no such element goes to the top of the page. Returns whether a target was found. */
  function showTarget(hash) {
    var id = hash.slice(1);
    var decoded = id;
    try { decoded = decodeURIComponent(id); } catch { /* keep it as written */ }
    var target = id ? document.getElementById(id) || document.getElementById(decoded) ||
      document.getElementsByName(decoded)[0] : null;
    if (!target) {
      if (!id || decoded.toLowerCase() === 'top') window.scrollTo(0, 0);
      return false;
    }
    target.scrollIntoView();
    if (!target.matches('a[href], button, input, select, textarea, summary, [tabindex]')) {
      target.setAttribute('tabindex', '-1');
    }
    target.focus({ preventScroll: true });
    return true;
  }

  /** Close Material's navigation drawer, as Material does when a link changes the '#part'. */
  function closeDrawer() {
    var drawer = document.querySelector('[data-md-toggle="drawer"]');
    if (drawer && drawer.checked) drawer.click();
  }

  class DecisionWidget {
    constructor(root) {
      this.root = root;
      this.data = JSON.parse(this.part('script[data-decision-data]').textContent);
      this.panel = this.part('[data-decide-panel]');
      this.status = this.part('[data-decide-status]');
      this.outline = this.part('[data-decide-outline]');
      this.flowchart = root.querySelector('.ht-flowchart');
      this.route = [];
      this.handleHashChange = this.handleHashChange.bind(this);
      this.handlePageClick = this.handlePageClick.bind(this);
    }

    /** A required piece of markup inside the root, or a named error. */
    part(selector) {
      var found = this.root.querySelector(selector);
      if (!found) throw new DecisionWidgetError('decision widget: missing ' + selector + ' in its markup');
      return found;
    }

    /** Swap the no-JS outline for the widget and show the screen the address asks for.
     * Moving between screens never adds a history entry (see go), so that Back, and Back after
     * "Leave this site", does not show an earlier screen of answers. */
    init() {
      this.outline.hidden = true;
      this.panel.hidden = false;
      this.root.classList.add('ht-decide--js');
      window.addEventListener('hashchange', this.handleHashChange);
      this.root.addEventListener('click', this.handleClick.bind(this));
      document.addEventListener('click', this.handlePageClick);
      this.showFromAddress(false);
    }

    /** An address typed or pasted into the address bar (or history moving between entries made
     * that way): show what the address says. */
    handleHashChange() {
      if (!this.root.isConnected) {
        window.removeEventListener('hashchange', this.handleHashChange);
        return;
      }
      this.showFromAddress(true);
    }

    /** A click inside the widget: an answer, Print, or a link to one of its screens (Back, Start
     * again, Change, a flowchart box or answer), shown in place of the current history entry.
     * The links stay real links: opened in a new tab, they show the same screen there. */
    handleClick(event) {
      var button = event.target.closest('[data-answer-index]');
      if (button) {
        this.go(this.route.concat([Number(button.getAttribute('data-answer-index'))]));
        return;
      }
      if (event.target.closest('[data-print]')) {
        window.print();
        return;
      }
      var link = event.target.closest('a[href]');
      var plain = link && !event.defaultPrevented && isPlainClick(event);
      // A box of the flowchart links to its screen's own page (for a browser without JavaScript);
      // here it jumps the widget there, in this history entry. A new tab still opens the page.
      var flow = plain && event.target.closest('[data-flow-go]');
      var hash = plain ? placeOnThisPage(link) : null;
      if (!flow && !hash) return;
      if (flow) {
        // Keep the person's answers when they lead to that box.
        event.preventDefault();
        var route = this.routeTo(flow.getAttribute('data-flow-go'));
        var answer = flow.getAttribute('data-flow-answer-index');
        this.go(answer === null ? route : route.concat([Number(answer)]));
      } else if (this.requestedRoute(hash) !== undefined) {
        event.preventDefault();
        this.goTo(hash);
      }
    }

    /** Any other link to this page (Skip to content, a table of contents, a search result, the
     * menu's link to this page): go there without adding a history entry, so that no earlier
     * screen of answers is left behind Back. */
    handlePageClick(event) {
      if (!this.root.isConnected) {
        document.removeEventListener('click', this.handlePageClick);
        return;
      }
      var link = event.target.closest && event.target.closest('a[href]');
      var hash = link && !event.defaultPrevented && isPlainClick(event) ? placeOnThisPage(link) : null;
      if (hash === null) {
        if (link) this.forgetAtRiskAnswers(event, link);
        return;
      }
      event.preventDefault();
      if (hash === '') {
        window.location.replace(link.href);  // this page again, from its start: in this entry
        return;
      }
      if (this.requestedRoute(hash) !== undefined) this.goTo(hash);
      else if (!showTarget(hash)) return;
      closeDrawer();
    }

    /** A route's finished result, as the build made it: from the first screen, each answer's
     * number leads to the next screen, and the last one names its result (each distinct screen
     * and result is in the data once). Undefined for a route that does not end in a result. */
    resultOf(route) {
      var screen = this.data.screens[0];
      for (var i = 0; i < route.length && screen && screen.next; i += 1) {
        screen = this.data.screens[screen.next[route[i]]];
      }
      return screen && screen.result !== undefined && i === route.length ? this.data.results[screen.result] : undefined;
    }

    /** Whether the screen shown is the result of a route for the person at risk. */
    showsAtRiskResult() {
      var result = this.resultOf(this.route);
      return !!(result && result.atRisk);
    }

    /** The person at risk's result is not left behind in the history: a link from it to another
     * page of this site (How to browse safely, a contact, a situation) first clears the answers
     * from this entry, address and screen, so that Back, and Back after "Leave this site" on that
     * page, shows the first question. Calls, emails, downloads and new tabs are left alone. */
    forgetAtRiskAnswers(event, link) {
      if (!this.showsAtRiskResult() || event.defaultPrevented || !isPlainClick(event)) return;
      if (link.hasAttribute('download') || (link.target && link.target !== '_self')) return;
      if (!/^(https?|file):$/.test(link.protocol)) return;
      event.preventDefault();
      var href = link.href;
      window.history.replaceState(window.history.state, '', address([]));
      this.show([], false);
      window.location.assign(href);
    }

    /** Show the screen a '#part' asks for (as far as its route is valid), in this history entry. */
    goTo(hash) {
      var wanted = this.requestedRoute(hash);
      var valid = this.walk(wanted || []).route;
      this.go(valid, wanted === null || valid.length !== wanted.length);
    }

    /** Show a route, its address replacing the current one in the history: the answers are one
     * history entry, never one per screen. */
    go(route, stale) {
      window.history.replaceState(window.history.state, '', address(route));
      this.show(route, true, stale);
    }

    /** The answers that reach a node: the person's own if they pass through it, else the build's choice. */
    routeTo(nodeId) {
      var nodes = this.walk(this.route).nodes;
      var at = nodes.indexOf(nodeId);
      if (at !== -1) return this.route.slice(0, at);
      return this.parse(this.data.entryRoutes[nodeId] || '');
    }

    /** '2.1.3' -> [1, 0, 2] (answer indexes); anything else -> null. */
    parse(key) {
      if (key === '') return [];
      if (!/^\d+(\.\d+)*$/.test(key)) return null;
      return key.split('.').map(function (n) { return Number(n) - 1; });
    }

    /** Follow answers from the start as far as they are valid. */
    walk(route) {
      var node = this.data.start;
      var nodes = [node];
      var taken = [];
      for (var i = 0; i < route.length; i++) {
        var question = this.data.questions[node];
        var answer = question && question.answers[route[i]];
        if (!answer) break;
        taken.push(route[i]);
        node = answer.next || answer.outcome;
        nodes.push(node);
      }
      return { route: taken, nodes: nodes, node: node };
    }

    /** The answers a '#part' asks for: a route (#route=2.1.3), an outline anchor (#decide-2-1) or
     * a flowchart box (#flow-q2); null for a route that cannot be read; [] for no '#part';
     * undefined for any other place on the page (#ht-content). */
    requestedRoute(hash) {
      if (hash.indexOf(ROUTE_PREFIX) === 0) return this.parse(hash.slice(ROUTE_PREFIX.length));
      var outlineKey = anchorKey(hash);
      if (outlineKey !== null) return this.parse(outlineKey);
      var nodeId = hash ? this.nodeForAnchor(hash.replace(/^#flow-/, '')) : null;
      if (nodeId) return this.routeTo(nodeId);
      return hash ? undefined : [];
    }

    /** Read the address; an outline anchor or a stale route becomes the nearest valid route. */
    showFromAddress(moveFocus) {
      var hash = window.location.hash;
      var isRoute = hash.indexOf(ROUTE_PREFIX) === 0;
      var route = this.requestedRoute(hash);
      if (route === undefined && moveFocus) return;  // another in-page link: keep the screen
      if (route === undefined) route = [];
      var stale = route === null;
      var wanted = route || [];
      var valid = this.walk(wanted).route;
      stale = stale || valid.length !== wanted.length;
      if (stale || !isRoute && hash) {
        window.history.replaceState(null, '', address(valid));
      }
      this.show(valid, moveFocus, stale);
    }

    /** The question or outcome id whose flowchart slug ('q2', 'r1') is given. */
    nodeForAnchor(slug) {
      var data = this.data;
      return Object.keys(data.questions).concat(Object.keys(data.outcomes)).find(function (id) {
        return (data.questions[id] || data.outcomes[id]).slug === slug;
      });
    }

    /** Render the screen for a valid route, update the flowchart, move focus to its heading. */
    show(route, moveFocus, stale) {
      this.route = route;
      var walked = this.walk(route);
      var question = this.data.questions[walked.node];
      this.panel.textContent = '';
      var heading = question ? this.renderQuestion(walked.node, route.length + 1) : this.renderResult(walked);
      this.root.setAttribute('data-view', question ? 'question' : 'result');
      this.root.setAttribute('data-shown', address(route));  // which route the screen shows now
      this.highlightFlowchart(walked);
      // The heading, once focused, is what a screen reader reads: the live region speaks only
      // when something else needs saying, so no screen is announced twice.
      this.status.textContent = stale ? STRINGS.staleLink : '';
      if (moveFocus) heading.focus();
    }

    /** Emergency steps the answers so far have added (the build lists them per answer). */
    urgentSteps() {
      var data = this.data;
      var node = data.start;
      var found = [];
      this.route.forEach(function (index) {
        var answer = data.questions[node].answers[index];
        answer.urgent.forEach(function (n) { if (found.indexOf(n) === -1) found.push(n); });
        node = answer.next || answer.outcome;
      });
      return found;
    }

    /** One question: any "call now" step already given, then the question as the build drew it
     * (heading, hint, one button per answer), numbered. */
    renderQuestion(id, number) {
      var urgent = this.urgentSteps();
      if (urgent.length) {
        this.panel.append(el('div', { class: 'ht-urgent' }, [
          el('ol', { class: 'ht-steps' }, urgent.map(function (n) { return this.renderStep(n, false); }, this))]));
      }
      var screen = this.drawn('template[data-question="' + id + '"]', 'question ' + id);
      var heading = screen.querySelector('h2');
      heading.querySelector('.ht-decide-count').textContent = format(STRINGS.questionCount, { n: number });
      this.panel.append(screen);
      // Said once, on the first question: Back leaving the questions is for safety, not a fault.
      if (!this.route.length) this.panel.append(el('p', { class: 'ht-hint ht-decide-back-note ht-no-print', text: STRINGS.backNote }));
      if (this.route.length) this.panel.append(this.renderAnswers(), this.renderNav(false));
      return heading;
    }

    /** A copy of what the build drew in a <template> of this page. */
    drawn(selector, what) {
      var template = this.root.querySelector(selector);
      if (!template) throw new DecisionWidgetError('decision widget: ' + what + ' was not drawn by the build');
      return template.content.cloneNode(true);
    }

    /** The route's result as the build made it: every step in order, each with its own
     * contacts (tap to call), checklist and label, so nothing is shown before its turn. */
    renderResult(walked) {
      var outcome = this.data.outcomes[walked.node];
      var result = this.resultOf(walked.route);
      if (!result) throw new DecisionWidgetError('decision widget: no result for route ' + walked.route.join('.'));
      var heading = el('h2', { class: 'ht-result-title', tabindex: '-1', text: outcome.title });
      this.panel.append(heading, el('p', { class: 'ht-result-summary', text: outcome.summary }));
      // The person at risk reads first how to keep this visit from being found.
      if (result.atRisk) this.panel.append(this.renderSafety());
      // Steps for some callers only say so where no answer said who the person is.
      // A closing note every result ends with is set apart under its section's title: no to-do.
      var apart = result.closing || 0;
      var todo = result.steps.slice(0, result.steps.length - apart);
      this.panel.append(this.section('ht-result-steps', STRINGS.orderHeading, el('div', {}, [
        // Which order is whose: the protocol orders each section, the site orders the sections.
        el('p', { class: 'ht-hint ht-order-note', text: STRINGS.orderNote }),
        el('ol', { class: 'ht-steps' }, todo.map(function (n) {
          return this.renderStep(n, result.conditional, result.afterEmergency);
        }, this))])));
      if (apart) {
        this.panel.append(this.section('ht-result-closing', this.data.situations[result.closingFrom].title,
          el('ol', { class: 'ht-steps' }, result.steps.slice(todo.length).map(function (n) {
            return this.renderStep(n, result.conditional, result.afterEmergency);
          }, this))));
      }
      // Printing leaves paper behind: not offered to the person at risk.
      this.panel.append(this.renderAnswers(), this.renderSources(result.sources), this.renderNav(!result.atRisk));
      return heading;
    }

    /** "If someone may check this phone or computer: ... How to browse safely", as the build drew it. */
    renderSafety() {
      return this.drawn('template[data-safety]', 'the line on how to browse safely');
    }

    /** A result section with its heading. */
    section(className, title, body) {
      return el('section', { class: className }, [el('h3', { text: title }), body]);
    }

    /** One step as the build drew it (a <template data-step> of this page, from the pages' own
     * step template): without its condition where an answer said who the person is, and after
     * an emergency call with the label it takes then (data-label-after). */
    renderStep(n, conditional, afterEmergency) {
      var step = this.drawn('template[data-step="' + n + '"]', 'step ' + n).firstElementChild;
      if (!conditional) {
        step.querySelectorAll('.ht-step-condition').forEach(function (node) { node.remove(); });
        step.removeAttribute('data-audience');
      }
      var after = step.getAttribute('data-label-after');
      var label = step.querySelector('.ht-step-label');
      if (afterEmergency && after) {
        var text = step.querySelector('.ht-step-text');
        if (label) label.textContent = after;
        else if (text) text.prepend(el('strong', { class: 'ht-step-label', text: after }), ' ');
      }
      step.removeAttribute('data-label-after');
      return step;
    }

    /** "Your answers": each question and answer so far, with a Change link back to it. */
    renderAnswers() {
      var data = this.data;
      var node = data.start;
      var route = this.route;
      var rows = route.map(function (index, i) {
        var question = data.questions[node];
        node = question.answers[index].next || question.answers[index].outcome;
        return el('div', { class: 'ht-summary-row' }, [
          el('dt', { text: question.text }),
          el('dd', { class: 'ht-summary-answer', text: question.answers[index].label }),
          el('dd', { class: 'ht-summary-change ht-no-print' }, [el('a', { href: address(route.slice(0, i)) }, [
            STRINGS.change, ' ', el('span', { class: 'ht-visually-hidden', text: format(STRINGS.changeHidden, { question: question.text }) })])])
        ]);
      });
      return this.section('ht-your-answers', STRINGS.yourAnswers, el('dl', { class: 'ht-summary' }, rows));
    }

    /** Links to the reference pages of the sections the result was put together from. */
    renderSources(sources) {
      var situations = this.data.situations;
      // The sections' examples say what they are for ("whether or not they are willing to testify").
      var examples = [];
      sources.forEach(function (n) {
        situations[n].examples.forEach(function (text) {
          examples.push(el('li', {}, [text, ' ', el('span', { class: 'ht-example-source', text: '(' + situations[n].title + ')' })]));
        });
      });
      return this.section('ht-result-sources', STRINGS.sourcesHeading, el('div', {}, [
        el('ul', {}, sources.map(function (n) {
          return el('li', {}, [el('a', { href: pageUrl(situations[n].url), text: situations[n].title })]);
        })),
        examples.length ? el('p', { class: 'ht-examples-lead', text: STRINGS.examplesLead }) : null,
        examples.length ? el('ul', { class: 'ht-source-examples' }, examples) : null
      ]));
    }

    /** Back, Start again and (on a result, unless it is the person at risk's) Print. */
    renderNav(isResult) {
      var back = address(this.route.slice(0, -1));
      return el('p', { class: 'ht-decide-nav ht-no-print' }, [
        isResult ? el('button', { type: 'button', class: 'ht-nav-button ht-print-button', 'data-print': true, text: STRINGS.print }) : null,
        el('a', { class: 'ht-nav-link ht-back', href: back, text: STRINGS.back }),
        el('a', { class: 'ht-nav-link ht-start-again', href: ROUTE_PREFIX, text: STRINGS.startAgain })
      ]);
    }

    /** Mark the boxes and answers of the current route in the flowchart. */
    highlightFlowchart(walked) {
      if (!this.flowchart) return;
      var onPath = {};
      var chosen = {};
      walked.nodes.forEach(function (id, i) {
        onPath[id] = true;
        if (i < walked.route.length) chosen[id + ':' + walked.route[i]] = true;
      });
      this.flowchart.querySelectorAll('[data-flow-node]').forEach(function (box) {
        var id = box.getAttribute('data-flow-node');
        box.classList.toggle('is-on-path', !!onPath[id]);
        box.classList.toggle('is-current', id === walked.node);
        var title = box.querySelector('.ht-flow-title');
        if (id === walked.node) title.setAttribute('aria-current', 'step');
        else title.removeAttribute('aria-current');
      });
      this.flowchart.querySelectorAll('[data-flow-answer]').forEach(function (item) {
        item.classList.toggle('is-chosen', !!chosen[item.getAttribute('data-flow-answer')]);
      });
    }
  }

  site.startEach('[data-module="decision-widget"]', function (root) {
    new DecisionWidget(root).init();
  });
})();
