/* Brightlane live chat: a chat bubble with office hours (the demo never connects anywhere). */
(function () {
  "use strict";
  var german = document.documentElement.lang.indexOf("de") === 0;
  var bubble = document.createElement("button");
  bubble.className = "bl-chat-bubble";
  bubble.setAttribute("aria-label", german ? "Live-Chat öffnen" : "Open live chat");
  bubble.textContent = german ? "Chatten Sie mit uns" : "Chat with us";
  var panel = document.createElement("div");
  panel.className = "bl-chat-panel";
  panel.hidden = true;
  panel.textContent = german
    ? "Unser Support-Team antwortet Mo–Fr, 9–18 Uhr (MEZ)."
    : "Our support team is online Mon–Fri, 9 am–6 pm ET.";
  bubble.addEventListener("click", function () { panel.hidden = !panel.hidden; });
  window.BrightlaneChat = {provider: "brightlane-chat", version: "2.3.1", open: function () { panel.hidden = false; }};
  document.body.appendChild(bubble);
  document.body.appendChild(panel);
}());
