// Portal behaviour without inline scripts (the CSP allows only our own files).
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) {
    event.detail.headers["X-CSRFToken"] = token.value;
  }
});
// Give every form control Bootstrap's class: Django renders plain inputs.
document.querySelectorAll("main input:not([type=checkbox]):not([type=hidden]):not([type=radio]), main select, main textarea").forEach((el) => {
  if (!el.classList.contains("form-control") && !el.classList.contains("form-select")) {
    el.classList.add(el.tagName === "SELECT" ? "form-select" : "form-control");
  }
  if (el.closest(".mb-3") && el.closest(".mb-3").querySelector(".invalid-feedback")) {
    el.classList.add("is-invalid");
  }
});
// A search box htmx drives (hx-trigger="input changed …"): htmx 2 takes the box's value
// when it binds the box as the last one searched, so a name typed before that (the page
// is on screen while htmx.min.js still loads: a slow line, or a big script such as
// tom-select loaded first) is never searched, however long one waits. Bind the box with
// the value it was served with, then put the typed text back and search it.
const typedEarly = new WeakMap();
document.addEventListener("htmx:beforeProcessNode", (event) => {
  const el = event.target;
  if (el.matches && el.matches("input[hx-trigger]") && el.value !== el.defaultValue) {
    typedEarly.set(el, el.value);
    el.value = el.defaultValue;
  }
});
document.addEventListener("htmx:afterProcessNode", (event) => {
  const el = event.target;
  if (typedEarly.has(el)) {
    el.value = typedEarly.get(el);
    typedEarly.delete(el);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }
});
// Long unit dropdowns (data-searchable, grouped by commune or department): a search box
// that ignores accents ("binh son" finds "Bình Sơn"). tom-select comes from node_modules
// and is loaded only on pages that have such a dropdown. It does not stop htmx: it keeps
// the <select> (hidden) in the form with its name and value, so hx-include and
// "change from:#form" read it as before, and it fires "change" on it when a unit is chosen.
(() => {
  const selects = document.querySelectorAll("select[data-searchable]");
  if (!selects.length || !document.body.dataset.tomSelect) return;
  const init = () => selects.forEach((el) => {
    if (el.tomselect) return;
    new window.TomSelect(el, {
      maxOptions: null,
      allowEmptyOption: true,
      closeAfterSelect: true, // one unit is chosen: the list closes on it
      searchField: ["text", "optgroup"],
      lockOptgroupOrder: true,
      render: {
        no_results: (data, escape) => `<div class="no-results">${escape(el.dataset.noResults || "")}</div>`,
      },
    });
  });
  const script = document.createElement("script");
  script.src = document.body.dataset.tomSelect;
  script.onload = init;
  document.head.appendChild(script);
})();
