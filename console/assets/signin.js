// Conditional UI (autofill) on the console's sign-in page: when the
// browser supports conditional mediation, a discoverable sign-in starts at
// once and the browser offers the console's passkeys in the e-mail
// field's autofill. Submitting the form aborts it and runs the explicit
// ceremony of console.js instead, which stays the fallback.
"use strict";

(function () {
  var api = window.consoleCeremony;
  var pkc = window.PublicKeyCredential;
  if (!api || !pkc || typeof pkc.isConditionalMediationAvailable !== "function") return;
  var abort = new AbortController();
  // Capture phase: runs before console.js starts its own get().
  api.form.addEventListener("submit", function () { abort.abort(); }, true);

  pkc.isConditionalMediationAvailable().then(function (available) {
    if (!available || abort.signal.aborted) return;
    return api.post(api.form.dataset.begin, { email: "" }).then(function (begun) {
      var options = api.requestOptions(begun.options);
      options.mediation = "conditional";
      options.signal = abort.signal;
      var started = Date.now();
      return navigator.credentials.get(options).then(function (cred) {
        return api.post(api.form.dataset.complete, { session: begun.session, response: api.serialize(cred) });
      }, function (err) {
        if (abort.signal.aborted || (err && err.name === "AbortError")) return null;
        return api.reportFailure("signin", begun.session, err, started).then(function () { return null; });
      });
    }).then(function (done) {
      if (done) window.location.assign(done.redirect);
    });
  }).catch(function (err) {
    // The console refused the passkey (e.g. no admin's): say so; the
    // explicit button and the magic link still work.
    api.showError(String((err && err.message) || err));
  });
})();
