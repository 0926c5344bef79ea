// Showcase pages: filters that apply on change, the click-to-play video, the copy-link button.
// Kept in a file (never inline) so a strict Content-Security-Policy can apply.
document.addEventListener("DOMContentLoaded", function () {
  // On phones and tablets the filters fold away under their heading (open without JavaScript).
  if (window.matchMedia("(max-width: 991.98px)").matches) {
    document.querySelectorAll("details[data-collapse-on-small]").forEach(function (box) {
      box.open = false;
    });
  }

  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit();
    });
  });

  // No request reaches YouTube until the visitor presses play: the iframe is created on click.
  document.querySelectorAll("[data-video-id]").forEach(function (box) {
    var button = box.querySelector("[data-video-play]");
    if (!button) {
      return;
    }
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = "https://www.youtube-nocookie.com/embed/" + encodeURIComponent(box.dataset.videoId) + "?autoplay=1&rel=0";
      frame.title = box.dataset.videoTitle || "Video";
      frame.allow = "accelerometer; autoplay; encrypted-media; gyroscope; picture-in-picture";
      frame.allowFullscreen = true;
      frame.className = "sc-video-frame";
      box.replaceChildren(frame);
      frame.focus();
    });
  });

  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!navigator.clipboard) {
        return;
      }
      navigator.clipboard.writeText(button.dataset.copyLink).then(function () {
        button.textContent = button.dataset.copied;
      });
    });
  });
});
