/*
 * The Transfers tab: the card account of the customer made on the processor-token tab, its current
 * and available balance, and money moved between it and one of its linked accounts (in: a pull,
 * out: a push), each transfer with its status timeline. Linkport's simulated bank is driven from
 * here too: fund the card, advance a banking day, force a return. Uses the helpers demo.js shares.
 */
(function () {
  'use strict';
  var api = window.demo.api;
  var button = window.demo.button;
  var element = window.demo.element;
  var RETURN_CODES = ['R01', 'R02', 'R03', 'R04', 'R08', 'R10', 'R16', 'R20', 'R29'];
  var state = { accountId: null, linked: [], rendered: '', renderedLinked: '', busy: false };

  function showError(error) {
    window.demo.showError('transfers-error', error);
  }

  function money(cents) {
    var sign = cents < 0 ? '−' : '';
    var abs = Math.abs(cents);
    return sign + '$' + Math.floor(abs / 100) + '.' + String(abs % 100).padStart(2, '0');
  }

  /** "25", "25.5", "$25.00" → "2500"; null for anything else. */
  function cents(text) {
    var match = /^\s*\$?(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
    if (!match) return null;
    var value = Number(match[1]) * 100 + Number((match[2] || '').padEnd(2, '0'));
    return value > 0 ? String(value) : null;
  }

  /** A fresh Idempotency-Key per click: a request retried with it moves the money once. */
  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) {
      return b.toString(16).padStart(2, '0');
    }).join('');
  }

  function option(text, value) {
    var node = document.createElement('option');
    node.textContent = text;
    node.value = value;
    return node;
  }

  function words(status) {
    var text = status.replace(/_/g, ' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function when(at) {
    return new Date(at).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
  }

  function linkedName(id) {
    var account = state.linked.find(function (a) {
      return a.linked_account_id === id;
    });
    return account ? account.bank_name + ' · ' + account.account_type : 'a removed linked account';
  }

  /** What the simulated bank last did or was told, in the line under "Advance a banking day". */
  function note(text) {
    document.getElementById('bank-status').textContent = text;
  }

  function describe(transfer) {
    var out = transfer.direction === 'push';
    return (
      (out ? 'Out ' : 'In ') +
      money(transfer.amount_cents) +
      (out ? ' to ' : ' from ') +
      linkedName(transfer.linked_account_id)
    );
  }

  /** One action: its button waits, an error shows in the page, then the tab is read again. */
  function act(target, promise) {
    showError(null);
    if (target) target.disabled = true;
    return Promise.resolve(promise)
      .catch(showError)
      .then(function () {
        if (target) target.disabled = false;
        return refresh();
      });
  }

  function outcome(transfer) {
    if (transfer.return)
      return element('p', 'reason', 'Returned ' + transfer.return.code + ': ' + transfer.return.description);
    if (transfer.failure_reason) return element('p', 'reason', 'Failed: ' + transfer.failure_reason);
    if (transfer.direction === 'pull' && transfer.status === 'settled' && !transfer.funds_available)
      return element('p', 'muted', 'Funds held until ' + transfer.funds_available_on);
    if (transfer.ach.settlement_date)
      return element('p', 'muted', 'Settlement date ' + transfer.ach.settlement_date);
    return null;
  }

  function steps(transfer) {
    var list = element('ol', 'steps');
    list.setAttribute('aria-label', 'Status timeline');
    transfer.timeline.forEach(function (step) {
      var item = element('li', '');
      item.appendChild(element('strong', '', words(step.status)));
      item.appendChild(
        element('span', 'muted', ' · ' + when(step.at) + (step.detail ? ' · ' + step.detail : '')),
      );
      list.appendChild(item);
    });
    return list;
  }

  function forceReturn(transfer) {
    var box = element('span', 'force');
    var label = element('label', '', 'Return code ');
    var select = document.createElement('select');
    RETURN_CODES.forEach(function (code) {
      select.appendChild(option(code, code));
    });
    label.appendChild(select);
    box.appendChild(label);
    box.appendChild(
      button(
        'Force return',
        function (event) {
          var path = '/transfers/' + encodeURIComponent(transfer.transfer_id) + '/force';
          var code = select.value;
          act(
            event.currentTarget,
            api('POST', path, { return_code: code }).then(function () {
              note(
                'The bank will return ' +
                  describe(transfer) +
                  ' with ' +
                  code +
                  ' one banking day after it settles.',
              );
            }),
          );
        },
        true,
      ),
    );
    return box;
  }

  function row(transfer) {
    var node = element('div', 'transfer');
    node.setAttribute('data-transfer', transfer.transfer_id);
    var head = element('div', 'item-head');
    head.appendChild(element('strong', '', describe(transfer)));
    head.appendChild(element('span', 'status ' + transfer.status, words(transfer.status)));
    node.appendChild(head);
    var reason = outcome(transfer);
    if (reason) node.appendChild(reason);
    node.appendChild(steps(transfer));
    var actions = element('div', 'actions');
    if (transfer.status === 'pending')
      actions.appendChild(
        button(
          'Cancel',
          function (event) {
            var path = '/transfers/' + encodeURIComponent(transfer.transfer_id) + '/cancel';
            act(event.currentTarget, api('POST', path, {}));
          },
          true,
        ),
      );
    if (transfer.status === 'pending' || transfer.status === 'processing')
      actions.appendChild(forceReturn(transfer));
    if (actions.childNodes.length) node.appendChild(actions);
    return node;
  }

  /** The linked-account choice, redrawn only when the accounts changed so the choice stays put. */
  function renderLinked(linked) {
    var key = JSON.stringify(linked);
    if (key === state.renderedLinked) return;
    state.renderedLinked = key;
    var select = document.getElementById('transfer-linked');
    var chosen = select.value;
    select.replaceChildren.apply(
      select,
      linked.map(function (a) {
        var node = option(
          a.bank_name + ' · ' + a.account_type + ' · ' + a.account_number,
          a.linked_account_id,
        );
        node.selected = a.linked_account_id === chosen;
        return node;
      }),
    );
    if (linked.length === 0) select.appendChild(option('No linked account yet', ''));
  }

  function render(account, transfers) {
    document.getElementById('balance-current').textContent = money(account.current_balance_cents);
    document.getElementById('balance-available').textContent = money(account.available_balance_cents);
    var list = document.getElementById('transfers');
    list.replaceChildren.apply(list, transfers.map(row));
    if (transfers.length === 0) list.appendChild(element('p', 'muted', 'No transfers yet.'));
  }

  function enable() {
    var linked = state.linked.length > 0;
    document.getElementById('fund').disabled = state.busy || !state.accountId;
    document.getElementById('pull').disabled = state.busy || !linked;
    document.getElementById('push').disabled = state.busy || !linked;
    document.getElementById('advance-day').disabled = !state.accountId;
  }

  /** Reads the card account, its linked accounts and its transfers; redraws only what changed. */
  async function refresh() {
    state.accountId = window.demo.cardAccount();
    enable();
    if (!state.accountId) return;
    document.getElementById('transfers-account').textContent = 'Card account ' + state.accountId;
    var path = encodeURIComponent(state.accountId);
    try {
      var answers = await Promise.all([
        api('GET', '/transfers/accounts/' + path),
        api('GET', '/accounts/' + path + '/external_accounts?full=false'),
        api('GET', '/transfers?account_id=' + path),
      ]);
    } catch (error) {
      showError(error);
      return;
    }
    state.linked = answers[1];
    renderLinked(answers[1]);
    enable();
    var key = JSON.stringify([answers[0], answers[2].data, answers[1]]);
    if (key === state.rendered) return;
    state.rendered = key;
    render(answers[0], answers[2].data);
  }

  /** Fund, in or out: the amount read from the form, the buttons held while it runs. */
  function move(kind) {
    return function () {
      var amount = cents(document.getElementById('transfer-amount').value);
      if (!amount) return showError(new Error('Enter an amount in dollars, such as 25.00.'));
      var linkedId = document.getElementById('transfer-linked').value;
      var request =
        kind === 'fund'
          ? api('POST', '/transfers/fund', { account_id: state.accountId, amount_cents: amount })
          : api('POST', '/transfers', {
              idempotency_key: newKey(),
              direction: kind,
              account_id: state.accountId,
              linked_account_id: linkedId,
              amount_cents: amount,
            });
      state.busy = true;
      enable();
      act(
        null,
        request.finally(function () {
          state.busy = false;
        }),
      );
    };
  }

  document.getElementById('transfer-form').addEventListener('submit', function (event) {
    event.preventDefault();
  });
  document.getElementById('fund').addEventListener('click', move('fund'));
  document.getElementById('pull').addEventListener('click', move('pull'));
  document.getElementById('push').addEventListener('click', move('push'));
  document.getElementById('advance-day').addEventListener('click', function (event) {
    act(
      event.currentTarget,
      api('POST', '/transfers/advance_day', {}).then(function (report) {
        note(
          'The bank is now at ' +
            when(report.rail_time) +
            ': ' +
            report.files_sent.length +
            ' file(s) sent, ' +
            report.transfers_settled +
            ' transfer(s) settled, ' +
            report.holds_released +
            ' hold(s) released.',
        );
      }),
    );
  });

  setInterval(function () {
    if (!document.getElementById('panel-transfers').hidden) refresh();
  }, 2000);

  window.demoTransfers = { refresh: refresh };
})();
