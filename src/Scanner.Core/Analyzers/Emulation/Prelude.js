// The recording browser that ScriptEmulator gives a suspicious script (the way box-js and jsdetox do it).
// Nothing here reaches the network, the disk or the CLR: every "request" is only a call to __record(kind, text),
// which the C# side turns into lines the script analyzers read. Unknown objects answer every property with another
// recording stand-in ("anything"), so a skimmer's long property chains run to the end instead of throwing.
// The host sets __pageUrl (the page the script came from), __scriptText (the script itself, which some decoders read
// back through document.currentScript or the last <script> as their key), __visitorJson (who the visitor is: user agent,
// language, time zone, referrer, screen; see VisitorProfile.cs) and __record, __atob, __btoa, __decodeBytes, __encodeUtf8
// before this runs.
(function (G) {
  'use strict';
  var rawRecord = G.__record, scriptText = G.__scriptText;
  var V = JSON.parse(G.__visitorJson);
  // A navigation made while a handler of the visitor's own action (a click, a key) runs is also recorded as 'on-event':
  // code that only a click reaches may never run, and the analyzers judge it more mildly.
  var inUserEvent = false;
  function record(kind, t) {
    rawRecord(kind, t);
    if (inUserEvent && (kind === 'navigate' || kind === 'open')) rawRecord('on-event', t);
  }
  function isUserEvent(type) { return !/^(on)?(load|domcontentloaded|readystatechange|pageshow|ready|each|success|done|then|always|complete)$/i.test(text(type)); }
  // The page as a shop's checkout: skimmers act only there (location tests for checkout/onepage), and the point of
  // running a script is to see what it does where it acts. The host stays the page's own.
  // All a run sees of its page (RememberedRuns.PageAsSeen repeats this to remember runs: keep the two in step).
  var pageUrl = G.__pageUrl.replace(/^(https?:\/\/[^\/?#]+).*$/, '$1/checkout/onepage/');
  var queue = [];          // timers, listeners and ready-callbacks, run once each after the script (see __drain)
  var FIELD_VALUE = '4111111111111111';
  function text(v) { try { return typeof v === 'string' ? v : (v === undefined || v === null ? '' : String(v)); } catch (e) { return ''; } }
  function data(v) {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    try { return JSON.stringify(v) || text(v); } catch (e) { return text(v); }
  }
  function later(fn, self, args, user) { if (typeof fn === 'function' || typeof fn === 'string') queue.push({ fn: fn, self: self, args: args || [], user: !!user }); }

  // --- anything: a callable stand-in that answers every property with another one, and records URL assignments.
  function anything(path) {
    var own = Object.create(null);
    var target = function () {};
    return new Proxy(target, {
      get: function (t, k) {
        if (k === Symbol.toPrimitive) return function (hint) { return hint === 'number' ? 0 : ''; };
        if (typeof k === 'symbol') return undefined;
        if (k in own) return own[k];
        if (k === 'toString' || k === 'valueOf' || k === 'toJSON') return function () { return ''; };
        if (k === 'length') return 0;
        if (k === 'then' || k === 'prototype') return undefined;
        if (k === 'parentNode' || k === 'parentElement') return null; // code that climbs the tree ends
        var child = anything(path.length > 60 ? path : path + '.' + k);
        own[k] = child;
        return child;
      },
      set: function (t, k, v) { own[k] = v; assigned(path, k, v); return true; },
      apply: function (t, self, args) { called(path, args); return anything(path.length > 60 ? path : path + '()'); },
      construct: function () { return anything('new ' + path); }
    });
  }
  function called(path, args) {
    for (var i = 0; i < args.length; i++) if (typeof args[i] === 'function') later(args[i], undefined, [fakeEvent(undefined)]);
  }
  function assigned(path, k, v) {
    if (typeof v === 'function' && /^on/.test(k)) later(v, undefined, [fakeEvent(undefined)], isUserEvent(k));
    else if (k === 'src' || k === 'href' || k === 'action') record('url', text(v));
    else if (k === 'innerHTML' || k === 'outerHTML') markup(text(v));
  }

  function markup(html) {
    record('markup', html);
    // Scripts inside written markup run, as the browser would run them.
    var re = /<script\b[^>]*>([\s\S]*?)<\/script>/gi, m;
    while ((m = re.exec(html)) !== null) if (m[1].trim().length > 0) later(m[1], undefined, []);
  }

  // --- elements: form fields answer with a card-number-like value so that skimmer code paths run.
  function element(tag, ident) {
    tag = text(tag || 'div').toLowerCase();
    var attrs = Object.create(null);
    var el = {
      tagName: tag.toUpperCase(), nodeName: tag.toUpperCase(), nodeType: 1, id: ident || '', name: ident || '',
      type: 'text', value: FIELD_VALUE, checked: true, disabled: false, className: '', textContent: '', innerText: '',
      style: {}, dataset: {}, children: [], childNodes: [], options: [], selectedIndex: 0, length: 0,
      setAttribute: function (n, v) { attrs[n] = text(v); if (/^(src|href|action|data)$/i.test(n)) urlOf(tag, v); else if (/^on/i.test(n)) later(text(v), undefined, [], isUserEvent(n)); },
      getAttribute: function (n) { return n in attrs ? attrs[n] : (n === 'id' || n === 'name' ? (ident || '') : null); },
      hasAttribute: function (n) { return n in attrs; }, removeAttribute: function (n) { delete attrs[n]; },
      appendChild: function (c) { return c; }, insertBefore: function (c) { return c; }, removeChild: function (c) { return c; },
      replaceChild: function (c) { return c; }, append: function () {}, prepend: function () {}, remove: function () {},
      cloneNode: function () { return element(tag, ident); },
      insertAdjacentHTML: function (where, html) { markup(text(html)); },
      addEventListener: function (type, fn) { later(fn, proxy, [fakeEvent(proxy)], isUserEvent(type)); },
      removeEventListener: function () {}, dispatchEvent: function () { return true; },
      getElementsByTagName: function (t) { return [element(t)]; }, getElementsByClassName: function () { return [element('div')]; },
      querySelector: function (s) { return query(s); }, querySelectorAll: function (s) { return queryAll(s); },
      closest: function () { return element('form'); }, matches: function () { return true; },
      getBoundingClientRect: function () { return { top: 0, left: 0, width: 100, height: 20, right: 100, bottom: 20 }; },
      focus: function () {}, blur: function () {}, click: function () {}, submit: function () { record('submit', tag); }, reset: function () {}
    };
    if (tag === 'script') { el.text = el.innerHTML = el.textContent = el.innerText = scriptText; el.src = ''; }
    el.classList = { add: function () {}, remove: function () {}, contains: function () { return false; }, toggle: function () {} };
    var proxy = new Proxy(el, {
      get: function (t, k) {
        if (k in t) return t[k];
        if (typeof k === 'symbol') return undefined;
        // A finite tree: element → body → html → document, so code that climbs parentNode ends.
        if (k === 'parentNode' || k === 'parentElement') return tag === 'html' ? (k === 'parentNode' ? documentProxy : null) : tag === 'body' ? documentElement : body;
        if (k === 'ownerDocument') return documentProxy;
        if (k === 'form') return element('form');
        if (k === 'firstChild' || k === 'lastChild' || k === 'nextSibling' || k === 'previousSibling' || k === 'nextElementSibling') return null;
        return anything(tag + '.' + k);
      },
      set: function (t, k, v) {
        t[k] = v;
        if (k === 'src' || k === 'href' || k === 'action' || k === 'data') urlOf(tag, v);
        else if (k === 'innerHTML' || k === 'outerHTML') markup(text(v));
        else if ((k === 'text' || k === 'textContent' || k === 'innerText') && tag === 'script') later(text(v));
        else if (typeof v === 'function' && /^on/.test(k)) later(v, proxy, [fakeEvent(proxy)], isUserEvent(k));
        return true;
      }
    });
    el.elements = [proxy];
    return proxy;
  }
  function urlOf(tag, v) {
    var kind = tag === 'script' ? 'script' : tag === 'img' ? 'image' : tag === 'iframe' || tag === 'frame' ? 'frame' : tag === 'form' ? 'form' : 'url';
    record(kind, text(v));
  }
  function identOf(selector) {
    var m = /[#]([\w:\-\[\]]+)|\[\s*(?:name|id)\s*[*^$|~]?=\s*['"]?([^'"\]]+)/.exec(selector);
    return m ? (m[1] || m[2]) : '';
  }
  function query(selector) { record('field', text(selector)); return element(/^\w+/.test(selector) ? /^\w+/.exec(selector)[0] : 'input', identOf(text(selector))); }
  // A selector that names no field (input, select, textarea) gets the fields of a shop's checkout form, the page
  // skimmers are written for. They only reach the trace if the script sends them somewhere.
  var CHECKOUT_FIELDS = ['billing[firstname]', 'billing[lastname]', 'billing[street][]', 'billing[city]', 'billing[postcode]',
    'billing[telephone]', 'billing[email]', 'payment[cc_owner]', 'payment[cc_number]', 'payment[cc_exp_month]', 'payment[cc_exp_year]', 'payment[cc_cid]'];
  function queryAll(selector) {
    var ident = identOf(text(selector));
    if (ident) { var e = query(selector); return [e, element('input', ident)]; }
    record('field', text(selector));
    return CHECKOUT_FIELDS.map(function (n) { return element(/^\w+/.test(selector) ? /^\w+/.exec(selector)[0] : 'input', n); });
  }
  function fakeEvent(target) {
    var t = target || element('input', '');
    return { type: 'click', target: t, currentTarget: t, srcElement: t, keyCode: 13, which: 13, key: 'Enter', isTrusted: true,
      preventDefault: function () {}, stopPropagation: function () {}, stopImmediatePropagation: function () {} };
  }

  // --- location: the page's own URL; assignments are navigations.
  var url = /^(https?:)\/\/([^\/:?#]+)(:\d+)?([^?#]*)(\?[^#]*)?(#.*)?$/.exec(pageUrl) || ['', 'https:', 'localhost', '', '/', '', ''];
  var location = {
    protocol: url[1], hostname: url[2], port: (url[3] || '').slice(1), host: url[2] + (url[3] || ''), pathname: url[4] || '/',
    search: url[5] || '', hash: url[6] || '', origin: url[1] + '//' + url[2] + (url[3] || ''),
    assign: function (u) { record('navigate', text(u)); }, replace: function (u) { record('navigate', text(u)); }, reload: function () {},
    toString: function () { return pageUrl; }
  };
  Object.defineProperty(location, 'href', { get: function () { return pageUrl; }, set: function (u) { record('navigate', text(u)); }, enumerable: true });

  // --- document
  var cookieJar = '';
  var documentElement = element('html'), body = element('body'), head = element('head');
  var doc = {
    nodeType: 9, parentNode: null, parentElement: null, readyState: 'complete', referrer: V.referrer, title: '', domain: location.hostname, URL: pageUrl, characterSet: 'UTF-8',
    documentElement: documentElement, body: body, head: head, currentScript: element('script'),
    forms: [element('form')], images: [], links: [], scripts: [element('script')],
    createElement: function (t) { return element(t); }, createElementNS: function (ns, t) { return element(t); },
    createTextNode: function (s) { return { nodeType: 3, data: text(s), textContent: text(s) }; },
    createDocumentFragment: function () { return element('fragment'); }, createEvent: function () { return fakeEvent(undefined); },
    getElementById: function (id) { record('field', '#' + text(id)); return element('input', text(id)); },
    getElementsByName: function (n) { record('field', '[name=' + text(n) + ']'); return [element('input', text(n))]; },
    getElementsByTagName: function (t) { return [element(t)]; },
    getElementsByClassName: function (c) { return [element('div')]; },
    querySelector: function (s) { return query(s); }, querySelectorAll: function (s) { return queryAll(s); },
    write: function () { markup(Array.prototype.map.call(arguments, text).join('')); },
    writeln: function () { markup(Array.prototype.map.call(arguments, text).join('') + '\n'); },
    open: function () {}, close: function () {},
    addEventListener: function (type, fn) { later(fn, doc, [fakeEvent(undefined)], isUserEvent(type)); }, removeEventListener: function () {},
    attachEvent: function (type, fn) { later(fn, doc, [fakeEvent(undefined)], isUserEvent(type)); },
    hasFocus: function () { return true; }, execCommand: function () { return true; }
  };
  Object.defineProperty(doc, 'location', { get: function () { return location; }, set: function (u) { record('navigate', text(u)); } });
  Object.defineProperty(doc, 'cookie', { get: function () { return cookieJar; }, set: function (c) { cookieJar = text(c).split(';')[0]; } });
  var documentProxy = new Proxy(doc, {
    get: function (t, k) { if (k in t) return t[k]; if (typeof k === 'symbol') return undefined; return anything('document.' + k); },
    set: function (t, k, v) { t[k] = v; if (typeof v === 'function' && /^on/.test(k)) later(v, t, [fakeEvent(undefined)], isUserEvent(k)); return true; }
  });

  // --- requests: recorded, never sent; they answer empty.
  function XMLHttpRequest() {
    this.readyState = 0; this.status = 0; this.responseText = ''; this.response = ''; this.responseXML = null;
    this.timeout = 0; this.withCredentials = false; this.upload = anything('xhr.upload'); this._method = 'GET';
  }
  XMLHttpRequest.prototype.open = function (method, u) { this._method = text(method).toUpperCase(); record('xhr', this._method + ' ' + text(u)); };
  XMLHttpRequest.prototype.send = function (body) {
    if (body !== undefined && body !== null) record('send', data(body));
    this.readyState = 4; this.status = 200;
    if (typeof this.onreadystatechange === 'function') later(this.onreadystatechange, this, []);
    if (typeof this.onload === 'function') later(this.onload, this, []);
  };
  XMLHttpRequest.prototype.setRequestHeader = function () {};
  XMLHttpRequest.prototype.getResponseHeader = function () { return null; };
  XMLHttpRequest.prototype.getAllResponseHeaders = function () { return ''; };
  XMLHttpRequest.prototype.addEventListener = function (type, fn) { later(fn, this, []); };
  XMLHttpRequest.prototype.abort = function () {};
  XMLHttpRequest.prototype.overrideMimeType = function () {};
  function response() {
    return { ok: true, status: 200, headers: anything('headers'), text: function () { return Promise.resolve(''); },
      json: function () { return Promise.resolve({}); }, blob: function () { return Promise.resolve(''); } };
  }
  function fetch(u, init) {
    record('fetch', text(u && u.url ? u.url : u));
    if (init && init.body !== undefined) record('send', data(init.body));
    return Promise.resolve(response());
  }
  function Image() { return element('img'); }

  var storage = function () {
    var items = Object.create(null);
    return { getItem: function (k) { return k in items ? items[k] : null; }, setItem: function (k, v) { items[k] = text(v); },
      removeItem: function (k) { delete items[k]; }, clear: function () { items = Object.create(null); }, key: function () { return null; }, length: 0 };
  };

  var navigator = {
    userAgent: V.userAgent, appName: 'Netscape', appVersion: V.userAgent.replace(/^Mozilla\//, ''), platform: V.platform,
    language: V.language, languages: [V.language, V.language.split('-')[0]], userLanguage: V.language, browserLanguage: V.language,
    systemLanguage: V.language, vendor: 'Google Inc.', maxTouchPoints: V.touch ? 5 : 0,
    cookieEnabled: true, onLine: true, webdriver: false, plugins: [], mimeTypes: [], hardwareConcurrency: 4,
    sendBeacon: function (u, body) { record('beacon', text(u)); if (body !== undefined) record('send', data(body)); return true; },
    geolocation: anything('navigator.geolocation'), serviceWorker: anything('navigator.serviceWorker')
  };

  // --- jQuery: every method chains; handlers run once; ajax calls are recorded.
  function jq(selector) {
    if (typeof selector === 'function') { later(selector, documentProxy, [jQuery]); return wrap(documentProxy); }
    if (typeof selector === 'string') {
      if (/^\s*</.test(selector)) { markup(selector); return wrap(element('div')); }
      record('field', selector);
      return wrap(element('input', identOf(selector)));
    }
    return wrap(selector);
  }
  function wrap(el) {
    var self;
    var methods = {
      length: 1, 0: el, jquery: '1.12.4',
      val: function (v) { return arguments.length ? self : FIELD_VALUE; },
      attr: function (n, v) { if (arguments.length > 1) { if (/^(src|href|action)$/i.test(n)) record('url', text(v)); return self; } return FIELD_VALUE; },
      html: function (h) { if (arguments.length) { markup(text(h)); return self; } return ''; },
      append: function (h) { if (typeof h === 'string') markup(h); return self; },
      prepend: function (h) { if (typeof h === 'string') markup(h); return self; },
      each: function (fn) { later(fn, el, [0, el]); return self; },
      serialize: function () { return 'field=' + FIELD_VALUE; },
      serializeArray: function () { return [{ name: 'field', value: FIELD_VALUE }]; },
      get: function (i) { return arguments.length ? el : [el]; },
      toArray: function () { return [el]; }, is: function () { return true; }, text: function () { return arguments.length ? self : ''; },
      find: function (s) { record('field', text(s)); return wrap(element('input', identOf(text(s)))); }
    };
    self = new Proxy(methods, {
      get: function (t, k) {
        if (k in t) return t[k];
        if (typeof k === 'symbol') return undefined;
        return function () {
          var user = isUserEvent(typeof arguments[0] === 'string' ? arguments[0] : k);
          for (var i = 0; i < arguments.length; i++) if (typeof arguments[i] === 'function') later(arguments[i], el, [fakeEvent(el)], user);
          return self;
        };
      }
    });
    return self;
  }
  function ajax(u, options) {
    if (typeof u === 'object' && u !== null) { options = u; u = options.url; }
    options = options || {};
    record('ajax', text(options.type || options.method || 'GET').toUpperCase() + ' ' + text(u));
    if (options.data !== undefined) record('send', data(options.data));
    if (typeof options.success === 'function') later(options.success, undefined, ['']);
    return wrap(element('div'));
  }
  var jQuery = jq;
  jQuery.fn = {}; jQuery.extend = function (a) { return a; }; jQuery.each = function (o, fn) { later(fn, undefined, [0, o]); };
  jQuery.ajax = ajax;
  jQuery.post = function (u, d) { record('ajax', 'POST ' + text(u)); if (d !== undefined) record('send', data(d)); return wrap(element('div')); };
  jQuery.get = function (u, d) { record('ajax', 'GET ' + text(u)); if (d !== undefined && typeof d !== 'function') record('send', data(d)); return wrap(element('div')); };
  jQuery.getJSON = jQuery.get;
  jQuery.getScript = function (u) { record('script', text(u)); return wrap(element('div')); };
  jQuery.param = function (o) { return data(o); };
  jQuery.ready = function (fn) { later(fn, documentProxy, [jQuery]); };
  jQuery.noConflict = function () { return jQuery; };

  // --- code that the script builds and runs: recorded, then run as well (indirect eval: the global scope).
  var realEval = G.eval, RealFunction = Function;
  function evaluate(code) {
    if (typeof code !== 'string') return code;
    record('code', code);
    return realEval(code);
  }
  function FunctionConstructor() {
    var args = Array.prototype.slice.call(arguments);
    record('code', text(args[args.length - 1]));
    return RealFunction.apply(null, args);
  }
  FunctionConstructor.prototype = RealFunction.prototype;
  Object.defineProperty(RealFunction.prototype, 'constructor', { value: FunctionConstructor, writable: true, configurable: true });
  function timer(fn) { later(fn, undefined, Array.prototype.slice.call(arguments, 2)); return queue.length; }

  // --- the visitor's clock and locale: sneaky redirects test the time zone (Asia/Shanghai, UTC+8) and the language.
  Date.prototype.getTimezoneOffset = function () { return V.timeZoneOffset; };
  var realIntl = G.Intl;
  function DateTimeFormat() {
    return { resolvedOptions: function () { return { locale: V.language, timeZone: V.timeZone, calendar: 'gregory', numberingSystem: 'latn' }; },
      format: function (d) { return text(d); }, formatToParts: function () { return []; } };
  }
  var intl = { DateTimeFormat: DateTimeFormat,
    NumberFormat: (realIntl && realIntl.NumberFormat) || function () { return { format: text, resolvedOptions: function () { return { locale: V.language }; } }; },
    Collator: (realIntl && realIntl.Collator) || function () { return { compare: function (a, b) { return text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0; } }; } };

  // --- bytes to text and back (atob → Uint8Array → TextDecoder is how payloads with Chinese text are packed).
  function binaryOf(v) {
    if (typeof v === 'string') return v;
    if (v instanceof ArrayBuffer) v = new Uint8Array(v);
    else if (v && v.buffer instanceof ArrayBuffer && !(v instanceof Uint8Array)) v = new Uint8Array(v.buffer, v.byteOffset || 0, v.byteLength);
    var parts = [], n = (v && v.length) | 0;
    for (var i = 0; i < n; i += 4096) parts.push(String.fromCharCode.apply(null, Array.prototype.slice.call(v, i, Math.min(n, i + 4096)).map(function (b) { return b & 255; })));
    return parts.join('');
  }
  function TextDecoder(label) { this.encoding = text(label || 'utf-8').toLowerCase(); }
  TextDecoder.prototype.decode = function (v) { return v === undefined || v === null ? '' : G.__decodeBytes(binaryOf(v), this.encoding); };
  function TextEncoder() { this.encoding = 'utf-8'; }
  TextEncoder.prototype.encode = function (s) {
    var b = G.__encodeUtf8(text(s)), u = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) u[i] = b.charCodeAt(i);
    return u;
  };

  var globals = {
    window: G, self: G, top: G, parent: G, frames: G, document: documentProxy, navigator: navigator, location: undefined,
    localStorage: storage(), sessionStorage: storage(), XMLHttpRequest: XMLHttpRequest, fetch: fetch, Image: Image,
    jQuery: jQuery, $: jQuery, eval: evaluate, Function: FunctionConstructor,
    setTimeout: timer, setInterval: timer, setImmediate: timer, requestAnimationFrame: timer,
    clearTimeout: function () {}, clearInterval: function () {},
    atob: function (s) { return G.__atob(text(s)); }, btoa: function (s) { return G.__btoa(text(s)); },
    addEventListener: function (type, fn) { later(fn, G, [fakeEvent(undefined)], isUserEvent(type)); }, removeEventListener: function () {},
    attachEvent: function (type, fn) { later(fn, G, [fakeEvent(undefined)], isUserEvent(type)); },
    open: function (u) { record('open', text(u)); return anything('popup'); },
    alert: function () {}, confirm: function () { return true; }, prompt: function () { return ''; },
    screen: { width: V.screenWidth, height: V.screenHeight, availWidth: V.screenWidth, availHeight: V.screenHeight - 40, colorDepth: 24 },
    innerWidth: V.screenWidth, innerHeight: V.screenHeight, outerWidth: V.screenWidth, outerHeight: V.screenHeight, devicePixelRatio: V.touch ? 3 : 1,
    matchMedia: function (q) { var m = /max-width\s*:\s*(\d+)/.exec(text(q)); return { matches: m ? V.screenWidth <= +m[1] : false, media: text(q), addListener: function () {}, addEventListener: function () {} }; },
    TextDecoder: TextDecoder, TextEncoder: TextEncoder, Intl: intl,
    console: { log: function () {}, warn: function () {}, error: function () {}, info: function () {}, debug: function () {} },
    performance: { now: function () { return 0; }, timing: {} },
    getComputedStyle: function () { return anything('style'); },
    MutationObserver: function (fn) { later(fn, undefined, [[]]); return { observe: function () {}, disconnect: function () {} }; },
    FormData: function () { var d = []; this.append = function (k, v) { d.push(text(k) + '=' + text(v)); }; this.toString = function () { return d.join('&'); }; this.toJSON = function () { return d.join('&'); }; },
    Event: anything('Event'), CustomEvent: function (type) { return fakeEvent(undefined); },
    Ajax: anything('Ajax'), Form: anything('Form'), Class: anything('Class'), Mage: anything('Mage'),
    HTMLElement: function () {}, Element: function () {}, Node: function () {}, HTMLFormElement: function () {},
    WebSocket: function (u) { record('url', text(u)); return anything('socket'); },
    Worker: function (u) { record('script', text(u)); return anything('worker'); }
  };
  for (var name in globals) if (name !== 'location') G[name] = globals[name];
  if (V.touch) G.ontouchstart = null; // 'ontouchstart' in window: how scripts tell a phone
  Object.defineProperty(G, 'location', { get: function () { return location; }, set: function (u) { record('navigate', text(u)); }, configurable: true });
  Object.defineProperty(G, 'onload', { get: function () { return null; }, set: function (fn) { later(fn, G, [fakeEvent(undefined)]); }, configurable: true });

  // A name the script uses that this browser lacks (Mage, Validation, payment …): define it as a stand-in and go on.
  G.__define = function (name) { if (!(name in G)) G[name] = anything(name); };

  // Runs the queued callbacks once each, at most `limit` of them, each in its own try (one failing handler must
  // not hide the next one). A callback that was a string is code, as setTimeout("…") runs it.
  G.__drain = function (limit) {
    var ran = 0;
    while (queue.length > 0 && ran < limit) {
      var item = queue.shift();
      ran++;
      for (var attempt = 0; attempt < 3; attempt++) {
        try {
          inUserEvent = item.user;
          if (typeof item.fn === 'string') evaluate(item.fn); else item.fn.apply(item.self, item.args);
          inUserEvent = false;
          break;
        } catch (e) {
          inUserEvent = false;
          var missing = e instanceof ReferenceError && /^(\S+) is not defined/.exec(text(e.message));
          if (!missing) break;
          G.__define(missing[1]);
        }
      }
    }
    return ran;
  };
})(this);
