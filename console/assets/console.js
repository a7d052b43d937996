// The console's only script: the passkey ceremonies of the setup, sign-in and
// profile pages. It asks the console to begin, runs navigator.credentials
// with the options, posts the result to complete and follows the redirect.
"use strict";

// Times: the server writes UTC in <time datetime>; show the viewer's local
// time and keep the UTC one on hover.
(function () {
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function localise() {
    var times = document.querySelectorAll("time[datetime]");
    for (var i = 0; i < times.length; i++) {
      var el = times[i], d = new Date(el.getAttribute("datetime"));
      if (isNaN(d)) continue;
      el.title = el.textContent;
      var zone = "";
      try { zone = new Intl.DateTimeFormat(undefined, { timeZoneName: "short" }).formatToParts(d)
        .filter(function (p) { return p.type === "timeZoneName"; })[0].value; } catch (e) { zone = ""; }
      el.textContent = d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()) + " " +
        two(d.getHours()) + ":" + two(d.getMinutes()) + (zone ? " " + zone : "");
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", localise);
  else localise();
})();

(function () {
  var form = document.getElementById("ceremony");
  if (!form) return;

  function fromB64url(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }

  function toB64url(buf) {
    var bytes = new Uint8Array(buf), bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (d) {
      return Object.assign({}, d, { id: fromB64url(d.id) });
    });
  }

  function creationOptions(o) {
    var pk = Object.assign({}, o, { challenge: fromB64url(o.challenge),
      user: Object.assign({}, o.user, { id: fromB64url(o.user.id) }),
      excludeCredentials: descriptors(o.excludeCredentials) });
    delete pk.status; delete pk.errorMessage;
    return { publicKey: pk };
  }

  function requestOptions(o) {
    var pk = Object.assign({}, o, { challenge: fromB64url(o.challenge),
      allowCredentials: descriptors(o.allowCredentials) });
    delete pk.status; delete pk.errorMessage;
    return { publicKey: pk };
  }

  function serialize(cred) {
    var r = cred.response, out = { id: cred.id, rawId: toB64url(cred.rawId), type: cred.type,
      authenticatorAttachment: cred.authenticatorAttachment || null,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {},
      response: { clientDataJSON: toB64url(r.clientDataJSON) } };
    if (r.attestationObject) {
      out.response.attestationObject = toB64url(r.attestationObject);
      out.response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      out.response.authenticatorData = toB64url(r.authenticatorData);
      out.response.signature = toB64url(r.signature);
      if (r.userHandle) out.response.userHandle = toB64url(r.userHandle);
    }
    return out;
  }

  function post(url, body) {
    return fetch(url, { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": form.dataset.csrf },
      body: JSON.stringify(body) }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) throw new Error(data.error || "The request failed.");
        return data;
      });
    });
  }

  function fields() {
    var body = { token: form.dataset.token || "" };
    ["org", "email"].forEach(function (n) {
      if (form.elements[n]) body[n] = form.elements[n].value;
    });
    return body;
  }

  function showError(msg) {
    var el = document.getElementById("ceremony-error");
    el.textContent = msg;
    el.hidden = false;
  }

  // reportFailure sends a failed navigator.credentials call to the
  // diagnostics service and shows the advice of its classification.
  function reportFailure(ceremony, session, err, started) {
    var fallback = err && err.name === "NotAllowedError" ? "The passkey request was cancelled or timed out." : String(err.message || err);
    showError(fallback);
    return post("/console/diagnostics", { ceremony: ceremony, session: session, elapsedMs: Date.now() - started,
      error: { name: err.name, message: String(err.message || "") } }).then(function (out) {
      if (out.advice) showError(out.advice);
    }, function () { /* the fallback sentence stays */ });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var body = fields(), create = form.dataset.ceremony !== "signin";
    post(form.dataset.begin, body).then(function (begun) {
      var started = Date.now();
      var call = create ? navigator.credentials.create(creationOptions(begun.options))
        : navigator.credentials.get(requestOptions(begun.options));
      return call.then(function (cred) {
        return post(form.dataset.complete, { token: body.token, session: begun.session, response: serialize(cred) });
      }, function (err) {
        return reportFailure(create ? "register" : "signin", begun.session, err, started).then(function () { return null; });
      });
    }).then(function (done) {
      if (done) window.location.assign(done.redirect);
    }).catch(function (err) {
      showError(String(err.message || err));
    });
  });

  // signin.js (conditional UI on the sign-in page) runs the same calls.
  window.consoleCeremony = { form: form, post: post, requestOptions: requestOptions, serialize: serialize,
    reportFailure: reportFailure, showError: showError };
})();
