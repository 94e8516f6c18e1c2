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
// Long unit dropdowns (data-searchable, grouped by commune or department): a search box
// that ignores accents ("binh son" finds "Bình Sơn"). tom-select comes from node_modules
// and is loaded only on pages that have such a dropdown (loaded everywhere, it kept htmx
// from swapping the person search results in).
(() => {
  const selects = document.querySelectorAll("select[data-searchable]");
  if (!selects.length || !document.body.dataset.tomSelect) return;
  const init = () => selects.forEach((el) => {
    if (el.tomselect) return;
    new window.TomSelect(el, {
      maxOptions: null,
      allowEmptyOption: true,
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
