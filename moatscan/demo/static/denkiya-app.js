/* Denkiya storefront. The server sends empty shells; this script fetches the catalogue from
   /api/products.json and /api/products/<id>.json and builds the page, including the schema.org
   JSON-LD of product pages. Without JavaScript there is no product data on the page. */
(function () {
  "use strict";
  var STORE = "電気屋 Denkiya";
  var CATEGORIES = {"chargers": "充電器", "cables": "ケーブル・ハブ", "smart-home": "スマートホーム",
                    "power": "モバイルバッテリー・ポータブル電源"};
  var STOCK = {InStock: "在庫あり", OutOfStock: "在庫切れ", PreOrder: "予約受付中"};

  function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function yen(n) { return "¥" + grouped(n); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  function getJSON(url) {
    return fetch(url, {headers: {"Accept": "application/json"}}).then(function (response) {
      if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
      return response.json();
    });
  }

  function header() {
    var nav = el("nav", "categories");
    nav.appendChild(link("/", STORE));
    Object.keys(CATEGORIES).forEach(function (key) {
      nav.appendChild(link("/category/" + key, CATEGORIES[key]));
    });
    return nav;
  }

  function ratingText(item) {
    if (item.rating === null) { return "レビューはまだありません"; }
    return "★" + item.rating.toFixed(1) + " レビュー(" + grouped(item.review_count) + "件)";
  }

  function productJsonLd(item) {
    var data = {
      "@context": "https://schema.org", "@type": "Product", "name": item.name,
      "url": location.href, "sku": item.sku, "mpn": item.mpn, "gtin13": item.jan,
      "brand": {"@type": "Brand", "name": item.brand},
      "offers": {"@type": "Offer", "url": location.href, "price": String(item.price),
                 "priceCurrency": item.currency,
                 "availability": "https://schema.org/" + item.availability}
    };
    if (item.rating !== null) {
      data.aggregateRating = {"@type": "AggregateRating", "ratingValue": item.rating,
                              "bestRating": 5, "reviewCount": item.review_count};
    }
    var script = document.createElement("script");
    script.type = "application/ld+json";
    script.textContent = JSON.stringify(data);
    document.head.appendChild(script);
  }

  function renderProduct(app, item) {
    document.title = item.name + " | " + STORE;
    productJsonLd(item);
    var article = el("article", "product");
    article.appendChild(el("h1", "product-title", item.name));
    article.appendChild(el("p", "brand", "ブランド: " + item.brand));
    article.appendChild(el("p", "price", yen(item.price) + " (税込)"));
    article.appendChild(el("p", "stock stock-" + item.availability.toLowerCase(), STOCK[item.availability]));
    article.appendChild(el("p", "rating", ratingText(item)));
    if (item.delivery) { article.appendChild(el("p", "delivery", item.delivery)); }
    article.appendChild(el("p", "sku", "商品番号: " + item.sku + " / JAN: " + item.jan));
    var button = el("button", "add-to-cart", "カートに入れる");
    button.disabled = item.availability === "OutOfStock";
    article.appendChild(button);
    app.appendChild(header());
    app.appendChild(link("/category/" + item.category, CATEGORIES[item.category]));
    app.appendChild(article);
  }

  function renderCategory(app, category, items) {
    document.title = CATEGORIES[category] + " | " + STORE;
    app.appendChild(header());
    app.appendChild(el("h1", "", CATEGORIES[category]));
    var list = el("ul", "product-grid");
    items.filter(function (item) { return item.category === category; }).forEach(function (item) {
      var li = el("li", "card");
      li.appendChild(link(item.url, item.name));
      li.appendChild(el("span", "price", yen(item.price)));
      li.appendChild(el("span", "stock", STOCK[item.availability]));
      list.appendChild(li);
    });
    app.appendChild(list);
  }

  function fillCards(items) {
    var byId = {};
    items.forEach(function (item) { byId[item.id] = item; });
    Array.prototype.forEach.call(document.querySelectorAll("a[data-item]"), function (a) {
      var item = byId[a.getAttribute("data-item")];
      if (!item) { return; }
      a.appendChild(el("span", "name", item.name));
      a.appendChild(el("span", "price", yen(item.price)));
    });
  }

  function footer() {
    var template = document.getElementById("site-footer");
    if (template) { document.body.appendChild(document.importNode(template.content, true)); }
  }

  function done(app) { footer(); if (app) { app.setAttribute("data-ready", "true"); } }
  function failed(app, error) {
    if (app) { app.appendChild(el("p", "error", "読み込みに失敗しました。")); }
    if (window.console) { console.error(error); }
  }

  var app = document.getElementById("app");
  var page = app ? app.getAttribute("data-page") : "";
  if (page === "product") {
    var id = location.pathname.split("/").pop();
    getJSON("/api/products/" + id + ".json")
      .then(function (item) { renderProduct(app, item); done(app); })
      .catch(function (error) { failed(app, error); });
  } else if (page === "category") {
    getJSON("/api/products.json")
      .then(function (data) { renderCategory(app, app.getAttribute("data-category"), data.items); done(app); })
      .catch(function (error) { failed(app, error); });
  } else if (document.querySelector("a[data-item]")) {
    getJSON("/api/products.json").then(function (data) { fillCards(data.items); footer(); });
  }
}());
