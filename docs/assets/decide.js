/* The decision widget on /decide/: one question at a time, a combined result, and the
 * route in the address bar (#route=2.1.2: answer numbers only, never answer words).
 * Every question, answer and contact comes from the JSON the build embeds in the page. */
(function () {
  'use strict';

  /** User-facing words of the widget's own chrome; protocol text never lives here. */
  var DEFAULTS = Object.freeze({
    questionCount: 'Question {n}',
    back: 'Back',
    startAgain: 'Start again',
    yourAnswers: 'Your answers',
    change: 'Change',
    changeHidden: ' your answer to: {question}',
    contactsHeading: 'Who to contact',
    call: 'Call {phone}',
    email: 'Email {email}',
    orderHeading: 'Do these in order',
    readyHeading: 'Have this ready',
    seeBelow: 'See the list under “Have this ready” below.',
    cautionHeading: 'Be careful',
    sourcesHeading: 'Where this advice comes from',
    print: 'Print this result',
    announceQuestion: 'Question {n}: {text}',
    announceResult: 'Your result: {title}',
    staleLink: 'That link did not match the questions any more, so you are at the furthest step it reached.'
  });

  var ROUTE_PREFIX = '#route=';
  var INITIALISED = 'data-decision-widget-init';

  /** The one error type this script throws: the page is missing markup it needs. */
  class DecisionWidgetError extends Error {
    constructor(message) {
      super(message);
      this.name = 'DecisionWidgetError';
    }
  }

  /** Fill {name} placeholders of a DEFAULTS string. */
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
    return ROUTE_PREFIX + route.map(function (index) { return index + 1; }).join('.');
  }

  /** A link to another page of the site; opened from disk (file://) a folder shows no index page. */
  function pageUrl(url) {
    if (window.location.protocol !== 'file:') return url;
    return url.replace(/\/(#|$)/, '/index.html$1');
  }

  /** Items in first-seen order, each once. */
  function unique(items) {
    return items.filter(function (item, index) { return items.indexOf(item) === index; });
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
    }

    /** A required piece of markup inside the root, or a named error. */
    part(selector) {
      var found = this.root.querySelector(selector);
      if (!found) throw new DecisionWidgetError('decision widget: missing ' + selector + ' in its markup');
      return found;
    }

    /** Swap the no-JS outline for the widget and show the screen the address asks for. */
    init() {
      this.outline.hidden = true;
      this.panel.hidden = false;
      this.root.classList.add('ht-decide--js');
      window.addEventListener('hashchange', this.handleHashChange);
      this.panel.addEventListener('click', this.handleAnswerClick.bind(this));
      if (this.flowchart) this.flowchart.addEventListener('click', this.handleFlowchartClick.bind(this));
      this.showFromAddress(false);
    }

    /** Back, forward, a Change link or a typed address: show what the address says. */
    handleHashChange() {
      if (!this.root.isConnected) {
        window.removeEventListener('hashchange', this.handleHashChange);
        return;
      }
      this.showFromAddress(true);
    }

    /** An answer button: record the answer as a new address (a new history entry). */
    handleAnswerClick(event) {
      var button = event.target.closest('[data-answer-index]');
      if (button) {
        this.go(this.route.concat([Number(button.getAttribute('data-answer-index'))]));
      } else if (event.target.closest('[data-print]')) {
        window.print();
      }
    }

    /** A flowchart box or answer: jump the widget there, keeping the person's answers if they lead there. */
    handleFlowchartClick(event) {
      var link = event.target.closest('[data-flow-go]');
      if (!link) return;
      event.preventDefault();
      var route = this.routeTo(link.getAttribute('data-flow-go'));
      var answer = link.getAttribute('data-flow-answer-index');
      this.go(answer === null ? route : route.concat([Number(answer)]));
    }

    /** Show a route: through the address bar, or directly when the address is already that. */
    go(route) {
      var hash = address(route);
      if (window.location.hash === hash) this.show(route, true);
      else window.location.hash = hash;
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

    /** Read the address; an outline anchor or a stale route becomes the nearest valid route. */
    showFromAddress(moveFocus) {
      var hash = window.location.hash;
      var isRoute = hash.indexOf(ROUTE_PREFIX) === 0;
      var route = isRoute ? this.parse(hash.slice(ROUTE_PREFIX.length)) : [];
      var stale = route === null;
      var nodeId = isRoute || !hash ? null : this.nodeForAnchor(hash.replace(/^#(decide|flow)-/, ''));
      if (nodeId) route = this.routeTo(nodeId);
      else if (!isRoute && hash && moveFocus) return;  // another in-page link: keep the screen
      var wanted = route || [];
      var valid = this.walk(wanted).route;
      stale = stale || valid.length !== wanted.length;
      if (stale || nodeId) {
        window.history.replaceState(null, '', address(valid));
      }
      this.show(valid, moveFocus, stale);
    }

    /** The question or outcome id whose neutral anchor slug is given. */
    nodeForAnchor(slug) {
      var data = this.data;
      return Object.keys(data.questions).concat(Object.keys(data.outcomes)).find(function (id) {
        return (data.questions[id] || data.outcomes[id]).slug === slug;
      });
    }

    /** Render the screen for a valid route, update the flowchart and announce it. */
    show(route, moveFocus, stale) {
      this.route = route;
      var walked = this.walk(route);
      var question = this.data.questions[walked.node];
      this.panel.textContent = '';
      var heading = question ? this.renderQuestion(question, route.length + 1) : this.renderResult(walked);
      this.root.setAttribute('data-view', question ? 'question' : 'result');
      this.highlightFlowchart(walked);
      this.announce((stale ? DEFAULTS.staleLink + ' ' : '') + (question
        ? format(DEFAULTS.announceQuestion, { n: route.length + 1, text: question.text })
        : format(DEFAULTS.announceResult, { title: this.data.outcomes[walked.node].title })));
      if (moveFocus) heading.focus();
    }

    /** One question: heading, hint, one button per answer, then the answers so far. */
    renderQuestion(question, number) {
      var heading = el('h2', { class: 'ht-decide-question', tabindex: '-1', id: 'ht-decide-heading' }, [
        el('span', { class: 'ht-decide-count', text: format(DEFAULTS.questionCount, { n: number }) }), ' ',
        question.text
      ]);
      var hintId = question.hint ? 'ht-decide-hint' : null;
      var answers = el('ul', { class: 'ht-answer-list', 'aria-labelledby': 'ht-decide-heading',
        'aria-describedby': hintId }, question.answers.map(function (answer, index) {
        return el('li', {}, [el('button', { type: 'button', class: 'ht-answer-button ht-no-print',
          'data-answer-index': String(index), text: answer.label })]);
      }));
      this.panel.append(heading);
      if (question.hint) this.panel.append(el('p', { class: 'ht-hint', id: hintId, text: question.hint }));
      this.panel.append(answers);
      if (this.route.length) this.panel.append(this.renderAnswers(), this.renderNav(false));
      return heading;
    }

    /** The combined result: contacts first (one tap away), then steps in order, checklists, cautions. */
    renderResult(walked) {
      var outcome = this.data.outcomes[walked.node];
      var result = this.resultFor(walked.route, outcome);
      var heading = el('h2', { class: 'ht-result-title', tabindex: '-1', text: outcome.title });
      this.panel.append(heading, el('p', { class: 'ht-result-summary', text: outcome.summary }));
      this.panel.append(this.section('ht-result-contacts', DEFAULTS.contactsHeading,
        el('ul', { class: 'ht-call-list' }, result.contacts.map(this.renderCallItem, this))));
      this.panel.append(this.section('ht-result-steps', DEFAULTS.orderHeading,
        el('ol', { class: 'ht-steps' }, result.steps.map(this.renderStep, this))));
      var ready = result.steps.filter(function (n) { return this.data.steps[n].items.length; }, this);
      if (ready.length) {
        this.panel.append(this.section('ht-result-ready', DEFAULTS.readyHeading, el('div', {}, ready.map(this.renderChecklist, this))));
      }
      var cautions = result.steps.filter(function (n) { return this.data.steps[n].caution; }, this);
      if (cautions.length) {
        this.panel.append(this.section('ht-result-cautions', DEFAULTS.cautionHeading, el('ul', {}, cautions.map(function (n) {
          return el('li', { text: this.data.steps[n].text });
        }, this))));
      }
      this.panel.append(this.renderAnswers(), this.renderSources(result.blocks), this.renderNav(true));
      return heading;
    }

    /** The same rule as macros/paths.py result_for: answers' blocks in order, then the outcome's;
     * each once; a lone step already inside an included situation is not added again. */
    resultFor(route, outcome) {
      var data = this.data;
      var node = data.start;
      var ids = [];
      route.forEach(function (index) {
        var answer = data.questions[node].answers[index];
        ids = ids.concat(answer.include);
        node = answer.next || answer.outcome;
      });
      var blocks = unique(ids.concat(outcome.include));
      var inSituations = [];
      blocks.forEach(function (id) { if (data.blocks[id].situation) inSituations = inSituations.concat(data.blocks[id].steps); });
      blocks = blocks.filter(function (id) {
        return data.blocks[id].situation || inSituations.indexOf(data.blocks[id].steps[0]) === -1;
      });
      var steps = unique([].concat.apply([], blocks.map(function (id) { return data.blocks[id].steps; })));
      var contacts = unique([].concat.apply([], steps.map(function (n) { return data.steps[n].contacts; })));
      return { blocks: blocks, steps: steps, contacts: contacts };
    }

    /** A result section with its heading. */
    section(className, title, body) {
      return el('section', { class: className }, [el('h3', { text: title }), body]);
    }

    /** One contact as big tap-to-call and email links. */
    renderCallItem(id) {
      var contact = this.data.contacts[id];
      return el('li', { class: 'ht-call', 'data-contact': id }, [
        el('a', { class: 'ht-call-name', href: pageUrl(contact.url), text: contact.name }),
        contact.hours ? el('span', { class: 'ht-call-hours', text: ' (' + contact.hours + ')' }) : null,
        contact.tel ? el('a', { class: 'ht-call-button ht-tel', href: contact.tel, text: format(DEFAULTS.call, { phone: contact.phone }) }) : null,
        contact.mailto ? el('a', { class: 'ht-call-button ht-mail', href: contact.mailto, text: format(DEFAULTS.email, { email: contact.email }) }) : null
      ]);
    }

    /** One step of "Do these in order", with its contacts' numbers. */
    renderStep(n) {
      var step = this.data.steps[n];
      var contacts = this.data.contacts;
      return el('li', { class: 'ht-step' + (step.caution ? ' ht-caution' : '') }, [
        el('p', { class: 'ht-step-text', text: step.text }),
        step.items.length ? el('p', { class: 'ht-see-below', text: DEFAULTS.seeBelow }) : null,
        step.contacts.length ? el('ul', { class: 'ht-step-contacts' }, step.contacts.map(function (id) {
          var contact = contacts[id];
          return el('li', {}, [contact.name + ': ',
            contact.tel ? el('a', { class: 'ht-tel', href: contact.tel, text: contact.phone }) : null,
            contact.tel && contact.mailto ? ' · ' : null,
            contact.mailto ? el('a', { class: 'ht-mail', href: contact.mailto, text: contact.email }) : null]);
        })) : null
      ]);
    }

    /** A checklist under its step's own lead-in words. */
    renderChecklist(n) {
      var step = this.data.steps[n];
      return el('div', { class: 'ht-ready' }, [el('p', { text: step.text }),
        el('ul', { class: 'ht-checklist' }, step.items.map(function (item) { return el('li', { text: item }); }))]);
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
            DEFAULTS.change, el('span', { class: 'ht-visually-hidden', text: format(DEFAULTS.changeHidden, { question: question.text }) })])])
        ]);
      });
      return this.section('ht-your-answers', DEFAULTS.yourAnswers, el('dl', { class: 'ht-summary' }, rows));
    }

    /** Links to the reference pages the result was built from. */
    renderSources(blocks) {
      var data = this.data;
      var seen = [];
      var items = blocks.filter(function (id) {
        var url = data.blocks[id].url;
        if (seen.indexOf(url) !== -1) return false;
        seen.push(url);
        return true;
      }).map(function (id) {
        return el('li', {}, [el('a', { href: pageUrl(data.blocks[id].url), text: data.blocks[id].source })]);
      });
      return this.section('ht-result-sources', DEFAULTS.sourcesHeading, el('ul', {}, items));
    }

    /** Back, Start again and (on a result) Print. */
    renderNav(isResult) {
      var back = address(this.route.slice(0, -1));
      return el('p', { class: 'ht-decide-nav ht-no-print' }, [
        isResult ? el('button', { type: 'button', class: 'ht-nav-button ht-print-button', 'data-print': true, text: DEFAULTS.print }) : null,
        el('a', { class: 'ht-nav-link ht-back', href: back, text: DEFAULTS.back }),
        el('a', { class: 'ht-nav-link ht-start-again', href: ROUTE_PREFIX, text: DEFAULTS.startAgain })
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

    /** Say what changed in the live region (cleared first so a repeat is announced too). */
    announce(message) {
      var status = this.status;
      status.textContent = '';
      window.setTimeout(function () { status.textContent = message; }, 50);
    }
  }

  /** Start every widget on the page once (again after Material's instant navigation). */
  function initAll() {
    document.querySelectorAll('[data-module="decision-widget"]').forEach(function (root) {
      if (root.hasAttribute(INITIALISED)) return;
      root.setAttribute(INITIALISED, '');
      new DecisionWidget(root).init();
    });
  }

  if (window.document$ && typeof window.document$.subscribe === 'function') {
    window.document$.subscribe(initAll);
  } else if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', initAll);
  } else {
    initAll();
  }
})();
