// Confirmation before an irreversible step, without inline scripts (the CSP allows only
// our own files). Put data-confirm="…" on a form (asked on every submission), on one of
// its submit buttons (asked when that button submits), or on a link. Cancelling leaves
// everything as it was: the form is not sent, the link not followed, htmx not triggered.
(() => {
  const ask = (message) => !message || window.confirm(message);

  // The capture phase runs before htmx's own listeners and Bootstrap's.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      const button = event.submitter;
      const message = (button && button.dataset.confirm) || form.dataset.confirm;
      if (!ask(message)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true,
  );

  document.addEventListener(
    "click",
    (event) => {
      const link = event.target instanceof Element ? event.target.closest("a[data-confirm]") : null;
      if (link && !ask(link.dataset.confirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true,
  );
})();
