/*
 * The Link screens, inside the iframe link-initialize.js opens. Every step is a call to the
 * sandbox's Link endpoints (/link/session/*) with the link token; results and events go to the
 * page that opened Link by postMessage, to the origin it named.
 */
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var token = params.get('token') || '';
  var parentOrigin = params.get('origin') || '*';
  var receivedRedirectUri = params.get('receivedRedirectUri');
  var app = document.getElementById('app');
  var MESSAGE = 'linkport-link';
  var session = null;
  var searchQuery = null;

  var EVENT_KEYS = [
    'account_number_mask',
    'error_code',
    'error_message',
    'error_type',
    'exit_status',
    'institution_id',
    'institution_name',
    'institution_search_query',
    'is_update_mode',
    'match_reason',
    'mfa_type',
    'request_id',
    'routing_number',
    'selection',
    'view_name',
  ];

  function post(message) {
    message.type = MESSAGE;
    window.parent.postMessage(message, parentOrigin);
  }

  /** Plaid's onEvent metadata: every key present, null when it does not apply. */
  function emit(eventName, extra) {
    var metadata = {};
    EVENT_KEYS.forEach(function (key) {
      metadata[key] = null;
    });
    if (session && session.institution) {
      metadata.institution_id = session.institution.institution_id;
      metadata.institution_name = session.institution.name;
    }
    Object.assign(metadata, extra || {});
    metadata.link_session_id = session ? session.link_session_id : null;
    metadata.timestamp = new Date().toISOString();
    post({ action: 'event', eventName: eventName, metadata: metadata });
  }

  function transition(view) {
    emit('TRANSITION_VIEW', { view_name: view });
  }

  async function call(path, body) {
    var response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    var json = await response.json();
    if (!response.ok) {
      var error = new Error(json.error_message || 'request failed');
      error.plaid = json;
      throw error;
    }
    return json;
  }

  function sessionCall(path, body) {
    return call(path, Object.assign({ link_token: token, link_session_id: session.link_session_id }, body));
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] === null || attrs[key] === undefined) return;
      if (key === 'text') node.textContent = attrs[key];
      else if (key.slice(0, 2) === 'on') node.addEventListener(key.slice(2), attrs[key]);
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  function render(title, body, options) {
    app.textContent = '';
    var top = el('div', { class: 'top' }, [
      el('span', { text: session ? session.client_name : '' }),
      el('button', {
        class: 'close',
        'aria-label': 'Close',
        text: '×',
        onclick: function () {
          exit();
        },
      }),
    ]);
    app.appendChild(top);
    if (title) app.appendChild(el('h1', { text: title }));
    body.forEach(function (node) {
      if (node) app.appendChild(node);
    });
    var focus = app.querySelector((options && options.focus) || 'input, .primary, .row');
    if (focus) focus.focus();
  }

  function bankHeader() {
    if (!session.institution) return null;
    return el('div', { class: 'bank' }, [
      el('img', { src: 'data:image/png;base64,' + session.institution.logo, alt: '' }),
      el('span', { text: session.institution.name }),
    ]);
  }

  function errorBox() {
    return session.error
      ? el('p', {
          class: 'error',
          role: 'alert',
          text: session.error.display_message || session.error.error_message,
        })
      : null;
  }

  /** Plaid's error as onExit carries it: no request id. */
  function exitError(plaidError) {
    return {
      error_type: plaidError.error_type,
      error_code: plaidError.error_code,
      error_message: plaidError.error_message,
      display_message: plaidError.display_message,
    };
  }

  function emitError(plaidError) {
    emit('ERROR', {
      error_code: plaidError.error_code,
      error_message: plaidError.error_message,
      error_type: plaidError.error_type,
      request_id: plaidError.request_id || null,
    });
  }

  /** Runs a step; a Plaid error becomes an ERROR event and the current screen again (or the error screen). */
  async function step(run) {
    try {
      session = await run();
      show();
    } catch (error) {
      if (!error.plaid) throw error;
      emitError(error.plaid);
      session = await call('/link/session/get', {
        link_token: token,
        link_session_id: session.link_session_id,
      });
      if (error.plaid.error_code === 'INVALID_CREDENTIALS' || error.plaid.error_code === 'INVALID_MFA')
        show();
      else showError(error.plaid);
    }
  }

  function showError(plaidError) {
    transition('ERROR');
    render('Something went wrong', [
      bankHeader(),
      el('p', {
        class: 'error',
        role: 'alert',
        text: plaidError.display_message || plaidError.error_message,
      }),
      el('p', { class: 'hint', text: 'Error code: ' + plaidError.error_code }),
      el('button', {
        class: 'primary',
        text: 'Exit',
        onclick: function () {
          exit();
        },
      }),
    ]);
  }

  function showConsent() {
    transition('CONSENT');
    render(session.client_name + ' uses Plaid to connect your accounts', [
      el('p', { text: 'Connect effortlessly. Your data is encrypted and you choose what to share.' }),
      el('p', { class: 'hint', text: 'Linkport sandbox: no real bank is contacted.' }),
      el('button', { class: 'primary', text: 'Continue', onclick: showInstitutions }),
    ]);
  }

  async function showInstitutions() {
    transition('SELECT_INSTITUTION');
    var list = el('div', { class: 'list', 'aria-label': 'Institutions' });
    var search = el('input', { type: 'search', placeholder: 'Search', 'aria-label': 'Search institutions' });
    var searches = 0;
    async function load() {
      var query = search.value.trim();
      var mine = ++searches;
      var result = await call('/link/session/institutions', { link_token: token, query: query });
      // Answers can arrive out of order while the user types: only the latest search is shown.
      if (mine !== searches) return;
      if (query && query !== searchQuery)
        emit('SEARCH_INSTITUTION', { institution_search_query: query, view_name: 'SELECT_INSTITUTION' });
      searchQuery = query || null;
      // The bank that had the focus keeps it when the list is drawn again.
      var focused = document.activeElement && document.activeElement.getAttribute('data-institution');
      list.textContent = '';
      result.institutions.forEach(function (institution) {
        var row = el(
          'button',
          {
            class: 'row',
            'data-institution': institution.institution_id,
            onclick: function () {
              pick(institution);
            },
          },
          [
            el('img', { src: 'data:image/png;base64,' + institution.logo, alt: '' }),
            el('span', { text: institution.name }),
          ],
        );
        list.appendChild(row);
        if (focused === institution.institution_id) row.focus();
      });
    }
    search.addEventListener('input', load);
    render('Select your bank', [search, list]);
    await load();
  }

  function pick(institution) {
    emit('SELECT_INSTITUTION', {
      institution_id: institution.institution_id,
      institution_name: institution.name,
    });
    step(function () {
      return sessionCall('/link/session/institution', { institution_id: institution.institution_id });
    });
  }

  function showCredentials() {
    transition('CREDENTIAL');
    var username = el('input', { type: 'text', name: 'username', autocomplete: 'username' });
    var password = el('input', { type: 'password', name: 'password', autocomplete: 'current-password' });
    var form = el(
      'form',
      {
        class: 'list',
        onsubmit: function (event) {
          event.preventDefault();
          emit('SUBMIT_CREDENTIALS', { view_name: 'CREDENTIAL' });
          transition('LOADING');
          step(function () {
            return sessionCall('/link/session/credentials', {
              username: username.value,
              password: password.value,
            });
          });
        },
      },
      [
        el('label', {}, [document.createTextNode('Username'), username]),
        el('label', {}, [document.createTextNode('Password'), password]),
        el('button', { class: 'primary', type: 'submit', text: 'Submit' }),
      ],
    );
    render('Enter your credentials', [
      bankHeader(),
      errorBox(),
      el('p', { class: 'hint', text: 'Sandbox: user_good / pass_good, mfa_device, error_ITEM_LOCKED…' }),
      form,
    ]);
  }

  function showMfa() {
    transition('MFA');
    var mfa = session.mfa;
    var inputs = mfa.questions.map(function (question, index) {
      if (!question.answers)
        return el('input', { type: 'text', name: 'answer' + index, 'aria-label': question.question });
      var group = el('div', { class: 'list', role: 'radiogroup', 'aria-label': question.question });
      question.answers.forEach(function (answer, k) {
        group.appendChild(
          el('label', { class: 'row' }, [
            el('input', {
              type: 'radio',
              name: 'answer' + index,
              value: answer,
              checked: k === 0 ? 'checked' : null,
            }),
            document.createTextNode(answer),
          ]),
        );
      });
      return group;
    });
    var form = el(
      'form',
      {
        class: 'list',
        onsubmit: function (event) {
          event.preventDefault();
          var answers = mfa.questions.map(function (question, index) {
            if (!question.answers) return inputs[index].value;
            var checked = form.querySelector('input[name="answer' + index + '"]:checked');
            return checked ? checked.value : '';
          });
          emit('SUBMIT_MFA', { mfa_type: mfa.mfa_type, view_name: 'MFA' });
          step(function () {
            return sessionCall('/link/session/mfa', { answers: answers });
          });
        },
      },
      mfa.questions
        .map(function (question, index) {
          return el('label', {}, [document.createTextNode(question.question), inputs[index]]);
        })
        .concat([el('button', { class: 'primary', type: 'submit', text: 'Submit' })]),
    );
    render(mfa.mfa_type === 'device' ? 'Enter your code' : 'Verify your identity', [
      bankHeader(),
      errorBox(),
      el('p', {
        class: 'hint',
        text: mfa.mfa_type === 'device' ? 'Sandbox code: 1234' : 'Sandbox: answer_<round>_<question>',
      }),
      form,
    ]);
  }

  function showOauth() {
    transition('OAUTH');
    render('Log in at ' + session.institution.name, [
      bankHeader(),
      el('p', { text: 'You will be sent to your bank to log in, then come back here.' }),
      el('button', {
        class: 'primary',
        text: 'Continue to ' + session.institution.name,
        onclick: function () {
          emit('OPEN_OAUTH', { view_name: 'OAUTH' });
          var url = new URL(session.oauth.authorize_url, window.location.href).href;
          // With a redirect_uri the whole page goes to the bank and comes back to it (receivedRedirectUri).
          var popup = session.oauth.redirect
            ? null
            : window.open(url, 'linkport-oauth', 'width=480,height=640');
          if (!popup) {
            post({ action: 'redirect', url: url });
            return;
          }
          var timer = setInterval(async function () {
            var next = await call('/link/session/get', {
              link_token: token,
              link_session_id: session.link_session_id,
            });
            if (next.view !== 'OAUTH') {
              clearInterval(timer);
              emit('CLOSE_OAUTH', { view_name: 'OAUTH' });
              session = next;
              show();
            }
          }, 500);
        },
      }),
    ]);
  }

  function showAccounts() {
    transition('SELECT_ACCOUNT');
    var multiple = session.account_selection === 'multiple';
    var list = el('div', {
      class: 'list',
      role: multiple ? 'group' : 'radiogroup',
      'aria-label': 'Accounts',
    });
    session.accounts.forEach(function (account, index) {
      var checked = multiple ? account.selected : index === 0;
      list.appendChild(
        el('label', { class: 'row' }, [
          el('input', {
            type: multiple ? 'checkbox' : 'radio',
            name: 'account',
            value: account.id,
            checked: checked ? 'checked' : null,
          }),
          el('span', {}, [
            document.createTextNode(account.name),
            el('small', { text: account.subtype + ' •••• ' + account.mask }),
          ]),
        ]),
      );
    });
    render('Select account' + (multiple ? 's' : ''), [
      bankHeader(),
      errorBox(),
      list,
      el('button', {
        class: 'primary',
        text: 'Continue',
        onclick: function () {
          var ids = Array.prototype.map.call(list.querySelectorAll('input:checked'), function (input) {
            return input.value;
          });
          step(function () {
            return sessionCall('/link/session/accounts', { account_ids: ids });
          });
        },
      }),
    ]);
  }

  function showConnected() {
    transition('CONNECTED');
    render('Success', [
      el('div', { class: 'done', text: '✓' }),
      el('p', {
        text:
          'Your account has been ' +
          (session.is_update_mode ? 'reconnected' : 'connected') +
          ' to ' +
          session.client_name +
          '.',
      }),
      el('button', {
        class: 'primary',
        text: 'Continue',
        onclick: function () {
          emit('HANDOFF', { view_name: 'CONNECTED' });
          post({
            action: 'success',
            publicToken: session.success.public_token,
            metadata: session.success.metadata,
          });
        },
      }),
    ]);
  }

  function show() {
    switch (session.view) {
      case 'SELECT_INSTITUTION':
        return showInstitutions();
      case 'CREDENTIAL':
        return showCredentials();
      case 'OAUTH':
        return showOauth();
      case 'MFA':
        return showMfa();
      case 'SELECT_ACCOUNT':
        return showAccounts();
      case 'CONNECTED':
        return showConnected();
      default:
        return undefined;
    }
  }

  async function exit() {
    var result = {
      error: null,
      metadata: { institution: null, status: null, link_session_id: null, request_id: null },
    };
    if (session) {
      try {
        result = await sessionCall('/link/session/exit', {});
      } catch (error) {
        if (!error.plaid) throw error;
      }
    }
    var plaidError = result.error ? exitError(result.error) : null;
    emit('EXIT', { exit_status: result.metadata.status, view_name: session ? session.view : null });
    post({ action: 'exit', error: plaidError, metadata: result.metadata });
  }

  window.addEventListener('message', function (event) {
    if (
      event.source === window.parent &&
      event.data &&
      event.data.type === MESSAGE &&
      event.data.action === 'exit'
    )
      exit();
  });

  async function start() {
    try {
      session = await call(
        '/link/session/start',
        receivedRedirectUri
          ? { link_token: token, received_redirect_uri: receivedRedirectUri }
          : { link_token: token },
      );
    } catch (error) {
      if (!error.plaid) throw error;
      emitError(error.plaid);
      post({
        action: 'exit',
        error: exitError(error.plaid),
        metadata: {
          institution: null,
          status: null,
          link_session_id: null,
          request_id: error.plaid.request_id,
        },
      });
      return;
    }
    emit('OPEN', { is_update_mode: session.is_update_mode ? 'true' : 'false', view_name: null });
    if (session.view === 'SELECT_INSTITUTION') showConsent();
    else show();
  }

  start();
})();
