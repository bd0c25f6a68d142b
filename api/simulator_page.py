"""The simulator web page: one self-contained phone-like chat (inline CSS and JS, no external requests)."""

from __future__ import annotations

import html
import json
import re

from bot.engine.context import Env


def N_(message: str) -> str:  # noqa: N802 - the gettext marker Babel extracts
    """Mark a message for extraction; it is translated when the page is rendered."""
    return message


# The page's own labels: key used by the script -> English msgid.
LABELS: tuple[tuple[str, str], ...] = (
    ("title", N_("GeM Saathi simulator")),
    ("placeholder", N_("Type a message…")),
    ("send", N_("Send")),
    ("new_seller", N_("New seller")),
    ("channel", N_("Channel")),
    ("user", N_("User")),
    ("phone", N_("Phone")),
    ("state", N_("Conversation state")),
    ("step", N_("Step")),
    ("stage", N_("Stage")),
    ("language", N_("Language")),
    ("profile", N_("Profile")),
    ("error", N_("Something went wrong, please try again.")),
    ("network_error", N_("Could not reach the server. Please check that it is running and try again.")),
    ("typing", N_("Typing…")),
    ("empty", N_("Say “Namaste” to start.")),
    ("share_phone", N_("Share my number")),
    ("not_sent", N_("Not sent")),
    ("test_note", N_("Test conversation: nothing is sent to WhatsApp or Telegram.")),
)


def labels_for(env: Env, lang: str) -> dict[str, str]:
    """Translate the page's labels into a language."""
    translation = env.translations[lang]
    return {key: translation.gettext(msgid) for key, msgid in LABELS}


def _script_json(value: object) -> str:
    """Serialise a value as JSON that is safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_page(env: Env, lang: str) -> str:
    """Render the simulator page in a language ("hi" or "en")."""
    labels = labels_for(env, lang)
    other_lang, other_name = ("en", "English") if lang == "hi" else ("hi", "हिंदी")
    values = {key: html.escape(value, quote=True) for key, value in labels.items()}
    values |= {
        "lang": html.escape(lang, quote=True),
        "other_lang": other_lang,
        "other_name": other_name,
        "labels_json": _script_json({"lang": lang, **labels}),
        "css": _CSS,
        "js": _JS,
    }
    # One pass: text put in is never scanned again for placeholders.
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], _PAGE)


_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")

_PAGE = """<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:">
<meta name="theme-color" content="#008069">
<link rel="icon" href="data:,">
<title>{{title}}</title>
<style>{{css}}</style>
</head>
<body data-channel="whatsapp">
<div class="phone">
  <header class="top">
    <div class="avatar" aria-hidden="true">GeM</div>
    <div class="who">
      <h1>जेम साथी · GeM Saathi</h1>
      <div class="identity" id="identity" data-testid="identity"></div>
    </div>
    <a class="lang-switch" href="?lang={{other_lang}}" lang="{{other_lang}}">{{other_name}}</a>
  </header>
  <form class="controls" id="controls" autocomplete="off" onsubmit="return false">
    <label>{{channel}}
      <select id="channel" data-testid="channel">
        <option value="whatsapp">WhatsApp</option>
        <option value="telegram">Telegram</option>
      </select>
    </label>
    <label>{{user}}
      <input id="user" data-testid="user" maxlength="64" spellcheck="false">
    </label>
    <label>{{phone}}
      <input id="phone" data-testid="phone" inputmode="tel" maxlength="20" spellcheck="false">
    </label>
    <button type="button" id="new-seller" data-testid="new-seller">{{new_seller}}</button>
  </form>
  <details class="state" id="state">
    <summary data-testid="state-toggle">{{state}}</summary>
    <dl>
      <dt>{{step}}</dt><dd data-testid="state-step" id="state-step">—</dd>
      <dt>{{stage}}</dt><dd data-testid="state-stage" id="state-stage">—</dd>
      <dt>{{language}}</dt><dd data-testid="state-language" id="state-language">—</dd>
    </dl>
    <div class="profile-title">{{profile}}</div>
    <pre data-testid="state-profile" id="state-profile">{}</pre>
  </details>
  <main class="chat" id="chat" data-testid="chat" aria-live="polite">
    <div class="note" data-testid="test-note">{{test_note}}</div>
    <div class="empty" id="empty">{{empty}}</div>
    <div class="row bot typing" id="typing" data-testid="typing" hidden>
      <div class="bubble" role="status" aria-label="{{typing}}" title="{{typing}}"><span></span><span></span><span></span></div>
    </div>
  </main>
  <form class="composer" id="composer" autocomplete="off">
    <button type="button" class="share" id="share-phone" data-testid="share-phone" hidden>{{share_phone}}</button>
    <div class="compose-row">
      <textarea id="message" data-testid="message-input" rows="1" placeholder="{{placeholder}}" aria-label="{{placeholder}}" enterkeyhint="send"></textarea>
      <button type="submit" id="send" data-testid="send" aria-label="{{send}}">{{send}}</button>
    </div>
  </form>
