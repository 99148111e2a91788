/*
 * ENT-école chat widget, written on DSFR components. Embed with one element and one script tag:
 *   <div id="ent-chat"></div>
 *   <script src="https://…/static/ent-chat.js" data-server="https://…" defer></script>
 * data-server: where Rasa is ("" = this page's origin; absent = ask config.json next to the script's server).
 * data-transport: "socketio" (default) or "rest".
 *
 * Everything the bot or the user writes is put in the page with textContent, never as HTML.
 * The session id and the transcript live in sessionStorage: a reload keeps the conversation (Rasa's socket.io
 * channel does not replay it), closing the tab forgets it (shared computers in town halls).
 * While offline, nothing is sent: the message stays in the field and the user sends it again once reconnected,
 * so a message can never go twice (no hidden queue; socket.io's own send buffer is emptied on disconnect).
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var scriptUrl = new URL(script.src, document.baseURI);
  var KEY_SESSION = 'ent-chat.session';
  var KEY_TRANSCRIPT = 'ent-chat.transcript';
  var MAX_ENTRIES = 200;
  var NEW_CONVERSATION = 'Nouvelle conversation commencée.';
  var REPLY_TIMEOUT_MS = 30000;
  var URL_PATTERN = /https?:\/\/[^\s<>"'«»]+/g;
  var TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

  // ---- storage ----------------------------------------------------------------------------------------------

  function newSessionId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().replace(/-/g, '');
    return Date.now().toString(16) + Math.random().toString(16).slice(2);
  }

  function storage() {
    try {
      return window.sessionStorage;
    } catch (e) {
      return null; // storage disabled: the conversation simply does not survive a reload
    }
  }

  function sessionId() {
    var store = storage();
    var id = store && store.getItem(KEY_SESSION);
    if (!id) {
      id = newSessionId();
      if (store) store.setItem(KEY_SESSION, id);
    }
    return id;
  }

  function loadTranscript() {
    var store = storage();
    try {
      var entries = JSON.parse((store && store.getItem(KEY_TRANSCRIPT)) || '[]');
      return Array.isArray(entries) ? entries : [];
    } catch (e) {
      return [];
    }
  }

  function saveTranscript(entries) {
    var store = storage();
    if (store) store.setItem(KEY_TRANSCRIPT, JSON.stringify(entries.slice(-MAX_ENTRIES)));
  }

  // ---- bot messages -----------------------------------------------------------------------------------------

  /** Rasa's socket.io channel sends {text}, {text, quick_replies} or {attachment}; REST sends {text, buttons, image}. */
  function normalise(message) {
    var buttons = (message.buttons || message.quick_replies || []).filter(function (b) {
      return b && typeof b.title === 'string' && typeof b.payload === 'string';
    }).map(function (b) { return { title: b.title, payload: b.payload }; });
    var attachment = message.attachment;
    var image = message.image ||
      (attachment && attachment.type === 'image' && attachment.payload && attachment.payload.src) || null;
    return {
      from: 'bot',
      text: typeof message.text === 'string' ? message.text : '',
      buttons: buttons,
      image: typeof image === 'string' ? image : null
    };
  }

  function safeHttpUrl(text) {
    try {
      var url = new URL(text);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** One line of text, its http(s) addresses made into links; all text nodes, never HTML. */
  function appendLine(parent, line) {
    var last = 0;
    line.replace(URL_PATTERN, function (match, offset) {
      var address = match.replace(TRAILING_PUNCTUATION, '');
      var href = safeHttpUrl(address);
      if (!href) return match;
      parent.appendChild(document.createTextNode(line.slice(last, offset)));
      var link = el('a', 'fr-link ent-chat__link', address);
      link.href = href;
      link.target = '_blank';
      link.rel = 'noopener';
      link.title = address + ' (nouvelle fenêtre)';
      parent.appendChild(link);
      last = offset + address.length;
      return match;
    });
    parent.appendChild(document.createTextNode(line.slice(last)));
  }

  function appendText(parent, text) {
    var body = el('p', 'ent-chat__text');
    text.split('\n').forEach(function (line, index) {
      if (index > 0) body.appendChild(document.createElement('br'));
      appendLine(body, line);
    });
    parent.appendChild(body);
  }

  // ---- transports -------------------------------------------------------------------------------------------

  /** Rasa's socket.io channel (protocol v5). On every (re)connection, rejoin the stored session. */
  function socketTransport(server, events) {
    var socket = window.io(server || undefined, { path: '/socket.io', transports: ['websocket', 'polling'],
      reconnectionDelayMax: 5000 });
    socket.on('connect', function () { socket.emit('session_request', { session_id: sessionId() }); });
    socket.on('session_confirm', function () { events.online(); });
    socket.on('disconnect', function (reason) {
      socket.sendBuffer = [];
      if (reason === 'io client disconnect') return; // « Nouvelle conversation » reconnects at once
      events.offline();
      if (reason === 'io server disconnect') socket.connect(); // the only case socket.io does not retry itself
    });
    socket.on('connect_error', function () { events.offline(); });
    socket.on('bot_uttered', function (message) { if (message) events.message(message); });
    return {
      send: function (text) {
        if (!socket.connected) return false;
        socket.emit('user_uttered', { message: text, session_id: sessionId() });
        return true;
      },
      /** A new session: nothing is sent until Rasa confirms it (session_confirm), or the message would be lost. */
      restart: function () {
        events.joining();
        socket.disconnect();
        socket.connect();
      }
    };
  }

  /** Rasa's REST channel: one request per message; after a failure, probe Rasa until it answers again. */
  function restTransport(server, events) {
    var online = true;
    var probe = null;

    function goOffline() {
      online = false;
      events.offline();
      if (probe) return;
      probe = setInterval(function () {
        fetch(server + '/', { cache: 'no-store' }).then(function (response) {
          if (!response.ok) return;
          clearInterval(probe);
          probe = null;
          online = true;
          events.online();
        }).catch(function () {});
      }, 3000);
    }

    events.online();
    return {
      send: function (text) {
        if (!online) return false;
        fetch(server + '/webhooks/rest/webhook', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ sender: sessionId(), message: text })
        }).then(function (response) {
          // A 503 from the project's channel still carries its French « service indisponible » reply.
          return response.json();
        }).then(function (messages) {
          if (!Array.isArray(messages)) throw new Error('réponse inattendue');
          messages.forEach(events.message);
        }).catch(function () {
          goOffline();
          events.lost();
        });
        return true;
      },
      restart: function () {}
    };
  }

  // ---- the widget -------------------------------------------------------------------------------------------

  function Widget(root, transportName, server) {
    this.root = root;
    this.entries = loadTranscript();
    this.wasOnline = false;
    this.online = false;
    this.joining = false; // « Nouvelle conversation » asked for, not yet confirmed
    this.replyTimer = null;
    this.build();
    var events = {
      online: this.setOnline.bind(this),
      offline: this.setOffline.bind(this),
      joining: this.setJoining.bind(this),
      message: this.receive.bind(this),
      lost: this.replyLost.bind(this)
    };
    this.transport = transportName === 'rest' ? restTransport(server, events) : socketTransport(server, events);
  }

  Widget.prototype.build = function () {
    var self = this;
    var section = el('section', 'ent-chat');
    section.setAttribute('aria-labelledby', 'ent-chat-title');

    var header = el('div', 'ent-chat__header');
    var title = el('h2', 'fr-h5 ent-chat__title', 'Assistant ENT-école');
    title.id = 'ent-chat-title';
    var restart = el('button', 'fr-btn fr-btn--tertiary fr-btn--sm fr-icon-chat-new-line fr-btn--icon-left',
      'Nouvelle conversation');
    restart.type = 'button';
    restart.addEventListener('click', function () { self.restart(); });
    header.appendChild(title);
    header.appendChild(restart);

    var intro = el('p', 'fr-text--sm ent-chat__intro',
      'Posez votre question sur la convention ENT-école, son coût, ses dates ou les comptes. ' +
      'Ne donnez pas d\u2019informations personnelles.');

    this.status = el('p', 'fr-text--sm ent-chat__status');
    this.status.setAttribute('role', 'status');

    // A log region: screen readers announce what is added (new messages), not what is already there.
    this.log = el('div', 'ent-chat__log');
    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-live', 'polite');
    this.log.setAttribute('aria-relevant', 'additions');
    this.log.setAttribute('aria-label', 'Conversation avec l\u2019assistant');
    this.log.tabIndex = 0; // scrollable with the keyboard
    this.entries.forEach(function (entry) { self.log.appendChild(self.render(entry)); });

    this.typing = el('p', 'fr-text--sm ent-chat__typing');
    this.typing.hidden = true;
    this.typing.appendChild(el('span', 'ent-chat__dots'));
    this.typing.appendChild(document.createTextNode('L\u2019assistant écrit\u2026'));

    var form = el('form', 'ent-chat__form');
    var group = el('div', 'fr-input-group ent-chat__field');
    var label = el('label', 'fr-label', 'Votre question');
    label.htmlFor = 'ent-chat-input';
    this.input = el('input', 'fr-input');
    this.input.id = 'ent-chat-input';
    this.input.type = 'text';
    this.input.name = 'message';
    this.input.autocomplete = 'off';
    this.input.maxLength = 2000;
    group.appendChild(label);
    group.appendChild(this.input);
    this.sendButton = el('button', 'fr-btn fr-icon-send-plane-fill fr-btn--icon-right ent-chat__send', 'Envoyer');
    this.sendButton.type = 'submit';
    this.sendButton.setAttribute('aria-disabled', 'true'); // until connected
    form.appendChild(group);
    form.appendChild(this.sendButton);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var text = self.input.value.trim();
      if (text && self.send(text, text)) self.input.value = '';
    });

    [header, intro, this.status, this.log, this.typing, form].forEach(function (node) { section.appendChild(node); });
    this.root.textContent = '';
    this.root.appendChild(section);
    this.scrollToEnd();
  };

  Widget.prototype.render = function (entry) {
    var self = this;
    var item = el('div', 'ent-chat__msg ent-chat__msg--' + (entry.from === 'user' ? 'user' : 'bot'));
    item.appendChild(el('span', 'fr-sr-only', entry.from === 'user' ? 'Vous\u00a0: ' : 'L\u2019assistant\u00a0: '));
    if (entry.text) appendText(item, entry.text);
    var image = entry.image && safeHttpUrl(entry.image);
    if (image) {
      var picture = el('img', 'ent-chat__image');
      picture.src = image;
      picture.alt = 'Image envoyée par l\u2019assistant';
      item.appendChild(picture);
    }
    if (entry.buttons && entry.buttons.length) {
      var list = el('ul', 'fr-btns-group fr-btns-group--inline fr-btns-group--sm ent-chat__buttons');
      entry.buttons.forEach(function (button) {
        var li = el('li');
        var control = el('button', 'fr-btn fr-btn--secondary', button.title);
        control.type = 'button';
        control.addEventListener('click', function () { self.send(button.payload, button.title); });
        li.appendChild(control);
        list.appendChild(li);
      });
      item.appendChild(list);
    }
    return item;
  };

  Widget.prototype.add = function (entry) {
    this.entries.push(entry);
    saveTranscript(this.entries);
    this.log.appendChild(this.render(entry));
    this.scrollToEnd();
  };

  Widget.prototype.scrollToEnd = function () {
    this.log.scrollTop = this.log.scrollHeight;
  };

  /** Sends `message` (a text or a button's payload), shows `shown`. False, and nothing sent, while offline. */
  Widget.prototype.send = function (message, shown) {
    if (!this.online) {
      this.setStatus(this.joining
        ? 'Nouvelle conversation en cours d\u2019ouverture\u00a0: envoyez votre message dans un instant.'
        : this.wasOnline
        ? 'Hors connexion\u00a0: votre message n\u2019a pas été envoyé. Envoyez-le de nouveau une fois la ' +
          'connexion rétablie.'
        : 'Connexion à l\u2019assistant en cours\u00a0: envoyez votre message dans un instant.');
      return false;
    }
    if (!this.transport.send(message)) return false;
    this.add({ from: 'user', text: shown, buttons: [], image: null });
    this.setTyping(true);
    return true;
  };

  Widget.prototype.receive = function (message) {
    var entry = normalise(message);
    if (!entry.text && !entry.buttons.length && !entry.image) return;
    this.setTyping(false);
    this.add(entry);
  };

  Widget.prototype.setTyping = function (waiting) {
    var self = this;
    clearTimeout(this.replyTimer);
    this.typing.hidden = !waiting;
    if (waiting) {
      this.replyTimer = setTimeout(function () {
        self.typing.hidden = true;
        self.setStatus('L\u2019assistant n\u2019a pas répondu. Reformulez votre question ou réessayez.');
      }, REPLY_TIMEOUT_MS);
    }
  };

  Widget.prototype.replyLost = function () {
    this.setTyping(false);
    this.setStatus('Connexion perdue, reconnexion\u2026 Votre dernier message n\u2019a peut-être pas été reçu\u00a0: ' +
      'renvoyez-le une fois reconnecté.');
  };

  Widget.prototype.setStatus = function (text) {
    this.status.textContent = text;
  };

  Widget.prototype.setOnline = function () {
    if (this.online) return;
    this.online = true;
    this.sendButton.removeAttribute('aria-disabled');
    // After « Nouvelle conversation », say it again (a message sent too early replaced it); on the first connection,
    // clear « connexion en cours ».
    this.setStatus(this.joining ? NEW_CONVERSATION : this.wasOnline ? 'Reconnecté.' : '');
    this.joining = false;
    this.wasOnline = true;
  };

  Widget.prototype.setJoining = function () {
    this.online = false;
    this.joining = true;
    this.sendButton.setAttribute('aria-disabled', 'true');
  };

  Widget.prototype.setOffline = function () {
    if (!this.online && !this.joining && this.status.textContent) return;
    this.online = false;
    this.joining = false;
    this.setTyping(false);
    this.sendButton.setAttribute('aria-disabled', 'true');
    this.setStatus(this.wasOnline ? 'Connexion perdue, reconnexion\u2026'
      : 'L\u2019assistant est injoignable pour le moment, nouvel essai\u2026');
  };

  Widget.prototype.restart = function () {
    var store = storage();
    if (store) {
      store.setItem(KEY_SESSION, newSessionId());
      store.removeItem(KEY_TRANSCRIPT);
    }
    this.entries = [];
    this.log.textContent = '';
    this.setTyping(false);
    this.transport.restart();
    this.setStatus(NEW_CONVERSATION);
    this.input.focus();
  };

  // ---- start ------------------------------------------------------------------------------------------------

  function addStylesheet(href) {
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    document.head.appendChild(link);
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement('script');
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error('chargement impossible : ' + src)); };
      document.head.appendChild(tag);
    });
  }

  /** The page's own DSFR is used when there is one; otherwise the copy served beside this script. */
  function ensureStyles() {
    var hasDsfr = getComputedStyle(document.documentElement).getPropertyValue('--text-default-grey').trim() !== '';
    if (!hasDsfr) addStylesheet(new URL('vendor/dsfr/dsfr.min.css', scriptUrl).href);
    if (!document.querySelector('link[href$="icons.min.css"]')) {
      addStylesheet(new URL('vendor/dsfr/utility/icons/icons.min.css', scriptUrl).href);
    }
    addStylesheet(new URL('ent-chat.css', scriptUrl).href);
  }

  function configuration() {
    if (script.hasAttribute('data-server')) {
      return Promise.resolve({ server: script.getAttribute('data-server'),
        transport: script.getAttribute('data-transport') || 'socketio' });
    }
    return fetch(new URL('/config.json', scriptUrl).href, { cache: 'no-store' }).then(function (response) {
      return response.json();
    }).then(function (config) {
      return { server: config.server || '', transport: script.getAttribute('data-transport') || config.transport };
    });
  }

  function start() {
    var root = document.getElementById('ent-chat');
    if (!root) return;
    ensureStyles();
    configuration().then(function (config) {
      var server = (config.server || '').replace(/\/+$/, '');
      var ready = config.transport === 'rest' || window.io ? Promise.resolve()
        : loadScript(new URL('vendor/socket.io.min.js', scriptUrl).href);
      return ready.then(function () {
        root.entChat = new Widget(root, config.transport, server);
      });
    }).catch(function () {
      var alert = el('div', 'fr-alert fr-alert--error fr-alert--sm');
      alert.appendChild(el('p', '', 'L\u2019assistant n\u2019a pas pu démarrer. Rechargez la page ou réessayez plus tard.'));
      root.textContent = '';
      root.appendChild(alert);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}());
