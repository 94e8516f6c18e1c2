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
