// Site-wide behaviour. Kept in a file (never inline) so a strict Content-Security-Policy can apply.
document.addEventListener("DOMContentLoaded", function () {
  // htmx sends the CSRF token with every request it makes.
  document.body.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) {
      event.detail.headers["X-CSRFToken"] = token.value;
    }
  });
});
