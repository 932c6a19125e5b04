/*
 * The demo page's hosted-linking tab: Linkport holds the Plaid Item; the page sees link
 * tokens only. Uses the helpers demo.js shares (window.demo), loaded before it.
 */
(function () {
  'use strict';
  var api = window.demo.api;
  var button = window.demo.button;
  var element = window.demo.element;
  var hosted = { profileId: null, rendered: '', reads: 0 };

  function showHostedError(error) {
    window.demo.showError('hosted-error', error);
  }

  /** One step of the hosted tab, its trigger disabled meanwhile: an error shows in the page; the items are read again. */
  async function attempt(trigger, run) {
    if (trigger) trigger.disabled = true;
    showHostedError(null);
    try {
      await run();
    } catch (error) {
      showHostedError(error);
    } finally {
      if (trigger) trigger.disabled = false;
    }
    await refreshItems();
  }

  /** Plaid Link with a link token from the demo backend; onSuccess gets Link's public token and metadata. */
  async function openHostedLink(path, body, onSuccess) {
    var result = await api('POST', path, body);
    var handler = window.Plaid.create({
      token: result.link_token,
      onSuccess: function (publicToken, metadata) {
        handler.destroy();
        attempt(null, function () {
          return onSuccess(publicToken, metadata);
        });
      },
      onExit: function (error) {
        handler.destroy();
        if (error) showHostedError(new Error(error.display_message || error.error_message));
        refreshItems();
      },
    });
    handler.open();
  }

  function itemPath(item) {
    return '/hosted/items/' + encodeURIComponent(item.plaid_item_id);
  }

  function accountIds(metadata) {
    return metadata.accounts.map(function (account) {
      return account.id;
    });
  }

  function capitalized(word) {
    return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
  }

  /** "true" or "false" as Linkport reads it from Plaid now; null if it could not tell. */
  function loginBadge(isLoginRequired) {
    if (isLoginRequired === 'true') return element('span', 'status login_required', 'Login required');
    if (isLoginRequired === 'false') return element('span', 'status', 'Login OK');
    return element('span', 'status login_unknown', 'Login status unknown');
  }

  /** A button that runs one step of the hosted tab. */
  function action(text, run, secondary) {
    return button(
      text,
      function (event) {
        attempt(event.currentTarget, run);
      },
      secondary,
    );
  }

  /** Update mode for the item; with selectAccounts Link shows the account select. */
  function openUpdateLink(item, selectAccounts, onSuccess) {
    return openHostedLink(itemPath(item) + '/link_token', { select_accounts: selectAccounts }, onSuccess);
  }

  function itemButtons(item) {
    var buttons = [];
    if (item.is_login_required !== 'true')
      buttons.push(
        action(
          'Break login',
          function () {
            return api('POST', itemPath(item) + '/break');
          },
          true,
        ),
      );
    // Linkport reads the repaired login from Plaid: the update-mode public token is not needed.
    if (item.is_login_required !== 'false')
      buttons.push(
        action('Repair login', function () {
          return openUpdateLink(item, false, function () {});
        }),
      );
    buttons.push(
      action(
        'Change accounts',
        function () {
          return openUpdateLink(item, true, function (_, metadata) {
            return api('PATCH', itemPath(item), { account_ids: accountIds(metadata) });
          });
        },
        true,
      ),
    );
    return buttons;
  }

  function itemRow(item) {
    var row = element('div', 'item');
    row.setAttribute('data-plaid-item', item.plaid_item_id);
    var head = element('div', 'item-head');
    head.appendChild(element('strong', '', item.plaid_institution_name || 'Unknown bank'));
    head.appendChild(loginBadge(item.is_login_required));
    itemButtons(item).forEach(function (b) {
      head.appendChild(b);
    });
    var list = element('ul', 'bank-accounts');
    list.setAttribute('aria-label', (item.plaid_institution_name || 'Bank') + ' accounts');
    item.bank_accounts.forEach(function (account) {
      var entry = element('li');
      var numbers = [capitalized(account.type), '••' + account.account_number_last_four];
      entry.appendChild(element('span', 'grow', numbers.join(' ') + ' · Routing ' + account.routing_number));
      var status = account.status.toLowerCase();
      entry.appendChild(element('span', 'status ' + status, capitalized(status)));
      list.appendChild(entry);
    });
    row.appendChild(head);
    row.appendChild(list);
    return row;
  }

  /** Reads the profile's items; only the latest read is shown, and only redrawn when it changed (focus stays put). */
  async function refreshItems() {
    if (!hosted.profileId) return;
    var read = ++hosted.reads;
    try {
      var list = await api('GET', '/hosted/profiles/' + encodeURIComponent(hosted.profileId) + '/items');
      if (read !== hosted.reads) return;
      var json = JSON.stringify(list.items);
      if (json === hosted.rendered) return;
      hosted.rendered = json;
      var box = document.getElementById('items');
      box.textContent = '';
      if (!list.items.length) box.appendChild(element('p', 'muted', 'No bank linked yet.'));
      list.items.forEach(function (item) {
        box.appendChild(itemRow(item));
      });
    } catch (error) {
      if (read === hosted.reads) showHostedError(error);
    }
  }

  document.getElementById('profile-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = new FormData(event.target);
    attempt(event.submitter, async function () {
      var created = await api('POST', '/hosted/profiles', {
        first_name: form.get('first_name'),
        last_name: form.get('last_name'),
      });
      hosted.profileId = created.profile_id;
      hosted.rendered = '';
      document.getElementById('profile').textContent = 'Profile ' + created.profile_id;
      document.getElementById('hosted-link').disabled = false;
    });
  });
  document.getElementById('hosted-link').addEventListener('click', function (event) {
    var profileId = hosted.profileId;
    attempt(event.currentTarget, function () {
      return openHostedLink(
        '/hosted/link_token',
        { profile_id: profileId },
        function (publicToken, metadata) {
          return api('POST', '/hosted/items', {
            profile_id: profileId,
            public_token: publicToken,
            institution: metadata.institution,
            account_ids: accountIds(metadata),
          });
        },
      );
    });
  });

  window.demoHosted = { refresh: refreshItems };
})();
