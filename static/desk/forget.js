// At logout, the desk's data leaves the browser: the day's list and the queue (IndexedDB),
// the desk pages the service worker kept, and the worker itself. Runs as the logout form
// is sent; the logout then goes on whatever happened here.
(function () {
  "use strict";
  var form = document.querySelector("form[data-forget-desk]") || document.querySelector("main form[method=post]");
  if (!form) return;
  var forgetting = false;
  form.addEventListener("submit", function (event) {
    if (forgetting) return;
    forgetting = true;
    event.preventDefault();
    var steps = [];
    if (window.indexedDB) {
      steps.push(new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase("tfc-desk");
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      }));
    }
    if (window.caches) {
      steps.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf("tfc-desk") === 0; }).map(function (name) {
          return caches.delete(name);
        }));
      }));
    }
    if (navigator.serviceWorker) {
      steps.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (registration) { return registration.unregister(); }));
      }));
    }
    try { localStorage.removeItem("tfc-desk-name"); } catch (error) { /* storage disabled */ }
    Promise.all(steps).catch(function () {}).then(function () { form.submit(); });
  });
})();
