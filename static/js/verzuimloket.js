/* Progressive enhancement only: every flow works without this file.
   After a failed submit, move focus to the error summary so keyboard and screen-reader users land on it. */
(function () {
  "use strict";
  var samenvatting = document.getElementById("foutsamenvatting");
  if (samenvatting) {
    samenvatting.focus();
  }
})();
