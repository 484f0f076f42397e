// Pages meant for paper (the representative invitation QR): a button that opens the browser's print dialog.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
})();
