// Progressive enhancement for the proposal forms: while a title is typed, ask the panel for similar
// ideas (debounced) and list them in a live region, so learners can vote instead of duplicating.
// Without this script, the server shows the same ideas on a confirmation step after posting.
(function () {
  'use strict';
  var DELAY_MS = 350;
  var MIN_LENGTH = 3;

  document.querySelectorAll('form[data-similar-url]').forEach(function (form) {
    var input = form.querySelector('#' + form.getAttribute('data-similar-for'));
    var region = form.querySelector('#similar-hint');
    var confirm = form.querySelector('[data-similar-confirm]');
    if (!input || !region || !confirm || !window.fetch) return;
    var timer = null;
    var lastAsked = '';

    function show(ideas) {
      region.textContent = '';
      if (!ideas.length) { region.hidden = true; return; }
      var heading = document.createElement('h3');
      heading.textContent = region.getAttribute('data-heading');
      var intro = document.createElement('p');
      intro.textContent = region.getAttribute('data-intro');
      var list = document.createElement('ul');
      ideas.forEach(function (idea) {
        var item = document.createElement('li');
        var link = document.createElement('a');
        link.href = idea.href;
        link.textContent = idea.title;
        var meta = document.createElement('span');
        meta.className = 'muted';
        meta.textContent = ' (' + idea.statusLabel + ', ' + idea.votesLabel + ')';
        item.appendChild(link);
        item.appendChild(meta);
        list.appendChild(item);
      });
      region.appendChild(heading);
      region.appendChild(intro);
      region.appendChild(list);
      region.hidden = false;
    }

    function ask() {
      var title = input.value.trim();
      if (title === lastAsked) return;
      lastAsked = title;
      if (title.length < MIN_LENGTH) { show([]); confirm.value = ''; return; }
      var url = form.getAttribute('data-similar-url');
      url += (url.indexOf('?') < 0 ? '?' : '&') + 'title=' + encodeURIComponent(title);
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (res) { return res.ok ? res.json() : { ideas: [] }; })
        .then(function (body) {
          if (input.value.trim() !== title) return;
          show(body.ideas || []);
          // The author has now seen what exists for this title: no confirmation step needed.
          confirm.value = '1';
        })
        .catch(function () { confirm.value = ''; });
    }

    input.addEventListener('input', function () {
      confirm.value = '';
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
  });
})();
