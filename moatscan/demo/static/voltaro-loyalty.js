/* Voltaro Rewards: the loyalty programme launcher shown on every page. */
(function () {
  "use strict";
  window.VoltaroRewards = {
    programme: "Voltaro Rewards",
    pointsPerDollar: 5,
    tiers: ["Spark", "Charge", "Surge"],
    referral: {give: "$10", get: "$10"}
  };
  var launcher = document.createElement("button");
  launcher.className = "voltaro-rewards-launcher";
  launcher.textContent = "Rewards: earn 5 points per $1";
  document.body.appendChild(launcher);
}());
