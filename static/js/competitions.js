// Competition pages. Kept in a file (never inline) so a strict Content-Security-Policy can apply.
(function () {
  "use strict";

  // The Unicode White_Space property, exactly as WHITESPACE in competitions/forms_definition.py.
  var WORD = /[^\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

  // Mirrors competitions.forms_definition.count_words: a word is a maximal run of characters that
  // are not white space. Tests run both on the same examples.
  function countWords(text) {
    if (!text) {
      return 0;
    }
    var matches = String(text).match(WORD);
    return matches ? matches.length : 0;
  }

  window.SiNovik = window.SiNovik || {};
  window.SiNovik.countWords = countWords;

  // Mirrors competitions.timing.format_remaining, from the same translated pieces.
  function formatRemaining(milliseconds, texts) {
    if (milliseconds <= 0) {
      return texts.closed;
    }
    var seconds = Math.floor(milliseconds / 1000);
    var days = Math.floor(seconds / 86400);
    var hours = Math.floor((seconds % 86400) / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    function unit(name, count) {
      return texts[name][count === 1 ? 0 : 1].replace("%(count)d", String(count));
    }
    var amount;
    if (days) {
      amount = hours ? unit("day", days) + " " + unit("hour", hours) : unit("day", days);
    } else if (hours) {
      amount = minutes ? unit("hour", hours) + " " + unit("minute", minutes) : unit("hour", hours);
    } else if (minutes) {
      amount = unit("minute", minutes);
    } else {
      return texts.soon;
    }
    return texts.left.replace("%(time)s", amount);
  }

  window.SiNovik.formatRemaining = formatRemaining;

  function startCountdowns() {
    var source = document.getElementById("countdown-texts");
    var counters = document.querySelectorAll("[data-countdown]");
    if (!source || !counters.length) {
      return;
    }
    var texts = JSON.parse(source.textContent);
    // Count on the server's clock: a visitor's computer may be minutes off.
    var skew = Date.parse(counters[0].getAttribute("data-server-now")) - Date.now();
    function tick() {
      var now = Date.now() + skew;
      counters.forEach(function (counter) {
        var until = Date.parse(counter.getAttribute("data-until"));
        counter.textContent = formatRemaining(until - now, texts);
      });
    }
    tick();
    window.setInterval(tick, 15000);
  }

  document.addEventListener("DOMContentLoaded", startCountdowns);
})();
