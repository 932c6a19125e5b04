/*
 * The demo brand's page: talks only to its own backend (/demo/api), which talks to Plaid and Linkport.
 * Five tabs: processor tokens (the brand holds the Plaid Item, this file), hosted linking
 * (Linkport holds it, hosted.js), the webhooks the backend received (webhooks.js), transaction
 * insights (insights.js) and money movement for this tab's customer (transfers.js); those use the
 * helpers this file shares.
 */
(function () {
  'use strict';
  var state = { customerId: null, accountId: null, full: {}, rendered: '' };

  async function api(method, path, body) {
    var response = await fetch('/demo/api' + path, {
      method: method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    var json = await response.json();
    if (!response.ok) throw new Error(json.Message || json.error_message || 'request failed');
    return json;
  }

  /** Shows an error in the page's alert box (or clears it with null). */
  function showError(boxId, error) {
    var box = document.getElementById(boxId);
    box.textContent = error ? error.message : '';
    box.hidden = !error;
  }

  /** One step of this tab: an error shows in the page, and the list is read again. */
  function step(promise) {
    showError('processor-error', null);
    return Promise.resolve(promise)
      .catch(function (error) {
        showError('processor-error', error);
      })
      .then(refresh);
  }

  function openLink(linkedAccountId) {
    step(
      api('POST', '/link_token', linkedAccountId ? { linked_account_id: linkedAccountId } : {}).then(
        function (result) {
          var handler = window.Plaid.create({
            token: result.link_token,
            onSuccess: function (publicToken, metadata) {
              if (linkedAccountId) return step(null);
              step(
                api('POST', '/link', {
                  customer_id: state.customerId,
                  public_token: publicToken,
                  plaid_account_id: metadata.accounts[0].id,
                }),
              );
            },
            onExit: function (error) {
              if (error)
                showError('processor-error', new Error(error.display_message || error.error_message));
              refresh();
            },
          });
          handler.open();
        },
      ),
    );
  }

  function button(text, onclick, secondary) {
    var b = document.createElement('button');
    b.textContent = text;
    if (secondary) b.className = 'secondary';
    b.addEventListener('click', onclick);
    return b;
  }

  /** Reads the accounts; redraws only when they changed, so polling leaves keyboard focus alone. */
  async function refresh() {
    if (!state.accountId) return;
    var list;
    try {
      list = await api(
        'GET',
        '/accounts/' + state.accountId + '/external_accounts?full=' + Boolean(Object.keys(state.full).length),
      );
    } catch (error) {
      showError('processor-error', error);
      return;
    }
    var rendered = JSON.stringify([list, state.full]);
    if (rendered === state.rendered) return;
    state.rendered = rendered;
    var box = document.getElementById('accounts');
    box.textContent = '';
    list.forEach(function (account) {
      var row = document.createElement('div');
      row.className = 'account';
      row.setAttribute('data-linked-account', account.linked_account_id);
      var logo = document.createElement('img');
      logo.alt = '';
      if (account.bank_logo) logo.src = account.bank_logo;
      var text = document.createElement('div');
      text.className = 'grow';
      var shown = state.full[account.linked_account_id];
      text.innerHTML = '';
      var name = document.createElement('strong');
      name.textContent = account.bank_name + ' · ' + account.account_type;
      var numbers = document.createElement('div');
      numbers.className = 'muted numbers';
      numbers.textContent = shown
        ? 'Account ' + account.account_number + ' · Routing ' + account.routing_number
        : 'Account ' + account.account_number;
      text.appendChild(name);
      text.appendChild(numbers);
      var status = document.createElement('span');
      status.className = 'status ' + account.status;
      status.textContent = account.status.replace('_', ' ');
      row.appendChild(logo);
      row.appendChild(text);
      row.appendChild(status);
      row.appendChild(
        button(
          shown ? 'Hide number' : 'Show full number',
          function () {
            if (shown) delete state.full[account.linked_account_id];
            else state.full[account.linked_account_id] = true;
            refresh();
          },
          true,
        ),
      );
      if (account.status === 'active')
        row.appendChild(
          button(
            'Break login',
            function () {
              step(api('POST', '/break', { linked_account_id: account.linked_account_id }));
            },
            true,
          ),
        );
      else
        row.appendChild(
          button('Repair', function () {
            openLink(account.linked_account_id);
          }),
        );
      row.appendChild(
        button(
          'Remove',
          function () {
            step(api('DELETE', '/linked/' + account.linked_account_id));
          },
          true,
        ),
      );
      box.appendChild(row);
    });
  }

  document.getElementById('customer-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = new FormData(event.target);
    step(
      api('POST', '/customers', {
        first_name: form.get('first_name'),
        last_name: form.get('last_name'),
      }).then(function (created) {
        state.customerId = created.customer_id;
        state.accountId = created.account_id;
        state.rendered = '';
        document.getElementById('customer').textContent =
          'Customer ' + created.customer_id + ' with card account ' + created.account_id;
        document.getElementById('link').disabled = false;
      }),
    );
  });
  document.getElementById('link').addEventListener('click', function () {
    openLink(null);
  });

  /** An element with a class and text: what the other tabs build their rows from. */
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /** The card account of the customer created on this tab, or null: the Transfers tab moves its money. */
  function cardAccount() {
    return state.accountId;
  }

  window.demo = {
    api: api,
    button: button,
    element: element,
    showError: showError,
    cardAccount: cardAccount,
  };

  /* Tabs (WAI-ARIA tabs, automatic activation): arrows, Home and End move between them. */

  var tabs = Array.prototype.slice.call(document.querySelectorAll('[role="tab"]'));

  function panelShown(id) {
    return !document.getElementById(id).hidden;
  }

  function selectTab(tab) {
    tabs.forEach(function (other) {
      var selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
    });
    if (panelShown('panel-hosted')) window.demoHosted.refresh();
    else if (panelShown('panel-webhooks')) window.demoWebhooks.refresh();
    else if (panelShown('panel-insights')) window.demoInsights.refresh();
    else if (panelShown('panel-transfers')) window.demoTransfers.refresh();
    else refresh();
  }

  tabs.forEach(function (tab, index) {
    tab.addEventListener('click', function () {
      selectTab(tab);
    });
    tab.addEventListener('keydown', function (event) {
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      var target = tabs[(next + tabs.length) % tabs.length];
      selectTab(target);
      target.focus();
    });
  });

  // Status changes arrive by Plaid webhook to Linkport (processor tokens) or are read from Plaid by
  // Linkport (hosted linking); the page looks again, on the tab shown.
  setInterval(function () {
    if (panelShown('panel-processor')) refresh();
  }, 2000);
  setInterval(function () {
    if (panelShown('panel-hosted')) window.demoHosted.refresh();
  }, 5000);
})();
