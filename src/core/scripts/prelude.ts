// The scripting API as JavaScript that runs inside the sandbox, once per context: JetBrains'
// `client`, `request`, `response`, `crypto`, `$random`, `jsonPath`, and httpYac's `test`,
// `exports`, `$global` and variables as names. Everything that needs the host (variables,
// hashes, JSONPath, UUIDs, results) goes through the one `host(op, ...strings)` function this
// factory receives; it stays in this closure and is never put on the global object.
//
// Kept as source text because it is evaluated by QuickJS, not by Node: a function compiled by
// the bundler could pick up helpers that do not exist in there. test/core/scripts covers every
// member through real scripts.

export const PRELUDE_FILENAME = 'regx-prelude.js';
/** The name user code is compiled under; fault lines and test lines are read from its frames. */
export const USER_SCRIPT_FILENAME = 'user-script.js';

export const PRELUDE_SOURCE = String.raw`(function (host) {
  "use strict";
  var G = globalThis;
  var USER = ${JSON.stringify(USER_SCRIPT_FILENAME)} + ":";
  var EXIT = Object.freeze({ exit: true });
  var state = null;

  function str(value) { return value === undefined || value === null ? "" : String(value); }
  function encode(value) {
    if (value === undefined) return "null";
    try {
      var text = JSON.stringify(value);
      return text === undefined ? JSON.stringify(String(value)) : text;
    } catch (e) {
      return JSON.stringify(String(value));
    }
  }
  function decode(text) { return text === undefined ? null : JSON.parse(text); }
  function show(value) {
    if (typeof value === "string") return value;
    if (value === undefined) return "undefined";
    if (typeof value === "function") return "[function]";
    if (value !== null && typeof value === "object") {
      if (value instanceof Error) return String(value);
      try { return JSON.stringify(value); } catch (e) { return String(value); }
    }
    return String(value);
  }
  function frameOf(stack) {
    var lines = str(stack).split("\n");
    for (var i = 0; i < lines.length; i++) {
      var at = lines[i].indexOf(USER);
      if (at !== -1) {
        var m = /^(\d+)(?::(\d+))?/.exec(lines[i].slice(at + USER.length));
        if (m) return { line: Number(m[1]), column: m[2] ? Number(m[2]) : 0 };
      }
    }
    return { line: 0, column: 0 };
  }
  function callerLine() { return frameOf(new Error().stack).line; }
  function log() { host("log", Array.prototype.map.call(arguments, show).join(" ")); }

  function AssertionFailure(message) {
    var error = new Error(message);
    error.name = "AssertionError";
    error.regxAssertion = true;
    return error;
  }
  function reportError(error, where) {
    var frame = error !== null && typeof error === "object" ? frameOf(error.stack) : { line: 0, column: 0 };
    var name = error !== null && typeof error === "object" && typeof error.name === "string" ? error.name : "Error";
    var message = error !== null && typeof error === "object" && "message" in error ? str(error.message) : show(error);
    host("error", JSON.stringify({ name: name, message: message, line: frame.line, column: frame.column, assertion: !!(error && error.regxAssertion), where: where || "" }));
  }
  function recordTest(name, fn, line) {
    var outcome;
    try { outcome = fn(); } catch (e) {
      if (e === EXIT) { host("test", name, "1", "", String(line)); return; }
      host("test", name, "0", e && typeof e === "object" && "message" in e ? str(e.message) : show(e), String(line));
      return;
    }
    if (outcome && typeof outcome.then === "function") {
      state.pending++;
      outcome.then(function () { host("test", name, "1", "", String(line)); settle(); },
        function (e) { host("test", name, "0", e && typeof e === "object" && "message" in e ? str(e.message) : show(e), String(line)); settle(); });
      return;
    }
    host("test", name, "1", "", String(line));
  }

  // ---- variables ---------------------------------------------------------------------------
  var globalStore = {
    set: function (name, value) { host("global.set", str(name), encode(value)); },
    get: function (name) { return decode(host("global.get", str(name))); },
    isEmpty: function () { return host("global.names") === "[]"; },
    clear: function (name) { host("global.clear", str(name)); },
    clearAll: function () { host("global.clearAll"); },
    headers: {
      set: function () { throw new Error("client.global.headers is not supported: set the header in the request with a {{variable}}"); },
      clear: function () { throw new Error("client.global.headers is not supported"); },
    },
  };
  var requestVariables = {
    set: function (name, value) { host("var.set", str(name), encode(value)); },
    get: function (name) { return decode(host("var.get", str(name))); },
    isEmpty: function () { return host("var.names") === "[]"; },
    clear: function (name) { host("var.clear", str(name)); },
    clearAll: function () { host("var.clearAll"); },
  };
  var environment = {
    get: function (name) { var value = host("env.get", str(name)); return value === undefined ? null : value; },
  };
  // In-place variables (@name = value) of the file, resolved; read-only, as they are written in the file.
  var fileVariables = {
    get: function (name) { var value = host("file.get", str(name)); return value === undefined ? null : value; },
  };
  // JetBrains' single access point to every scope; the older ones stay.
  var variablesApi = Object.freeze({ global: globalStore, request: requestVariables, environment: environment, file: fileVariables });

  // ---- crypto (JetBrains' HTTP Client crypto API) ------------------------------------------
  function hasher(algorithm, keyed) {
    var parts = [];
    var key = null;
    var api = {
      updateWithText: function (text, encoding) { parts.push(["text", str(text), encoding === undefined ? "UTF8" : str(encoding)]); return api; },
      updateWithHex: function (hex) { parts.push(["hex", str(hex)]); return api; },
      updateWithBase64: function (base64, urlSafe) { parts.push([urlSafe ? "base64url" : "base64", str(base64)]); return api; },
      digest: function () {
        if (keyed && key === null) throw new Error("crypto.hmac: set the key first with withTextSecret, withHexSecret or withBase64Secret");
        var hex = host("digest", JSON.stringify({ algorithm: algorithm, key: key, parts: parts }));
        return {
          toHex: function () { return hex; },
          toBase64: function (urlSafe) { return host("hex.base64", hex, urlSafe ? "url" : ""); },
        };
      },
    };
    if (keyed) {
      api.withTextSecret = function (secret, encoding) { key = ["text", str(secret), encoding === undefined ? "UTF8" : str(encoding)]; return api; };
      api.withHexSecret = function (hex) { key = ["hex", str(hex)]; return api; };
      api.withBase64Secret = function (base64, urlSafe) { key = [urlSafe ? "base64url" : "base64", str(base64)]; return api; };
    }
    return api;
  }
  var algorithms = ["sha1", "sha256", "sha384", "sha512", "md5"];
  var cryptoApi = { hmac: {} };
  algorithms.forEach(function (name) {
    cryptoApi[name] = function () { return hasher(name, false); };
    cryptoApi.hmac[name] = function () { return hasher(name, true); };
  });

  // ---- dynamic values --------------------------------------------------------------------------
  var LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  function pick(alphabet, length) {
    var n = length === undefined ? 10 : Number(length);
    if (!(n >= 0 && n <= 10000 && Math.floor(n) === n)) throw new RangeError("length must be a whole number from 0 to 10000");
    var out = "";
    for (var i = 0; i < n; i++) out += alphabet.charAt(Math.floor(Math.random() * alphabet.length));
    return out;
  }
  var random = {
    get uuid() { return host("uuid"); },
    integer: function (min, max) {
      var lo = min === undefined ? 0 : Math.floor(Number(min)), hi = max === undefined ? 1000 : Math.floor(Number(max));
      return lo + Math.floor(Math.random() * (hi - lo));
    },
    float: function (min, max) {
      var lo = min === undefined ? 0 : Number(min), hi = max === undefined ? 1000 : Number(max);
      return lo + Math.random() * (hi - lo);
    },
    alphabetic: function (length) { return pick(LETTERS, length); },
    alphanumeric: function (length) { return pick(LETTERS + "0123456789_", length); },
    hexadecimal: function (length) { return pick("0123456789abcdef", length); },
    get email() { return pick(LETTERS.slice(0, 26), 8) + "@example.org"; },
  };

  // ---- responses and requests --------------------------------------------------------------------
  function isJson(mimeType) { return /[\/+]json$/i.test(str(mimeType)); }
  function headerValues(pairs, name) {
    var wanted = str(name).toLowerCase(), values = [];
    for (var i = 0; i < pairs.length; i++) if (pairs[i][0].toLowerCase() === wanted) values.push(pairs[i][1]);
    return values;
  }
  // The body crosses only when a script reads it: a status check copies nothing.
  function lazyBody() {
    var text, done = false;
    return function () {
      if (!done) { done = true; var t = host("body"); text = t === undefined ? null : t; }
      return text;
    };
  }
  function lazyJson(readText, asJson) {
    var parsed, done = false;
    return function () {
      if (!done) {
        done = true;
        parsed = readText();
        if (asJson && typeof parsed === "string") { try { parsed = JSON.parse(parsed); } catch (e) { /* stays text */ } }
      }
      return parsed;
    };
  }
  function jetbrainsResponse(r) {
    var body = lazyJson(lazyBody(), isJson(r.mimeType));
    var replaced = false, replacement;
    return {
      get body() { return replaced ? replacement : body(); },
      set body(value) { replaced = true; replacement = value; },
      headers: {
        valueOf: function (name) { var v = headerValues(r.headers, name); return v.length ? v[0] : null; },
        valuesOf: function (name) { return headerValues(r.headers, name); },
      },
      status: r.status,
      contentType: { mimeType: r.mimeType, charset: r.charset },
    };
  }
  function httpYacResponse(r, request) {
    var headers = {};
    for (var i = 0; i < r.headers.length; i++) {
      var name = r.headers[i][0].toLowerCase();
      headers[name] = name in headers ? headers[name] + ", " + r.headers[i][1] : r.headers[i][1];
    }
    var text = lazyBody();
    var parsed = lazyJson(text, true);
    return {
      statusCode: r.status,
      statusMessage: r.statusText,
      httpVersion: r.httpVersion,
      headers: headers,
      get body() { return text(); },
      get parsedBody() { var p = parsed(); return typeof p === "string" ? undefined : p; },
      contentType: { mimeType: r.mimeType, charset: r.charset, contentType: r.contentType },
      timings: { total: r.durationMs },
      request: request,
    };
  }
  function substitute(text, phase, sent) {
    if (phase === "post") return sent;
    return text === null ? null : host("substitute", text);
  }
  function jetbrainsRequest(q, phase) {
    var url = function () { return substitute(q.urlRaw, phase, q.url); };
    url.getRaw = function () { return q.urlRaw; };
    url.tryGetSubstituted = url;
    url.toString = url;
    var headers = q.headers.map(function (h) {
      return {
        name: h[0],
        getRawValue: function () { return h[1]; },
        tryGetSubstitutedValue: function () { return substitute(h[1], phase, h[2]); },
      };
    });
    return {
      method: q.method,
      url: url,
      headers: {
        all: function () { return headers.slice(); },
        findByName: function (name) { var wanted = str(name).toLowerCase(); for (var i = 0; i < headers.length; i++) if (headers[i].name.toLowerCase() === wanted) return headers[i]; return null; },
      },
      body: {
        getRaw: function () { return q.bodyRaw; },
        tryGetSubstituted: function () { return substitute(q.bodyRaw, phase, q.body); },
      },
      variables: requestVariables,
      environment: environment,
      iteration: function () { throw new Error("request.iteration() is not supported: requests do not run as data-driven iterations here"); },
      templateValue: function () { throw new Error("request.templateValue() is not supported: requests do not run as data-driven iterations here"); },
    };
  }
  function httpYacRequest(q, phase) {
    var headers = {};
    for (var i = 0; i < q.headers.length; i++) headers[q.headers[i][0]] = substitute(q.headers[i][1], phase, q.headers[i][2]);
    return { method: q.method, url: substitute(q.urlRaw, phase, q.url), headers: headers, body: substitute(q.bodyRaw, phase, q.body) };
  }

  // httpYac reads every variable as a plain name; a 'with' over this proxy resolves them lazily.
  function variableScope(names) {
    var known = {};
    for (var i = 0; i < names.length; i++) known[names[i]] = true;
    return new Proxy({}, {
      has: function (target, key) { return typeof key === "string" && known[key] === true && !(key in G); },
      get: function (target, key) {
        if (typeof key !== "string") return undefined;
        return decode(host("var.value", key));
      },
      set: function (target, key, value) {
        if (typeof key === "string") host("export", key, encode(value));
        return true;
      },
    });
  }
  var $global = new Proxy({}, {
    get: function (target, key) { var value = typeof key === "string" ? host("global.get", key) : undefined; return value === undefined ? undefined : decode(value); },
    set: function (target, key, value) { if (typeof key === "string") host("global.set", key, encode(value)); return true; },
    has: function (target, key) { return typeof key === "string" && host("global.get", key) !== undefined; },
    deleteProperty: function (target, key) { if (typeof key === "string") host("global.clear", key); return true; },
    ownKeys: function () { return JSON.parse(host("global.names")); },
    getOwnPropertyDescriptor: function (target, key) {
      var value = typeof key === "string" ? host("global.get", key) : undefined;
      return value === undefined ? undefined : { value: decode(value), writable: true, enumerable: true, configurable: true };
    },
  });

  // ---- the global names scripts see --------------------------------------------------------------
  function define(name, value) { Object.defineProperty(G, name, { value: value, writable: true, configurable: true, enumerable: false }); }
  function install(input) {
    var phase = input.phase;
    var dialect = input.dialect;
    var req = input.request ? (dialect === "httpyac" ? httpYacRequest(input.request, phase) : jetbrainsRequest(input.request, phase)) : undefined;
    define("client", { global: globalStore, variables: variablesApi, test: clientTest, assert: clientAssert, log: log, exit: function () { throw EXIT; } });
    define("request", req);
    define("response", input.response ? (dialect === "httpyac" ? httpYacResponse(input.response, req) : jetbrainsResponse(input.response)) : undefined);
    define("crypto", cryptoApi);
    define("$random", random);
    define("console", { log: log, info: log, warn: log, error: log, debug: log, trace: log });
    define("jsonPath", function (value, expression) { var found = host("jsonpath", encode(value), str(expression)); return found === undefined ? null : JSON.parse(found); });
    define("xpath", function () { throw new Error("xpath() needs an XML DOM, which the sandbox does not have"); });
    define("atob", function (text) { return host("atob", str(text)); });
    define("btoa", function (text) { return host("btoa", str(text)); });
    define("require", function (name) { throw new Error("require('" + str(name) + "'): Node modules are not available in the script sandbox"); });
    define("test", httpYacTest);
    define("exports", {});
    define("$global", $global);
  }
  ["$uuid", "$timestamp", "$isoTimestamp", "$randomInt"].forEach(function (name) {
    Object.defineProperty(G, name, {
      configurable: true,
      get: function () {
        if (name === "$uuid") return host("uuid");
        if (name === "$timestamp") return Math.floor(Date.now() / 1000);
        if (name === "$isoTimestamp") return new Date().toISOString();
        return Math.floor(Math.random() * 1000);
      },
    });
  });

  function clientTest(name, fn) {
    var line = callerLine();
    if (typeof fn !== "function") { host("test", str(name), "0", "client.test needs a function as its second argument", String(line)); return; }
    // JetBrains runs tests after the handler script; they are queued until it ends.
    state.tests.push({ name: str(name), fn: fn, line: line });
  }
  function clientAssert(condition, message) {
    if (!condition) throw AssertionFailure(message === undefined ? "Assertion failed" : str(message));
  }
  function httpYacTest(name, fn) {
    var line = callerLine();
    if (typeof fn !== "function") { host("test", str(name), "0", "test needs a function as its second argument", String(line)); return; }
    recordTest(str(name), fn, line);
  }

  // ---- one call ------------------------------------------------------------------------------
  function settle() {
    state.pending--;
    if (state.pending === 0) finish();
  }
  function finish() {
    var tests = state.tests;
    state.tests = [];
    for (var i = 0; i < tests.length; i++) recordTest(tests[i].name, tests[i].fn, tests[i].line);
    // An async test is still running: its settle() calls finish again.
    if (state.pending > 0) return;
    if (state.input.dialect === "httpyac") {
      var exported = G.exports;
      if (exported !== null && typeof exported === "object") {
        var keys = Object.keys(exported);
        for (var k = 0; k < keys.length; k++) host("export", keys[k], encode(exported[keys[k]]));
      }
    }
    if (state.input.expression) host("value", encode(state.value));
    host("done");
  }
  return function run(fn, inputText) {
    var input = JSON.parse(inputText);
    state = { input: input, tests: [], pending: 1, value: undefined };
    install(input);
    var result;
    try {
      result = input.dialect === "httpyac" ? fn(variableScope(input.names || [])) : fn();
    } catch (e) {
      if (e !== EXIT) reportError(e);
    }
    if (result !== null && typeof result === "object" && typeof result.then === "function") {
      result.then(function (value) { state.value = value; settle(); }, function (e) { if (e !== EXIT) reportError(e); settle(); });
      return;
    }
    state.value = result;
    settle();
  };
})`;
