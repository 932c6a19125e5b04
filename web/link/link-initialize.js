/*
 * Linkport's stand-in for Plaid's link-initialize.js: window.Plaid.create(config) returns
 * { open, exit, destroy, submit } with Plaid's callbacks (onSuccess, onExit, onEvent, onLoad) and
 * receivedRedirectUri, as Plaid documents them. open() shows Link in an overlay iframe served by
 * the sandbox that served this script; the iframe talks back with postMessage.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var base = script && script.src ? new URL('.', script.src).href : '/link/v2/stable/';
  var sandboxOrigin = new URL(base, window.location.href).origin;
  var MESSAGE = 'linkport-link';

  function noop() {}

  function create(config) {
    config = config || {};
    var onSuccess = config.onSuccess || noop;
    var onExit = config.onExit || noop;
    var onEvent = config.onEvent || noop;
    var onLoad = config.onLoad || noop;
    var overlay = null;
    var frame = null;
    var loaded = false;
    var openQueued = false;
    var destroyed = false;

    function teardown() {
      if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
      overlay = null;
      frame = null;
    }

    function onMessage(event) {
      if (!frame || event.source !== frame.contentWindow || event.origin !== sandboxOrigin) return;
      var data = event.data;
      if (!data || data.type !== MESSAGE) return;
      if (data.action === 'event') onEvent(data.eventName, data.metadata);
      else if (data.action === 'success') {
        teardown();
        onSuccess(data.publicToken, data.metadata);
      } else if (data.action === 'exit') {
        teardown();
        onExit(data.error, data.metadata);
      } else if (data.action === 'redirect') {
        window.location.href = data.url;
      }
    }
    window.addEventListener('message', onMessage);

    function open() {
      if (destroyed) return;
      if (!loaded) {
        openQueued = true;
        return;
      }
      if (overlay) return;
      var params = new URLSearchParams({ token: config.token || '', origin: window.location.origin });
      if (config.receivedRedirectUri) params.set('receivedRedirectUri', config.receivedRedirectUri);
      overlay = document.createElement('div');
      overlay.setAttribute('data-linkport-link', '');
      overlay.style.cssText =
        'position:fixed;inset:0;z-index:2147483647;background:rgba(17,24,39,.55);display:flex;align-items:center;justify-content:center';
      frame = document.createElement('iframe');
      frame.title = 'Plaid Link';
      frame.src = base + 'link.html?' + params.toString();
      frame.style.cssText =
        'width:380px;height:640px;max-width:100vw;max-height:100vh;border:0;border-radius:16px;background:#fff';
      frame.setAttribute('allow', 'clipboard-write');
      overlay.appendChild(frame);
      document.body.appendChild(overlay);
      frame.focus();
    }

    function exit(options) {
      if (frame) {
        frame.contentWindow.postMessage(
          { type: MESSAGE, action: 'exit', force: Boolean(options && options.force) },
          sandboxOrigin,
        );
        return;
      }
      // Plaid: exit always ends in onExit (or onSuccess), even before open.
      onExit(null, { institution: null, status: null, link_session_id: null, request_id: null });
    }

    function destroy() {
      destroyed = true;
      teardown();
      window.removeEventListener('message', onMessage);
    }

    // The module is "loaded" once this script ran; open() calls before then are queued, as at Plaid.
    setTimeout(function () {
      loaded = true;
      onLoad();
      if (openQueued) open();
    }, 0);

    return { open: open, exit: exit, destroy: destroy, submit: noop };
  }

  window.Plaid = { create: create, version: 'linkport-sandbox' };
})();
