/*
 * The Webhooks tab: what the demo backend received from Linkport, newest first, with whether each
 * signature verified, and a replay button (Linkport sends the event again under the same
 * webhook-id). Uses the helpers demo.js shares (window.demo), loaded before it.
 */
(function () {
  'use strict';
  var api = window.demo.api;
  var button = window.demo.button;
  var element = window.demo.element;
  var rendered = '';

  function row(hook) {
    var node = element('div', 'webhook');
    node.setAttribute('data-webhook', hook.webhook_id);
    node.appendChild(element('code', '', hook.type || '(unknown type)'));
    node.appendChild(
      element(
        'span',
        hook.verified ? 'status' : 'status unverified',
        hook.verified ? 'Verified' : 'Signature failed',
      ),
    );
    var when = new Date(hook.received_at).toLocaleTimeString();
    var times = hook.times > 1 ? ' · received ' + hook.times + ' times' : '';
    node.appendChild(element('span', 'muted', when + times));
    if (hook.verified)
      node.appendChild(
        button(
          'Replay',
          function (event) {
            var target = event.currentTarget;
            target.disabled = true;
            window.demo.showError('webhooks-error', null);
            api('POST', '/webhooks/' + encodeURIComponent(hook.webhook_id) + '/replay', {})
              .catch(function (error) {
                window.demo.showError('webhooks-error', error);
              })
              .then(function () {
                target.disabled = false;
                setTimeout(refresh, 500);
              });
          },
          true,
        ),
      );
    return node;
  }

  /** Reads what arrived; redraws only when it changed, so polling leaves keyboard focus alone. */
  async function refresh() {
    var answer;
    try {
      answer = await api('GET', '/webhooks');
    } catch (error) {
      window.demo.showError('webhooks-error', error);
      return;
    }
    var key = JSON.stringify(answer);
    if (key === rendered) return;
    rendered = key;
    document.getElementById('webhook-endpoint').textContent = answer.endpoint_id
      ? 'This backend is webhook endpoint ' + answer.endpoint_id + ' at Linkport.'
      : 'No webhook endpoint registered.';
    var list = document.getElementById('webhooks');
    list.replaceChildren.apply(list, answer.received.map(row));
    if (answer.received.length === 0) list.appendChild(element('p', 'muted', 'Nothing received yet.'));
  }

  setInterval(function () {
    if (!document.getElementById('panel-webhooks').hidden) refresh();
  }, 1000);

  window.demoWebhooks = { refresh: refresh };
})();
