// LTI Dynamic Registration 1.0 §3.7 (registration completed): the tool tells the platform that the
// registration window can close with postMessage({subject: 'org.imsglobal.lti.close'}) to the
// window that opened it (window.opener) or frames it (window.parent). Sent by itself after the
// delay in data-lti-auto-close, unless the admin chooses to keep the page (to copy the approval
// command, for instance); the Close button sends it at once.
(function () {
  var target = window.opener || (window.parent !== window ? window.parent : null);
  function close() {
    if (target) target.postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
  }
  document.querySelectorAll('[data-lti-close]').forEach(function (button) {
    button.addEventListener('click', close);
  });

  var card = document.querySelector('[data-lti-auto-close]');
  var seconds = card ? Number(card.getAttribute('data-lti-auto-close')) : 0;
  if (!target || !(seconds > 0)) return;
  var timer = setTimeout(close, seconds * 1000);
  var note = document.querySelector('[data-lti-auto-close-note]');
  // The button sits in a span: .button's display would override its own hidden attribute.
  var keepWrap = document.querySelector('[data-lti-keep-open-wrap]');
  var keep = document.querySelector('[data-lti-keep-open]');
  function keepOpen() {
    clearTimeout(timer);
    if (note) note.hidden = true;
    if (keepWrap) keepWrap.hidden = true;
  }
  if (note) note.hidden = false;
  if (keepWrap) keepWrap.hidden = false;
  if (keep) keep.addEventListener('click', keepOpen);
  // Selecting text (the approval command) means the admin is reading: do not pull the page away.
  document.addEventListener('selectionchange', function () {
    if (String(window.getSelection() || '') !== '') keepOpen();
  });
})();
