/*
 * lmsexport SCORM run-time: connects a lesson or quiz page to the LMS.
 *
 * Pages know nothing about SCORM; they dispatch `lmsexport:lesson-end` and
 * `lmsexport:quiz-submitted` (docs/page-events.md).  This script finds the LMS
 * API, opens one session per launch, turns those events into the data model of
 * the package's SCORM version (window.lmsexportScorm, written by the build) and
 * closes the session once on `pagehide`.  Without an LMS the page still works
 * and says that progress is not saved.
 *
 * In a single-SCO package the launch page is a host frame that owns the session;
 * content pages inside it hand their events to the host instead.
 */
(function () {
  "use strict";

  var config = window.lmsexportScorm;
  if (!config) {
    return;
  }
  var V12 = config.version === "1.2";
  var API_NAME = V12 ? "API" : "API_1484_11";
  var MAX_PARENT_HOPS = 500;

  /* ---------- API discovery (walk parents, then the opener and its parents) ---------- */

  function searchChain(start) {
    var win = start;
    for (var hops = 0; win && hops <= MAX_PARENT_HOPS; hops += 1) {
      try {
        if (win[API_NAME]) {
          return win[API_NAME];
        }
      } catch (ignored) {
        // A cross-origin frame cannot be inspected: keep climbing.
      }
      if (!win.parent || win.parent === win) {
        return null;
      }
      win = win.parent;
    }
    return null;
  }

  function findApi() {
    var api = searchChain(window);
    if (!api && window.opener) {
      api = searchChain(window.opener);
    }
    if (!api && window.top && window.top.opener) {
      api = searchChain(window.top.opener);
    }
    return api;
  }

  /* ---------- the two API dialects behind one small interface ---------- */

  function Lms(api) {
    this.api = api;
    this.failures = [];
  }
  Lms.prototype.call = function (name12, name2004, args) {
    var fn = this.api[V12 ? name12 : name2004];
    return String(fn.apply(this.api, args));
  };
  Lms.prototype.check = function (what) {
    var code = this.call("LMSGetLastError", "GetLastError", []);
    if (code !== "0" && code !== "") {
      var text = this.call("LMSGetErrorString", "GetErrorString", [code]);
      var detail = this.call("LMSGetDiagnostic", "GetDiagnostic", [code]);
      this.failures.push(what + ": " + code + " " + text + (detail && detail !== text ? " (" + detail + ")" : ""));
      notify("The LMS reported a problem while saving your progress (" + what + ": " + text + ").");
      return false;
    }
    return true;
  };
  Lms.prototype.initialize = function () {
    var ok = this.call("LMSInitialize", "Initialize", [""]) === "true";
    return this.check("Initialize") && ok;
  };
  Lms.prototype.get = function (name) {
    var value = this.call("LMSGetValue", "GetValue", [name]);
    var code = this.call("LMSGetLastError", "GetLastError", []);
    return code === "0" ? value : "";
  };
  Lms.prototype.set = function (name, value) {
    this.call("LMSSetValue", "SetValue", [name, String(value)]);
    return this.check(name);
  };
  Lms.prototype.commit = function () {
    this.call("LMSCommit", "Commit", [""]);
    return this.check("Commit");
  };
  Lms.prototype.terminate = function () {
    this.call("LMSFinish", "Terminate", [""]);
    return this.check("Terminate");
  };

  /* ---------- learner-visible notices, never blocking ---------- */

  /*
   * Notices live in a status region at the top of the content, in the flow of
   * the page: they push the page down and never cover it.  (A box fixed to the
   * bottom of the window once hid the quiz's "Check answers" button, with no
   * way to scroll past it.)  The region is put in the page empty, and notices
   * go into it a task later, so screen readers announce them.
   */
  var STATUS_ID = "lmsexport-scorm-status";

  function whenReady(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      callback();
    }
  }

  function statusRegion() {
    var region = document.getElementById(STATUS_ID);
    if (region) {
      return region;
    }
    region = document.createElement("div");
    region.id = STATUS_ID;
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    // Content pages: first thing in <main>.  The single-SCO launch page has no
    // <main>: above its frame, which takes the rest of the window.
    var parent = document.getElementById("main") || document.body;
    parent.insertBefore(region, parent.firstChild);
    return region;
  }

  function notify(message) {
    whenReady(function () {
      var region = statusRegion();
      window.setTimeout(function () {
        var notice = document.createElement("p");
        notice.style.cssText =
          "padding:.5em 1em;background:#fff3cd;color:#3d2f00;" +
          "border:1px solid #d9b44a;border-radius:4px";
        // A gap before the content; none above the launch page's frame.
        notice.style.margin = region.parentNode === document.body ? "0" : "0 0 1em";
        notice.textContent = message;
        // One notice at a time: the newest says what matters now.
        region.textContent = "";
        region.appendChild(notice);
      }, 0);
    });
  }

  /* ---------- formats that differ between versions ---------- */

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) {
      text = "0" + text;
    }
    return text;
  }

  function duration(ms) {
    var centis = Math.max(0, Math.round(ms / 10));
    var hours = Math.floor(centis / 360000);
    var minutes = Math.floor((centis % 360000) / 6000);
    var seconds = (centis % 6000) / 100;
    if (V12) {
      return pad(hours, 4) + ":" + pad(minutes, 2) + ":" + pad(seconds.toFixed(2), 5);
    }
    return "PT" + hours + "H" + minutes + "M" + seconds.toFixed(2) + "S";
  }

  function timestamp(date) {
    var clock = pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
    if (V12) {
      return clock;
    }
    return date.getFullYear() + "-" + pad(date.getMonth() + 1, 2) + "-" + pad(date.getDate(), 2) + "T" + clock;
  }

  function decimal(value, digits) {
    var text = Number(value).toFixed(digits).replace(/\.?0+$/, "");
    return text === "" || text === "-0" ? "0" : text;
  }

  var SEP = V12 ? "," : "[,]";
  var PAIR = V12 ? "." : "[.]";
  var TEXT_MAX = V12 ? 255 : 250;

  function list(value) {
    if (Array.isArray(value)) {
      return value;
    }
    return value === null || value === undefined || value === "" ? [] : [value];
  }

  function cleanText(value, max) {
    // Delimiters inside free text would split it into several answers.
    return String(value === null || value === undefined ? "" : value)
      .replace(/\[[,.:]\]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^\{/, "(")
      .slice(0, max);
  }

  /** The learner's response in the version's format, from the page's response shape. */
  function learnerResponse(spec, response) {
    var tokens = spec.tokens;
    switch (spec.questionType) {
      case "true_false":
        if (response === null || response === undefined || response === "") {
          return "";
        }
        var truth = response === true || response === "true";
        return V12 ? (truth ? "t" : "f") : String(truth);
      case "single_choice":
      case "multiple_response":
      case "ordering":
        return list(response)
          .map(function (id) { return tokens[id]; })
          .filter(Boolean)
          .join(SEP);
      case "matching":
        return list(response)
          .filter(function (pair) { return tokens["l:" + pair[0]] && tokens["r:" + pair[1]]; })
          .map(function (pair) { return tokens["l:" + pair[0]] + PAIR + tokens["r:" + pair[1]]; })
          .join(SEP);
      case "numeric":
        var number = Number(response);
        return response === "" || response === null || !isFinite(number) ? "" : decimal(number, 6);
      case "essay":
        return V12 ? cleanText(response, 255) : String(response || "").slice(0, 4000);
      case "cloze":
        var blanks = Object.keys(tokens).sort(function (a, b) { return tokens[a] - tokens[b]; });
        var texts = blanks.map(function (id) { return cleanText((response || {})[id], TEXT_MAX); });
        return V12 ? texts.join(",").slice(0, 255) : texts.join(SEP);
      default:
        return cleanText(response, TEXT_MAX);
    }
  }

  /* ---------- the session of one launch ---------- */

  function Session(lms) {
    this.lms = lms;
    this.started = Date.now();
    this.finished = false;
    this.closed = false;
    this.state = { v: 1, p: {} };
    this.location = "";
  }

  Session.prototype.set = function (name, value) {
    if (this.lms) {
      this.lms.set(name, value);
    }
  };
  Session.prototype.get = function (name) {
    return this.lms ? this.lms.get(name) : "";
  };
  Session.prototype.commit = function () {
    if (this.lms) {
      this.writeSuspendData();
      this.lms.commit();
    }
  };

  Session.prototype.open = function () {
    if (!this.lms) {
      return;
    }
    if (!this.lms.initialize()) {
      this.lms = null;
      notify("Could not connect to the LMS: your progress will not be saved.");
      return;
    }
    // 2004 reports reading unset elements as an error: only a resumed attempt has them.
    var resumed = V12 || this.get("cmi.entry") !== "ab-initio";
    var saved = resumed ? this.get("cmi.suspend_data") : "";
    if (saved) {
      try {
        var parsed = JSON.parse(saved);
        if (parsed && parsed.v === 1 && parsed.p) {
          this.state = parsed;
        }
      } catch (ignored) {
        // Data from another package version: start afresh rather than fail.
      }
    }
    this.location = resumed ? this.get(V12 ? "cmi.core.lesson_location" : "cmi.location") : "";
    var status = this.get(V12 ? "cmi.core.lesson_status" : "cmi.completion_status");
    this.finished = status === "completed" || status === "passed" || status === "failed";
    if (!this.finished) {
      this.set(V12 ? "cmi.core.lesson_status" : "cmi.completion_status", "incomplete");
    }
    this.interactionBase = Number(this.get("cmi.interactions._count")) || 0;
  };

  Session.prototype.pageState = function (ident) {
    if (!this.state.p[ident]) {
      this.state.p[ident] = {};
    }
    return this.state.p[ident];
  };

  /** suspend_data within the LMS's limit: drop the least useful parts first. */
  Session.prototype.writeSuspendData = function () {
    var limit = config.suspendLimit;
    var text = JSON.stringify(this.state);
    if (text.length > limit) {
      var compact = { v: 1, p: {} };
      var self = this;
      Object.keys(this.state.p).forEach(function (ident) {
        var page = self.state.p[ident];
        compact.p[ident] = { d: page.d, s: page.s };
      });
      text = JSON.stringify(compact);
      if (text.length > limit) {
        text = "";
      }
      notify("Your answers are too long to be saved in full by this LMS; your score is kept.");
    }
    this.set("cmi.suspend_data", text);
  };

  Session.prototype.setLocation = function (location) {
    this.location = location.slice(0, 255);
    this.set(V12 ? "cmi.core.lesson_location" : "cmi.location", this.location);
  };

  Session.prototype.progress = function () {
    var pages = config.pages;
    var idents = Object.keys(pages);
    var self = this;
    var done = idents.filter(function (ident) { return self.pageState(ident).d; }).length;
    if (!V12) {
      this.set("cmi.progress_measure", decimal(idents.length ? done / idents.length : 1, 4));
    }
    if (done === idents.length && idents.length) {
      this.finished = true;
      this.set(V12 ? "cmi.core.lesson_status" : "cmi.completion_status", "completed");
    }
    this.writeScore();
  };

  /** Score over every quiz of the SCO; one quiz in a per-leaf package. */
  Session.prototype.writeScore = function () {
    var raw = 0;
    var max = 0;
    var scored = false;
    var self = this;
    Object.keys(config.pages).forEach(function (ident) {
      var page = self.pageState(ident);
      if (page.s) {
        raw += page.s[0];
        max += page.s[1];
        scored = true;
      }
    });
    if (!scored || max <= 0) {
      // Nothing was scored automatically (a quiz of essays): the score and the
      // pass/fail verdict are the teacher's, so report neither.
      return;
    }
    var percent = (100 * raw) / max;
    var passed = percent + 1e-9 >= config.passScore;
    var base = V12 ? "cmi.core.score." : "cmi.score.";
    // 1.2 scores must lie in 0-100: report the percentage there, points in 2004,
    // unless the LMS grades from the raw score out of 100 (the moodle preset).
    var inPercent = V12 || config.rawPercent;
    this.set(base + "raw", decimal(inPercent ? percent : raw, 2));
    this.set(base + "min", "0");
    this.set(base + "max", decimal(inPercent ? 100 : max, 2));
    if (V12) {
      if (this.finished) {
        this.set("cmi.core.lesson_status", passed ? "passed" : "failed");
      }
    } else {
      this.set("cmi.score.scaled", decimal(raw / max, 4));
      this.set("cmi.success_status", passed ? "passed" : "failed");
    }
  };

  Session.prototype.writeInteractions = function (detail) {
    var self = this;
    var n = this.interactionBase;
    detail.questions.forEach(function (question) {
      var spec = config.interactions[question.ident];
      if (!spec) {
        return;
      }
      var prefix = "cmi.interactions." + n + ".";
      self.set(prefix + "id", spec.id);
      self.set(prefix + "type", spec.type);
      self.set(prefix + (V12 ? "time" : "timestamp"), timestamp(new Date()));
      spec.patterns.forEach(function (pattern, index) {
        self.set(prefix + "correct_responses." + index + ".pattern", pattern);
      });
      self.set(prefix + "weighting", decimal(spec.weighting, 4));
      self.set(prefix + (V12 ? "student_response" : "learner_response"), learnerResponse(spec, question.response));
      var result = spec.questionType === "essay" ? "neutral" : question.correct ? "correct" : V12 ? "wrong" : "incorrect";
      self.set(prefix + "result", result);
      self.set(prefix + "latency", duration(question.latencyMs || 0));
      if (!V12 && question.text) {
        self.set(prefix + "description", cleanText(question.text, 250));
      }
      n += 1;
    });
    this.interactionBase = n;
  };

  Session.prototype.close = function () {
    if (this.closed) {
      return;
    }
    this.closed = true;
    if (!this.lms) {
      return;
    }
    this.set(V12 ? "cmi.core.session_time" : "cmi.session_time", duration(Date.now() - this.started));
    if (V12) {
      this.set("cmi.core.exit", this.finished ? "" : "suspend");
    } else {
      this.set("cmi.exit", this.finished ? "normal" : "suspend");
    }
    this.commit();
    this.lms.terminate();
  };

  /* ---------- one content page (a lesson or a quiz) ---------- */

  function scrollFraction(doc) {
    var root = doc.documentElement;
    var range = root.scrollHeight - root.clientHeight;
    return range > 0 ? Math.min(1, Math.max(0, root.scrollTop / range)) : 0;
  }

  /*
   * Whether the lesson's end has already been seen, for a run-time that starts
   * listening late.  The page fires lmsexport:lesson-end once, when its end
   * marker first shows, and that can be before this script runs: the browser
   * renders between deferred scripts while a later one is still loading, so a
   * short page, or a learner quick to scroll, announces its end to nobody.  An
   * IntersectionObserver's first report is the marker's visibility now: if it
   * shows, the page has fired or is about to; if not, the event is still to come.
   * Without IntersectionObserver the page fires at once, so this does too.
   */
  function catchUpLessonEnd(win, done) {
    var marker = win.document.getElementById("lmsexport-lesson-end");
    if (!marker || !("IntersectionObserver" in win)) {
      done();
      return;
    }
    var observer = new win.IntersectionObserver(function (entries) {
      observer.disconnect();
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        done();
      }
    });
    observer.observe(marker);
  }

  function attachPage(session, win, onLocation) {
    var doc = win.document;
    var body = doc.body;
    var ident = body.getAttribute("data-page-ident");
    if (!config.pages[ident]) {
      return;
    }
    var kind = body.getAttribute("data-page-kind");
    var page = session.pageState(ident);

    function markDone() {
      if (!page.d) {
        page.d = 1;
        session.progress();
        session.commit();
      }
    }

    if (kind === "quiz") {
      if (page.q && win.lmsexport && win.lmsexport.restoreQuizState) {
        win.lmsexport.restoreQuizState(page.q);
      }
      var remember = function () {
        if (win.lmsexport && win.lmsexport.getQuizState) {
          page.q = win.lmsexport.getQuizState();
        }
      };
      doc.addEventListener("change", remember);
      doc.addEventListener("input", remember);
      doc.addEventListener("lmsexport:quiz-submitted", function (event) {
        var detail = event.detail;
        remember();
        page.s = [Number(detail.scoreRaw) || 0, Number(detail.scoreMax) || 0];
        session.writeInteractions(detail);
        page.d = 1;
        session.progress();
        session.commit();
      });
    } else {
      if (config.completion === "open") {
        markDone();
      } else if (config.completion === "time") {
        win.setTimeout(markDone, config.completionSeconds * 1000);
      } else {
        doc.addEventListener("lmsexport:lesson-end", markDone);
        catchUpLessonEnd(win, markDone);
      }
    }
    var fraction = Number(page.y || 0);
    if (fraction > 0) {
      var root = doc.documentElement;
      root.scrollTop = fraction * (root.scrollHeight - root.clientHeight);
    }
    win.addEventListener(
      "scroll",
      function () {
        page.y = Number(scrollFraction(doc).toFixed(3));
      },
      { passive: true }
    );
    onLocation(ident);
  }

  /* ---------- wiring ---------- */

  var host = null;
  try {
    host = window.parent !== window && window.parent.lmsexportScormHost;
  } catch (ignored) {
    host = null;
  }
  if (host) {
    // A content page inside the single-SCO frame: the host owns the session.
    whenReady(function () { host.attach(window); });
    return;
  }

  whenReady(statusRegion);
  var api = findApi();
  var session = new Session(api ? new Lms(api) : null);
  session.open();
  if (!session.lms) {
    notify("No LMS was found: this page works, but your progress is not saved.");
  }
  window.addEventListener("pagehide", function () { session.close(); });
  window.lmsexportScormSession = session;

  function saveLocation(ident) {
    session.setLocation(ident);
    session.commit();
  }

  var frame = document.getElementById("lmsexport-scorm-frame");
  if (frame) {
    window.lmsexportScormHost = {
      attach: function (win) {
        attachPage(session, win, saveLocation);
      }
    };
    var start = config.pages[session.location] ? session.location : config.first;
    frame.src = config.pages[start].href;
  } else {
    whenReady(function () { attachPage(session, window, saveLocation); });
  }
})();
