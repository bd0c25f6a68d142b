(function () {
  "use strict";
  var L = JSON.parse(document.getElementById("labels").textContent);
  var KEY = "gem-saathi-sim:";
  var MAX_LOG = 300;
  var $ = function (id) { return document.getElementById(id); };
  var chat = $("chat"), typing = $("typing"), empty = $("empty");
  var input = $("message"), sendBtn = $("send"), channelSel = $("channel");
  var userInput = $("user"), phoneInput = $("phone"), shareBtn = $("share-phone");
  var busy = false;
  var log = [];

  function store(name, value) { try { localStorage.setItem(KEY + name, value); } catch (e) { /* private mode */ } }
  function load(name) { try { return localStorage.getItem(KEY + name); } catch (e) { return null; } }
  function digits(n) { var s = ""; for (var i = 0; i < n; i++) { s += Math.floor(Math.random() * 10); } return s; }
  function randomUser() { return "sim-" + (1000 + Math.floor(Math.random() * 9000)); }
  function randomPhone() { return "+9198" + digits(8); }
  function clock(ms) { var d = new Date(ms); return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2); }
  function logKey() { return "log:" + channelSel.value + ":" + userInput.value.trim(); }

  var pinned = true;  // the seller is looking at the newest message
  function scrollDown() { chat.scrollTop = chat.scrollHeight; pinned = true; }
  chat.addEventListener("scroll", function () { pinned = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 24; });
  if (window.ResizeObserver) {
    new ResizeObserver(function () { if (pinned) { chat.scrollTop = chat.scrollHeight; } }).observe(chat);
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function render(entry) {
    var row = el("div", "row " + entry.who + (entry.failed ? " failed" : ""));
    var bubble = el("div", "bubble", entry.text);
    if (entry.who === "user") { row.setAttribute("data-testid", "user-message"); }
    if (entry.who === "bot") { row.setAttribute("data-testid", "bot-message"); }
    if (entry.who === "system") { row.setAttribute("data-testid", "system-message"); row.setAttribute("role", "alert"); }
    if (entry.who !== "system") {
      bubble.appendChild(el("span", "time", (entry.failed ? "⚠ " + L.not_sent + " · " : "") + clock(entry.at)));
    }
    row.appendChild(bubble);
    if (entry.buttons && entry.buttons.length) {
      var chips = el("div", "chips");
      entry.buttons.forEach(function (b) {
        var chip = el("button", "chip", b.title);
        chip.type = "button";
        chip.setAttribute("data-testid", "reply-button");
        chip.setAttribute("data-id", b.id);
        chip.disabled = busy;
        chip.addEventListener("click", function () { send({ button: b.id }, b.title); });
        chips.appendChild(chip);
      });
      row.appendChild(chips);
    }
    chat.insertBefore(row, typing);
    empty.hidden = true;
    return row;
  }

  function add(entry, keep) {
    entry.at = entry.at || Date.now();
    var row = render(entry);
    if (keep !== false) { log.push(entry); saveLog(); }
    scrollDown();
    return { row: row, entry: entry };
  }

  function saveLog() {
    if (log.length > MAX_LOG) { log = log.slice(log.length - MAX_LOG); }
    store(logKey(), JSON.stringify({ entries: log, state: lastState }));
  }

  var lastState = null;
  function showState(turn) {
    lastState = turn;
    $("state-step").textContent = turn ? turn.step : "—";
    $("state-stage").textContent = turn ? turn.stage : "—";
    $("state-language").textContent = turn ? turn.language : "—";
    $("state-profile").textContent = turn ? JSON.stringify(turn.profile, null, 2) : "{}";
  }

  function clearChat() {
    Array.prototype.slice.call(chat.querySelectorAll(".row:not(.typing)")).forEach(function (r) { r.remove(); });
    empty.hidden = false;
  }

  function restore() {
    clearChat();
    log = [];
    showState(null);
    var saved = null;
    try { saved = JSON.parse(load(logKey()) || "null"); } catch (e) { saved = null; }
    if (saved && Array.isArray(saved.entries)) {
      log = saved.entries;
      log.forEach(render);
      showState(saved.state || null);
    }
    scrollDown();
  }

  function identity() {
    var ch = channelSel.value;
    document.body.setAttribute("data-channel", ch);
    shareBtn.hidden = ch !== "telegram";
    var parts = [ch === "telegram" ? "Telegram" : "WhatsApp", userInput.value.trim()];
    if (ch === "whatsapp" && phoneInput.value.trim()) { parts.push(phoneInput.value.trim()); }
    $("identity").textContent = parts.join(" · ");
  }

  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
    sendBtn.disabled = value;
    shareBtn.disabled = value;
    Array.prototype.forEach.call(chat.querySelectorAll(".chip"), function (c) { c.disabled = value; });
    if (value) { chat.appendChild(typing); scrollDown(); }
  }

  function send(payload, shown, typed) {
    if (busy) { return; }
    var user = userInput.value.trim();
    if (!user) { user = randomUser(); userInput.value = user; store("user", user); identity(); restore(); }
    var body = { user: user, channel: channelSel.value, text: null, button: null, phone: null };
    Object.keys(payload).forEach(function (k) { body[k] = payload[k]; });
    if (channelSel.value === "whatsapp" && !body.phone && phoneInput.value.trim()) { body.phone = phoneInput.value.trim(); }
    var mine = add({ who: "user", text: shown });
    var key = logKey();
    setBusy(true);
    fetch("api/simulator/messages", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) { var err = new Error("HTTP " + response.status); err.http = true; throw err; }
      return response.json();
    }).then(function (turn) {
      setBusy(false);
      if (key !== logKey()) { return; }  // the seller changed while we waited
      (turn.replies || []).forEach(function (r) { add({ who: "bot", text: r.text, buttons: r.buttons || [] }); });
      showState(turn);
      saveLog();
    }).catch(function (error) {
      setBusy(false);
      if (key !== logKey()) { return; }
      mine.entry.failed = true;
      mine.row.remove();
      mine.row = render(mine.entry);
      add({ who: "system", text: error && error.http ? L.error : L.network_error });
      if (typed !== undefined && !input.value) { input.value = typed; grow(); }
      input.focus();
    });
  }

  function grow() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 120) + "px";
  }

  $("composer").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (busy || !text.trim()) { return; }
    input.value = "";
    grow();
    send({ text: text }, text, text);
    input.focus();
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      $("composer").requestSubmit ? $("composer").requestSubmit() : sendBtn.click();
    }
  });
  input.addEventListener("input", grow);

  shareBtn.addEventListener("click", function () {
    var phone = phoneInput.value.trim();
    if (!phone) { phone = randomPhone(); phoneInput.value = phone; store("phone", phone); }
    send({ phone: phone }, "📞 " + phone);
  });

  channelSel.addEventListener("change", function () { store("channel", channelSel.value); identity(); restore(); });
  userInput.addEventListener("change", function () {
    if (!userInput.value.trim()) { userInput.value = randomUser(); }
    store("user", userInput.value.trim()); identity(); restore();
  });
  phoneInput.addEventListener("change", function () { store("phone", phoneInput.value.trim()); identity(); });
  $("controls").addEventListener("submit", function (event) { event.preventDefault(); });  // Enter in a box must not reload the page
  $("state").addEventListener("toggle", function () { store("state-open", $("state").open ? "1" : ""); });

  $("new-seller").addEventListener("click", function () {
    userInput.value = randomUser();
    phoneInput.value = randomPhone();
    store("user", userInput.value);
    store("phone", phoneInput.value);
    identity();
    restore();
    input.focus();
  });

  channelSel.value = load("channel") === "telegram" ? "telegram" : "whatsapp";
  userInput.value = load("user") || randomUser();
  phoneInput.value = load("phone") || randomPhone();
  store("user", userInput.value);
  store("phone", phoneInput.value);
  $("state").open = load("state-open") === "1";
  identity();
  restore();
  input.focus();
})();
