// Sends forms marked data-autosubmit (deep-linking return) without a click; the visible button remains for no-script use.
document.querySelectorAll('form[data-autosubmit]').forEach(function (form) { form.submit(); });
