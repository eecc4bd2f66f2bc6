// The learner's own review: "Edit my review" opens the form in place instead of loading ?edit=1
// (the link still works without JavaScript). The link becomes a real button with aria-expanded and
// aria-controls; opening moves focus to the first field (the chosen star), Cancel closes the form and
// gives focus back to the button.
(function () {
  var region = document.getElementById('own-edit');
  var link = document.querySelector('.own-card__edit a[data-own-edit]');
  if (!region || !link) return;

  var button = document.createElement('button');
  button.type = 'button';
  button.className = link.className;
  button.textContent = link.textContent;
  button.setAttribute('aria-controls', 'own-edit');
  button.setAttribute('aria-expanded', 'false');
  link.parentNode.replaceChild(button, link);

  function firstField() {
    return region.querySelector('input[name="rating"]:checked') || region.querySelector('input:not([type="hidden"]), textarea, select');
  }
  function open() {
    region.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    var field = firstField();
    if (field) field.focus();
  }
  function close() {
    region.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }

  button.addEventListener('click', function () {
    if (region.hidden) open();
    else close();
  });
  var cancel = region.querySelector('[data-own-cancel]');
  if (cancel) {
    cancel.addEventListener('click', function (event) {
      event.preventDefault();
      close();
    });
  }
  // Other links to the form ("update your review" in the notices) open it in place too.
  Array.prototype.forEach.call(document.querySelectorAll('a[data-own-edit]'), function (other) {
    other.addEventListener('click', function (event) {
      event.preventDefault();
      document.getElementById('your-review').scrollIntoView();
      open();
    });
  });
})();
