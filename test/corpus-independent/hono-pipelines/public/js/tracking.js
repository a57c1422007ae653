(function () {
  var user = window.FORMSLY_USER;
  if (user) {
    _cio.identify({ id: user.id, email: user.email, created_at: Date.now() });
  }
  _cio.page(window.location.href);

  document.addEventListener('click', function (e) {
    var el = e.target.closest('[data-cta]');
    if (!el) return;
    _cio.track('clicked_' + el.dataset.cta, { page: window.location.pathname });
    _cio.track('cta_clicked', { cta: el.dataset.cta });
  });
})();
