// LTI client-side OIDC login (1EdTech "OIDC Login with LTI Client Side postMessages"; message format
// from "LTI Client Side postMessages"). At login: store state and nonce in the platform's storage,
// then go on to the platform. At launch: read them back and post them with the id_token.
(function () {
  'use strict';
  var holder = document.getElementById('lti-storage');
  if (!holder) return;
  var mode = holder.getAttribute('data-mode');
  var platformOrigin = holder.getAttribute('data-platform-origin');
  var storageTarget = holder.getAttribute('data-target');
  var state = holder.getAttribute('data-state');
  var nonce = holder.getAttribute('data-nonce');
  var counter = 0;

  function embedder() {
    if (window.parent && window.parent !== window) return window.parent;
    return window.opener || null;
  }

  function frameNamed(name) {
    var host = embedder();
    if (!host) return null;
    if (!name || name === '_parent') return host;
    try { return host.frames[name] || null; } catch (e) { return null; }
  }

  // Sends one message and waits for its response: same message_id, subject + '.response', from the
  // window asked and, unless the origin is '*', from that origin only.
  function ask(target, origin, message, timeoutMs) {
    return new Promise(function (resolve, reject) {
      counter += 1;
      message.message_id = 'lv-' + counter + '-' + Math.random().toString(36).slice(2);
      function finish() { clearTimeout(timer); window.removeEventListener('message', onMessage); }
      var timer = setTimeout(function () { finish(); reject(new Error('timeout')); }, timeoutMs);
      function onMessage(event) {
        if (event.source !== target) return;
        if (origin !== '*' && event.origin !== origin) return;
        var data = event.data;
        if (typeof data === 'string') { try { data = JSON.parse(data); } catch (e) { return; } }
        if (!data || data.message_id !== message.message_id || data.subject !== message.subject + '.response') return;
        finish();
        if (data.error) reject(new Error(String(data.error.code || 'error'))); else resolve(data);
      }
      window.addEventListener('message', onMessage);
      target.postMessage(message, origin);
    });
  }

  // The frame that stores data: the one the capabilities name for lti.put_data, else lti_storage_target.
  function storageFrame() {
    var host = embedder();
    if (!host) return Promise.reject(new Error('not embedded'));
    return ask(host, '*', { subject: 'lti.capabilities' }, 1500)
      .then(function (answer) {
        var list = Array.isArray(answer.supported_messages) ? answer.supported_messages : [];
        var put = list.filter(function (m) { return m && m.subject === 'lti.put_data'; })[0];
        if (!put) throw new Error('no platform storage');
        return typeof put.frame === 'string' && put.frame ? put.frame : storageTarget;
      }, function () { return storageTarget; })
      .then(function (name) {
        var frame = frameNamed(name);
        if (!frame) throw new Error('no storage frame');
        return frame;
      });
  }

  function put(frame, key, value) {
    return ask(frame, platformOrigin, { subject: 'lti.put_data', key: key, value: value }, 3000);
  }

  function get(frame, key) {
    return ask(frame, platformOrigin, { subject: 'lti.get_data', key: key }, 3000).then(function (answer) {
      return typeof answer.value === 'string' ? answer.value : '';
    });
  }

  function showFailure() {
    var failed = document.getElementById('lti-storage-failed');
    if (failed) failed.hidden = false;
  }

  if (mode === 'store') {
    // Stored: on to the platform. Not stored: the cookie probe decides (platform, or a new window).
    storageFrame()
      .then(function (frame) { return Promise.all([put(frame, 'state_' + state, state), put(frame, 'nonce_' + nonce, nonce)]); })
      .then(function () { return holder.getAttribute('data-continue-url'); }, function () { return holder.getAttribute('data-fallback-url'); })
      .then(function (next) { window.location.replace(next); });
  } else if (mode === 'read') {
    var form = document.getElementById('lti-storage-form');
    storageFrame()
      .then(function (frame) { return Promise.all([get(frame, 'state_' + state), get(frame, 'nonce_' + nonce)]); })
      .then(function (values) {
        form.elements.namedItem('lv_stored_state').value = values[0];
        form.elements.namedItem('lv_stored_nonce').value = values[1];
      }, showFailure)
      .then(function () { form.submit(); });
  }
})();