</div>
<script type="application/json" id="labels">{{labels_json}}</script>
<script>{{js}}</script>
</body>
</html>
"""

_CSS = """
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { height: 100%; margin: 0; }
body {
  --head: #008069; --head-text: #fff; --wall: #efeae2; --mine: #d9fdd3; --theirs: #fff;
  --accent: #008069; --chip-text: #027eb5; --meta: #667781;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans Devanagari", "Nirmala UI", "Mangal", "Lohit Devanagari", sans-serif;
  font-size: 15px; line-height: 1.45; color: #111b21; background: #d1d7db;
}
body[data-channel="telegram"] {
  --head: #517da2; --wall: #dfe7ee; --mine: #e1ffc7; --theirs: #fff; --accent: #3a8fd6; --chip-text: #2b7ab8; --meta: #7d8b99;
}
.phone {
  display: flex; flex-direction: column; width: 100%; max-width: 420px; height: 100vh; height: 100dvh;
  margin: 0 auto; background: var(--wall); overflow: hidden;
}
@media (min-width: 480px) {
  .phone { height: calc(100dvh - 32px); margin: 16px auto; border-radius: 18px; box-shadow: 0 8px 30px rgba(0,0,0,.25); }
}
.top { display: flex; align-items: center; gap: 10px; padding: 10px 12px; background: var(--head); color: var(--head-text); }
.avatar {
  flex: none; width: 38px; height: 38px; border-radius: 50%; background: #fff; color: var(--head);
  display: grid; place-items: center; font-weight: 700; font-size: 12px;
}
.who { flex: 1; min-width: 0; }
.who h1 { margin: 0; font-size: 16px; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.identity { font-size: 12px; opacity: .85; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.lang-switch { color: var(--head-text); font-size: 13px; text-decoration: none; border: 1px solid rgba(255,255,255,.6); border-radius: 12px; padding: 2px 8px; }
.controls {
  display: grid; grid-template-columns: auto minmax(0, 0.75fr) minmax(0, 1.25fr) auto; gap: 6px; align-items: end;
  padding: 6px 8px; background: #f0f2f5; border-bottom: 1px solid #d1d7db; font-size: 11px; color: var(--meta);
}
.controls label { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.controls input, .controls select, .controls button {
  font: inherit; font-size: 13px; color: #111b21; min-width: 0; width: 100%;
  padding: 4px 6px; border: 1px solid #c9d1d6; border-radius: 6px; background: #fff; height: 30px;
}
.controls button { width: auto; background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; white-space: nowrap; }
.state { background: #f7f8fa; border-bottom: 1px solid #d1d7db; font-size: 12px; }
.state summary { cursor: pointer; padding: 4px 10px; color: var(--meta); user-select: none; }
.state dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0 10px 4px; }
.state dt { color: var(--meta); }
.state dd { margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; }
.profile-title { margin: 4px 10px 0; color: var(--meta); }
.state pre {
  margin: 2px 10px 8px; max-height: min(22vh, 180px); overflow: auto; padding: 6px; background: #fff; border: 1px solid #e3e6e8;
  border-radius: 6px; font-size: 11px; white-space: pre-wrap; word-break: break-word;
}
.chat { flex: 1; overflow-y: auto; padding: 10px 10px 4px; display: flex; flex-direction: column; gap: 6px; overscroll-behavior: contain; }
.note, .empty {
  align-self: center; max-width: 90%; text-align: center; font-size: 12px; color: #54656f;
  background: #fff8c5; border-radius: 8px; padding: 4px 10px; box-shadow: 0 1px 0.5px rgba(0,0,0,.1);
}
.empty { background: rgba(255,255,255,.8); }
.row { display: flex; flex-direction: column; max-width: 85%; }
.row.user { align-self: flex-end; align-items: flex-end; }
.row.bot { align-self: flex-start; align-items: flex-start; }
.row.system { align-self: center; max-width: 90%; }
.bubble {
  position: relative; padding: 6px 9px 6px; border-radius: 8px; white-space: pre-wrap; overflow-wrap: anywhere;
  box-shadow: 0 1px 0.5px rgba(11,20,26,.13);
}
.user .bubble { background: var(--mine); border-top-right-radius: 0; }
.bot .bubble { background: var(--theirs); border-top-left-radius: 0; }
.system .bubble { background: #ffe9e8; color: #8a1c1c; text-align: center; font-size: 13px; border-radius: 8px; }
.time { display: block; text-align: right; font-size: 10.5px; color: var(--meta); margin-top: 2px; line-height: 1; }
.failed .time { color: #c62828; }
.chips { display: flex; flex-wrap: wrap; gap: 5px; margin-top: 4px; }
.chip {
  font: inherit; font-size: 14px; color: var(--chip-text); background: var(--theirs); border: none; border-radius: 16px;
  padding: 6px 14px; cursor: pointer; box-shadow: 0 1px 0.5px rgba(11,20,26,.18); text-align: center;
}
.chip:hover:not(:disabled) { background: #f5f6f6; }
.chip:disabled { opacity: .55; cursor: default; }
.typing .bubble { display: flex; gap: 4px; padding: 10px 12px; }
.typing .bubble span { width: 7px; height: 7px; border-radius: 50%; background: #8696a0; animation: blink 1.2s infinite ease-in-out; }
.typing .bubble span:nth-child(2) { animation-delay: .2s; }
.typing .bubble span:nth-child(3) { animation-delay: .4s; }
@keyframes blink { 0%, 80%, 100% { opacity: .3; transform: translateY(0); } 40% { opacity: 1; transform: translateY(-3px); } }
.composer { padding: 6px 8px 8px; background: #f0f2f5; display: flex; flex-direction: column; gap: 6px; }
.compose-row { display: flex; gap: 6px; align-items: flex-end; }
.composer textarea {
  flex: 1; min-width: 0; resize: none; font: inherit; padding: 8px 12px; border: none; border-radius: 20px;
  background: #fff; max-height: 120px; line-height: 1.35; outline: none;
}
.composer textarea:focus { box-shadow: 0 0 0 2px var(--accent); }
#send {
  flex: none; font: inherit; font-weight: 600; border: none; border-radius: 20px; padding: 8px 16px;
  background: var(--accent); color: #fff; cursor: pointer;
}
#send:disabled { opacity: .6; cursor: default; }
.share {
  align-self: flex-start; font: inherit; font-size: 13px; border: 1px solid var(--accent); color: var(--accent);
  background: #fff; border-radius: 16px; padding: 4px 12px; cursor: pointer;
}
@media (max-width: 360px) { .controls { grid-template-columns: 1fr 1fr; } }
"""

_JS = r"""
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
"""
