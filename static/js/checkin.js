// Check-in desk, progressive enhancement only: the page works without this file.
// 1. Keeps the live counter fresh. 2. Scans with the camera where the browser has a
//    barcode reader (BarcodeDetector); otherwise a USB or phone scanner types the code.
(function () {
  "use strict";
  var counter = document.querySelector("[data-count-url]");
  if (counter && window.fetch) {
    setInterval(function () {
      fetch(counter.dataset.countUrl, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          document.getElementById("checked-in-count").textContent = data.checked_in;
          document.getElementById("confirmed-count").textContent = data.confirmed;
        })
        .catch(function () {});
    }, 10000);
  }

  var button = document.getElementById("camera-button");
  if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var video = document.getElementById("camera");
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      var scan = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stream.getTracks().forEach(function (track) { track.stop(); });
            var field = document.getElementById("token");
            field.value = codes[0].rawValue;
            field.form.submit();
          } else {
            requestAnimationFrame(scan);
          }
        }).catch(function () { requestAnimationFrame(scan); });
      };
      scan();
    });
  });
})();
