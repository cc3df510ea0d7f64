/* Kabelwerk customer-reviews badge (shop rating, shown on every page). */
(function () {
  "use strict";
  var french = document.documentElement.lang === "fr";
  var badge = document.createElement("aside");
  badge.className = "kw-reviews-badge";
  badge.textContent = french ? "Avis clients : 4,7/5 (8 412 avis)" : "Kundenbewertungen: 4,7/5 (8.412 Bewertungen)";
  window.KabelwerkReviews = {shopRating: 4.7, shopReviews: 8412};
  document.body.appendChild(badge);
}());
