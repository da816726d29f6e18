// Filters for the check list. Static code: it reads data-* attributes only and never inserts markup.
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  function apply() {
    var status = form.elements.namedItem('status').value;
    var level = form.elements.namedItem('level').value;
    var framework = form.elements.namedItem('framework').value;
    var text = form.elements.namedItem('text').value.toLowerCase();
    var shown = 0;
    var checks = document.querySelectorAll('.check');
    for (var i = 0; i < checks.length; i++) {
      var c = checks[i];
      var ok = (!status || c.getAttribute('data-status') === status) &&
        (!level || c.getAttribute('data-levels').indexOf(level) !== -1) &&
        (!framework || c.getAttribute('data-frameworks').indexOf(framework) !== -1) &&
        (!text || c.textContent.toLowerCase().indexOf(text) !== -1);
      c.classList.toggle('hidden', !ok);
      if (ok) shown++;
    }
    document.getElementById('shown-count').textContent = String(shown);
  }
  form.addEventListener('input', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  apply();
})();

// Printing (or "Print to PDF") shows every detail: an audit copy must not hide remediation or evidence.
(function () {
  var opened = [];
  window.addEventListener('beforeprint', function () {
    var all = document.querySelectorAll('details:not([open])');
    for (var i = 0; i < all.length; i++) { all[i].setAttribute('open', ''); opened.push(all[i]); }
  });
  window.addEventListener('afterprint', function () {
    while (opened.length) opened.pop().removeAttribute('open');
  });
})();
