// The desk that survives the network. Progressive enhancement: without this file the desk
// posts its form to the server. With it, the desk keeps the day's list (hashes of the badge
// codes, names, statuses) in IndexedDB, decides at once from it, queues each scan with a
// unique id and sends the queue whenever the network is there; the server records each id
// once and has the last word (its answer replaces the one shown).
(function () {
  "use strict";
  var root = document.querySelector("[data-sync-url]");
  var form = document.getElementById("scan-form");
  if (!root || !form || !window.indexedDB || !window.fetch || !window.crypto || !crypto.subtle || !crypto.randomUUID) return;
  var strings = JSON.parse(root.dataset.strings);
  var field = document.getElementById("token");
  var deskField = document.getElementById("desk-name");
  var banner = document.getElementById("desk-banner");
  var resultBox = document.getElementById("desk-result");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var workshop = root.dataset.workshop || "";
  var people = null; // hash -> entry, from a list still valid today
  var dayList = null;
  var shown = null; // the client id of the scan whose result is on screen
  var flushing = false;
  var unreachable = false; // the last sending failed: connected to a Wi-Fi without the server

  // --- IndexedDB: "list" (one record, the day's list) and "queue" (scans not yet sent) ---
  var dbPromise = new Promise(function (resolve, reject) {
    var request = indexedDB.open("tfc-desk", 1);
    request.onupgradeneeded = function () {
      request.result.createObjectStore("list");
      request.result.createObjectStore("queue", { keyPath: "client_id" });
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });
  function store(name, mode, action) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(name, mode);
        var request = action(transaction.objectStore(name));
        transaction.oncomplete = function () { resolve(request && request.result); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }
  function queued() { return store("queue", "readonly", function (s) { return s.getAll(); }); }

  // --- The list ---
  function useList(data) {
    if (!data || !data.valid_until || new Date(data.valid_until) <= new Date()) {
      people = null; dayList = null; // a list past its day is ignored: the server decides
      return;
    }
    dayList = data;
    people = {};
    data.people.forEach(function (entry) { people[entry.h] = entry; });
    root.dataset.listReady = "true";
  }
  function loadList() {
    if (!navigator.onLine) return Promise.resolve();
    return fetch(root.dataset.listUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 410) {
          useList(null);
          return store("list", "readwrite", function (s) { return s.delete("day"); });
        }
        if (!response.ok || response.redirected) return null;
        return response.json().then(function (data) {
          useList(data);
          return store("list", "readwrite", function (s) { return s.put(data, "day"); });
        });
      })
      .catch(function () {});
  }

  function hash(code) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(code)).then(function (buffer) {
      var bytes = String.fromCharCode.apply(null, new Uint8Array(buffer));
      return btoa(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    });
  }
  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  // What the online desk would say, decided from the list alone; `queue` when it is a
  // check-in (or a workshop scan) to send.
  function localAnswer(entry) {
    var titles = strings.titles;
    if (!people) return { tone: "warning", title: strings.queued, queue: true };
    if (!entry) return { tone: "error", title: titles.invalid, message: strings.invalid };
    var answer = { name: entry.n };
    if (entry.s === "speaker" || entry.s === "organiser") return { tone: "ok", title: titles[entry.s], name: entry.n };
    answer.details = (dayList.categories[entry.c] || entry.c) + " · " + entry.o;
    if (entry.s === "cancelled" || entry.s === "waitlisted") {
      answer.tone = "error"; answer.title = titles[entry.s]; answer.message = strings[entry.s];
      return answer;
    }
    if (workshop) {
      var booked = (entry.w || []).map(String).indexOf(workshop) !== -1;
      var waiting = (entry.q || []).map(String).indexOf(workshop) !== -1;
      var outcome = booked ? "booked" : waiting ? "waitlisted_workshop" : "not_booked";
      answer.tone = booked ? "ok" : "warning"; answer.title = titles[outcome]; answer.queue = true;
      return answer;
    }
    if (entry.s === "in") {
      answer.tone = "warning"; answer.title = titles.already_checked_in;
      answer.message = fill(entry.d ? strings.already : strings.already_here, { time: entry.t, desk: entry.d });
      return answer;
    }
    answer.tone = "ok"; answer.title = titles.checked_in; answer.queue = true;
    answer.workshops = (entry.w || []).map(function (id) { return dayList.workshops[id]; });
    return answer;
  }

  // The page's own result markup and colours (.result-ok / -warning / -error).
  function resultElement(answer) {
    var box = document.createElement("div");
    box.className = "result result-" + answer.tone;
    box.setAttribute("role", "alert");
    function line(text, className) {
      if (!text) return;
      var p = document.createElement("p");
      if (className) p.className = className;
      p.textContent = text;
      box.appendChild(p);
    }
    var title = document.createElement("p");
    title.className = "result-title";
    var icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = answer.tone === "ok" ? "✔" : answer.tone === "warning" ? "⚠" : "✖";
    title.appendChild(icon);
    title.appendChild(document.createTextNode(" " + answer.title));
    box.appendChild(title);
    line(answer.name, "result-name");
    line(answer.details);
    if (answer.workshops) {
      line(answer.workshops.length ? strings.workshops_today : strings.no_workshop);
      if (answer.workshops.length) {
        var list = document.createElement("ul");
        answer.workshops.forEach(function (label) {
          var item = document.createElement("li");
          item.textContent = label;
          list.appendChild(item);
        });
        box.appendChild(list);
      }
    }
    line(answer.message);
    line(answer.conflict);
    line(answer.note);
    return box;
  }
  function show(answers) {
    root.dataset.shown = (Number(root.dataset.shown) || 0) + 1; // for the tests: a new result
    resultBox.replaceChildren.apply(resultBox, answers.map(resultElement));
  }

  function updateBanner() {
    return queued().then(function (items) {
      var count = items.length;
      root.dataset.waiting = count;
      banner.hidden = navigator.onLine && !unreachable;
      banner.textContent = fill(strings.banner[count > 2 ? 2 : count], { count: count });
    });
  }

  function scan(code) {
    return hash(code).then(function (codeHash) {
      var entry = people && people[codeHash];
      var answer = localAnswer(entry);
      var item = null;
      // Online, every scan goes to the server, which has the last word (a walk-in registered
      // a minute ago is not in the list yet); offline, only what the list accepts waits.
      if (answer.queue || (navigator.onLine && !unreachable)) {
        item = {
          client_id: crypto.randomUUID(), code: code, scanned_at: new Date().toISOString(),
          desk: deskField.value, mode: workshop ? "workshop" : "check_in", session: workshop || null,
        };
        if (answer.queue && entry && !workshop) { // the next scan of this badge, here, is "already checked in"
          entry.s = "in"; entry.d = deskField.value;
          entry.t = new Date().toTimeString().slice(0, 5);
        }
      }
      shown = item && item.client_id;
      show([answer]);
      if (!item) return updateBanner();
      return store("queue", "readwrite", function (s) { return s.put(item); }).then(updateBanner).then(flush);
    });
  }

  // Send the queue; drop what the server answered, show its answer for the scan on screen
  // and any scan whose outcome is not what the desk said (a conflict with another desk).
  function flush() {
    if (flushing || !navigator.onLine) return updateBanner();
    flushing = true;
    return queued().then(function (items) {
      if (!items.length) return null;
      return fetch(root.dataset.syncUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ scans: items }),
      }).then(function (response) {
        if (!response.ok || response.redirected) throw new Error(response.status);
        return response.json();
      }).then(function (data) {
        var notable = data.answers.filter(function (answer) {
          return answer.client_id === shown || answer.conflict || answer.tone !== "ok";
        });
        unreachable = false;
        if (notable.length) show(notable);
        document.getElementById("checked-in-count").textContent = data.checked_in;
        document.getElementById("confirmed-count").textContent = data.confirmed;
        return store("queue", "readwrite", function (s) {
          data.answers.forEach(function (answer) { s.delete(answer.client_id); });
        });
      });
    }).catch(function () { unreachable = true; }).then(function () {
      flushing = false;
      return updateBanner();
    });
  }

  form.addEventListener("submit", function (event) {
    var code = field.value.trim();
    if (!code) return;
    event.preventDefault();
    field.value = "";
    field.focus();
    scan(code);
  });
  if (deskField) {
    deskField.value = deskField.value || localStorage.getItem("tfc-desk-name") || "";
    deskField.addEventListener("change", function () { localStorage.setItem("tfc-desk-name", deskField.value); });
  }
  window.addEventListener("online", function () { loadList().then(flush); });
  window.addEventListener("offline", updateBanner);
  store("list", "readonly", function (s) { return s.get("day"); })
    .then(function (data) { if (!people) useList(data); })
    .then(loadList).then(flush);
  setInterval(loadList, 60000);
  setInterval(flush, 10000);
  if ("serviceWorker" in navigator) {
    var registerWorker = function () {
      navigator.serviceWorker.register(root.dataset.workerUrl, { scope: root.dataset.scope }).catch(function () {});
    };
    registerWorker();
    // A desk that lost the network before its worker had copied the page (the worker's
    // install fetches it) tries again when the network is back, or it never works offline.
    window.addEventListener("online", function () { if (!root.dataset.offlineReady) registerWorker(); });
    navigator.serviceWorker.ready.then(function () { root.dataset.offlineReady = "true"; });
  }
  root.dataset.deskReady = "true"; // for the tests: the script has taken over the form
})();
