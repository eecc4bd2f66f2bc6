// Instant catalogue search: as one types (debounced) or changes a filter, fetch the results part of
// the same GET page and swap it in; the form still works without this script. The status line is a
// polite live region, so screen readers hear the new count once typing pauses.
(function () {
  var form = document.getElementById('catalogue-search');
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var results = document.getElementById(form.getAttribute('data-results'));
  var input = form.querySelector('input[type=search]');
  var timer = null;
  var latest = 0;

  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { if (value !== '') params.append(key, value); });
    return params;
  }

  function run() {
    var params = query();
    var shown = params.toString();
    params.set('partial', '1');
    var ticket = ++latest;
    fetch(form.action + '?' + params.toString(), { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        // An answer to an older keystroke arriving late never replaces a newer one.
        if (html === null || ticket !== latest) return;
        results.innerHTML = html;
        history.replaceState(null, '', form.action + (shown ? '?' + shown : ''));
      })
      .catch(function () { /* the submit button still works */ });
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  }

  input.addEventListener('input', soon);
  form.addEventListener('change', function (event) { if (event.target !== input) run(); });
  form.addEventListener('submit', function (event) { event.preventDefault(); clearTimeout(timer); run(); });
  // "Did you mean": take the suggestion into the box and search again, keeping focus in the box.
  results.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-suggestion]');
    if (!link) return;
    event.preventDefault();
    input.value = link.getAttribute('data-suggestion');
    input.focus();
    run();
  });
})();
