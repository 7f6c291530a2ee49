{% load static %}// The desk's service worker: keeps the desk page and its files available offline.
// Network first (the page is always fresh when the network is there), the copy when not.
// Only GETs of the desk page and its files: the list and the scans go to the network.
"use strict";
var CACHE = "tfc-desk-v1";
var DESK = "{% url 'day:check_in' %}";
var ASSETS = ["{% static 'css/site.css' %}", "{% static 'js/checkin.js' %}", "{% static 'desk/desk.js' %}"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll([DESK].concat(ASSETS)); }));
  self.skipWaiting();
});
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  var page = request.mode === "navigate" && url.pathname === DESK;
  if (!page && ASSETS.indexOf(url.pathname) === -1) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (cached) { return cached || caches.match(DESK); });
    })
  );
});

// At logout the page asks to forget everything: the cached desk pages hold names.
self.addEventListener("message", function (event) {
  if (event.data === "forget") event.waitUntil(caches.delete(CACHE));
});
