// claimreview serve: live checks as you type, the copy button, and the claimant picker.
// The form works without this file; it only makes it live. Text goes into the page through
// textContent and element properties, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("factcheck");
  var copy = document.getElementById("copy");
  var snippet = document.getElementById("snippet");
  var checks = 0;

  if (copy && snippet) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var done = function () { document.getElementById("copied").textContent = "Copied."; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(snippet.value).then(done, function () {
          snippet.select(); document.execCommand("copy"); done();
        });
      } else {
        snippet.select(); document.execCommand("copy"); done();
      }
    });
  }
  if (!form) { return; }

  function toggleNew(select) {
    var box = select.parentNode.querySelector(".newagent");
    if (box) { box.hidden = select.value !== "__new__"; }
  }
  Array.prototype.forEach.call(form.querySelectorAll("select[name$='-claimant']"), function (s) {
    toggleNew(s);
    s.addEventListener("change", function () { toggleNew(s); });
  });

  function item(d) {
    var li = document.createElement("li");
    li.className = d.severity;
    var sev = document.createElement("span");
    sev.className = "sev";
    sev.textContent = d.severity;
    li.appendChild(sev);
    li.appendChild(document.createTextNode(" " + d.message + " "));
    var a = document.createElement("a");
    a.className = "explain";
    a.href = "/explain/" + encodeURIComponent(d.code);
    a.target = "_blank";
    a.rel = "noopener";
    a.textContent = "Why? (" + d.code + ")";
    li.appendChild(a);
    return li;
  }

  function line(cls, parts) {
    var p = document.createElement("p");
    p.className = cls;
    parts.forEach(function (part) {
      if (typeof part === "string") { p.appendChild(document.createTextNode(part)); return; }
      var el = document.createElement(part[0]);
      el.textContent = part[1];
      if (part[0] === "strong" || cls === "claim") { el.dir = "auto"; }
      p.appendChild(el);
    });
    return p;
  }

  function show(result) {
    Array.prototype.forEach.call(form.querySelectorAll("ul.findings[id^='f-']"), function (ul) {
      ul.textContent = "";
      (result.fields[ul.id.slice(2)] || []).forEach(function (d) { ul.appendChild(item(d)); });
    });
    var general = document.getElementById("general");
    general.textContent = "";
    if (result.general.length) {
      var ul = document.createElement("ul");
      ul.className = "findings";
      result.general.forEach(function (d) { ul.appendChild(item(d)); });
      general.appendChild(ul);
    }
    snippet.value = result.snippet || "";
    document.getElementById("snippet-empty").hidden = !!result.snippet;
    var cards = document.getElementById("cards");
    cards.textContent = "";
    (result.cards || []).forEach(function (c) {
      var art = document.createElement("article");
      art.className = "card";
      var who = c.claimant ? [["strong", c.claimant], " claimed"] : ["Claim"];
      if (c.claim_date) { who.push(" · " + c.claim_date); }
      art.appendChild(line("claimant", who));
      art.appendChild(line("claim", [["span", c.claim]]));
      art.appendChild(line("rating", [["span", c.publisher + " rating:"], " ", ["strong", c.rating]]));
      art.appendChild(line("pub", [c.headline + (c.date ? " · " + c.date : "")]));
      cards.appendChild(art);
    });
    if (!cards.childNodes.length) {
      cards.appendChild(line("empty", ["Fill in a claim, a verdict and your desk to see it."]));
    }
    checks += 1;
    document.body.setAttribute("data-checks", String(checks));
  }

  var timer = null;
  var pending = null;
  function run() {
    var data = new FormData(form);
    var request = fetch("/api/check", {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-CSRF-Token": data.get("csrf")}
    });
    pending = request;
    request.then(function (r) { return r.json(); }).then(function (result) {
      if (pending === request && !timer) {
        show(result);
        document.body.setAttribute("data-busy", "0");
      }
    }).catch(function () { document.body.setAttribute("data-busy", "0"); });
  }
  function later() {
    document.body.setAttribute("data-busy", "1");
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () { timer = null; run(); }, 300);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  document.body.setAttribute("data-live", "1");
})();
