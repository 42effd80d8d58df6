// nncc: the little behaviour htmx does not give. Loaded on every page; no inline scripts.
"use strict";

// Filter forms leave empty fields out of the request, so the address bar (and a shared link)
// shows only the filters in use.
document.addEventListener("htmx:configRequest", (event) => {
  const form = event.detail.elt.closest && event.detail.elt.closest(".filter-form");
  if (!form) return;
  const parameters = event.detail.parameters;
  for (const key of Object.keys(parameters)) {
    if (parameters[key] === "") delete parameters[key];
  }
});
