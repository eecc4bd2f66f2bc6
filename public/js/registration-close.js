// LTI Dynamic Registration §3.6.3: tell the platform the registration window can close.
document.querySelectorAll('[data-lti-close]').forEach(function (button) {
  button.addEventListener('click', function () {
    (window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
  });
});
