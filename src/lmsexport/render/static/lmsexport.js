/*
 * lmsexport page script: lesson-end detection, in-browser quiz scoring and
 * site progress.  No libraries and no network: everything it needs is in the
 * page.  The events and window.lmsexport are a contract with SCORM run-times,
 * described in docs/page-events.md.
 */
(function () {
  "use strict";

  const body = document.body;
  const pageKind = body.getAttribute("data-page-kind");
  const pageIdent = body.getAttribute("data-page-ident");
  const siteNavigation = body.getAttribute("data-navigation") === "site";

  function emit(name, detail) {
    document.dispatchEvent(new CustomEvent(name, { detail: detail }));
  }

  function round(value) {
    return Math.round(value * 10000) / 10000;
  }

  /* Interface texts in the course's language, embedded by the page (docs/page-events.md). */
  const messages = JSON.parse(document.getElementById("lmsexport-messages").textContent);

  function formatNumber(value) {
    return String(value).replace(".", messages.decimal);
  }

  function t(key, values) {
    return messages.texts[key].replace(/\{(\w+)\}/g, function (match, name) {
      const value = (values || {})[name];
      return typeof value === "number" ? formatNumber(value) : String(value);
    });
  }

  function tn(key, count, values) {
    const one = messages.plural === "one-is-1" ? count === 1 : count >= 0 && count < 2;
    return t(key + (one ? "_one" : "_other"), Object.assign({ count: count }, values));
  }

  function pointsText(value) {
    return tn("points", round(value));
  }

  /* ---------- progress of a stand-alone site (browser storage) ---------- */

  const progressKey = "lmsexport-progress:" + body.getAttribute("data-course-ident");

  function readProgress() {
    try {
      const stored = JSON.parse(window.localStorage.getItem(progressKey) || "{}");
      return stored && typeof stored === "object" ? stored : {};
    } catch (error) {
      return {};
    }
  }

  function markDone(ident) {
    if (!siteNavigation) {
      return;
    }
    const progress = readProgress();
    progress[ident] = true;
    try {
      window.localStorage.setItem(progressKey, JSON.stringify(progress));
    } catch (error) {
      /* Storage can be disabled; progress is only a convenience then. */
    }
  }

  function showProgress() {
    const bar = document.getElementById("lmsexport-progress");
    if (!bar) {
      return;
    }
    const done = readProgress();
    const links = Array.from(document.querySelectorAll("[data-leaf-ident]"));
    let count = 0;
    links.forEach(function (link) {
      const ident = link.getAttribute("data-leaf-ident");
      const status = document.querySelector('[data-status-for="' + ident + '"]');
      if (done[ident]) {
        count += 1;
        link.classList.add("is-done");
        if (status) {
          status.textContent = t("completed");
        }
      }
    });
    bar.value = count;
    bar.textContent = t("progress_of", { done: count, total: links.length });
    document.getElementById("lmsexport-progress-text").textContent =
      t("progress_completed", { done: count, total: links.length });
  }

  /* ---------- lessons: "lmsexport:lesson-end" once the end is seen ---------- */

  function watchLessonEnd() {
    const marker = document.getElementById("lmsexport-lesson-end");
    let fired = false;
    function fire() {
      if (fired) {
        return;
      }
      fired = true;
      markDone(pageIdent);
      emit("lmsexport:lesson-end", { ident: pageIdent });
    }
    if (!marker || !("IntersectionObserver" in window)) {
      window.setTimeout(fire, 0);
      return;
    }
    const observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        fire();
      }
    });
    observer.observe(marker);
  }

  /* ---------- quizzes ---------- */

  function asArray(value) {
    return Array.isArray(value) ? value : [];
  }

  function normalise(text, caseSensitive) {
    const clean = String(text).trim().replace(/\s+/g, " ");
    return caseSensitive ? clean : clean.toLowerCase();
  }

  function accepts(answers, value, caseSensitive) {
    const given = normalise(value, caseSensitive);
    return given !== "" && answers.some(function (answer) {
      return normalise(answer, caseSensitive) === given;
    });
  }

  function parseNumber(text) {
    let clean = String(text).trim().replace(/\s+/g, "");
    if (/^[+-]?\d*,\d+$/.test(clean)) {
      clean = clean.replace(",", ".");
    }
    if (clean === "" || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(clean)) {
      return null;
    }
    return Number(clean);
  }

  /* Checked values in source order (choices may be shuffled on screen). */
  function checkedValues(fieldset, question) {
    const checked = Array.from(fieldset.querySelectorAll("input:checked"), function (input) {
      return input.value;
    });
    const order = question.choices || ["true", "false"];
    return order.filter(function (id) { return checked.indexOf(id) >= 0; });
  }

  function setChecked(fieldset, values) {
    fieldset.querySelectorAll("input").forEach(function (input) {
      input.checked = values.indexOf(input.value) >= 0;
    });
  }

  function textField(fieldset) {
    return fieldset.querySelector("input[type=text], textarea");
  }

  /* Read the learner's response from the inputs, in the documented shape. */
  const readers = {
    single_choice: checkedValues,
    multiple_response: checkedValues,
    true_false: function (fieldset, question) {
      const values = checkedValues(fieldset, question);
      return values.length ? values[0] === "true" : null;
    },
    short_answer: function (fieldset) {
      return textField(fieldset).value.trim();
    },
    numeric: function (fieldset) {
      return parseNumber(textField(fieldset).value);
    },
    essay: function (fieldset) {
      return textField(fieldset).value;
    },
    matching: function (fieldset) {
      return Array.from(fieldset.querySelectorAll("select[data-pair-id]"))
        .filter(function (select) { return select.value !== ""; })
        .map(function (select) { return [select.getAttribute("data-pair-id"), select.value]; });
    },
    ordering: function (fieldset) {
      return Array.from(fieldset.querySelectorAll("select[data-item-id]"))
        .filter(function (select) { return select.value !== ""; })
        .sort(function (a, b) { return Number(a.value) - Number(b.value); })
        .map(function (select) { return select.getAttribute("data-item-id"); });
    },
    cloze: function (fieldset) {
      const response = {};
      fieldset.querySelectorAll("input[data-blank-id]").forEach(function (input) {
        response[input.getAttribute("data-blank-id")] = input.value.trim();
      });
      return response;
    },
  };

  /* Put a response (from readers or a saved state) back into the inputs. */
  const writers = {
    single_choice: function (fieldset, response) {
      setChecked(fieldset, asArray(response));
    },
    multiple_response: function (fieldset, response) {
      setChecked(fieldset, asArray(response));
    },
    true_false: function (fieldset, response) {
      setChecked(fieldset, typeof response === "boolean" ? [String(response)] : []);
    },
    short_answer: function (fieldset, response) {
      textField(fieldset).value = typeof response === "string" ? response : "";
    },
    numeric: function (fieldset, response) {
      textField(fieldset).value = typeof response === "number" ? String(response) : "";
    },
    essay: function (fieldset, response) {
      textField(fieldset).value = typeof response === "string" ? response : "";
    },
    matching: function (fieldset, response) {
      const chosen = new Map(asArray(response).filter(Array.isArray));
      fieldset.querySelectorAll("select[data-pair-id]").forEach(function (select) {
        select.value = chosen.get(select.getAttribute("data-pair-id")) || "";
      });
    },
    ordering: function (fieldset, response) {
      const order = asArray(response);
      fieldset.querySelectorAll("select[data-item-id]").forEach(function (select) {
        const position = order.indexOf(select.getAttribute("data-item-id"));
        select.value = position < 0 ? "" : String(position + 1);
      });
    },
    cloze: function (fieldset, response) {
      const given = response && typeof response === "object" ? response : {};
      fieldset.querySelectorAll("input[data-blank-id]").forEach(function (input) {
        const value = given[input.getAttribute("data-blank-id")];
        input.value = typeof value === "string" ? value : "";
      });
    },
  };

  function allOrNothing(question, right) {
    return { earned: right ? question.points : 0, correct: right };
  }

  function share(question, hits, total) {
    return { earned: (question.points * hits) / total, correct: hits === total };
  }

  function distinctPositions(fieldset) {
    const positions = Array.from(fieldset.querySelectorAll("select[data-item-id]"), function (s) {
      return s.value;
    });
    return positions.every(function (p) { return p !== ""; }) &&
      new Set(positions).size === positions.length;
  }

  /* Score a response of an autoScored question: {earned, correct}. */
  const scorers = {
    single_choice: function (question, response) {
      return allOrNothing(question, response.length === 1 && response[0] === question.correctResponse[0]);
    },
    multiple_response: function (question, response) {
      const right = new Set(question.correctResponse);
      const hits = response.filter(function (id) { return right.has(id); }).length;
      const exact = hits === right.size && response.length === right.size;
      if (!question.partialCredit) {
        return allOrNothing(question, exact);
      }
      const misses = response.length - hits;
      return {
        earned: Math.max(0, ((hits - misses) * question.points) / right.size),
        correct: exact,
      };
    },
    true_false: function (question, response) {
      return allOrNothing(question, response === question.correctResponse);
    },
    short_answer: function (question, response) {
      return allOrNothing(question, accepts(question.correctResponse, response, question.caseSensitive));
    },
    numeric: function (question, response) {
      const range = question.correctResponse;
      const slack = 1e-9 * Math.max(1, Math.abs(range.low), Math.abs(range.high));
      return allOrNothing(
        question,
        response !== null && response >= range.low - slack && response <= range.high + slack,
      );
    },
    matching: function (question, response) {
      const chosen = new Map(response);
      const hits = question.correctResponse.filter(function (pair) {
        return chosen.get(pair[0]) === pair[1];
      }).length;
      return share(question, hits, question.correctResponse.length);
    },
    ordering: function (question, response, fieldset) {
      const expected = question.correctResponse;
      return allOrNothing(
        question,
        distinctPositions(fieldset) && response.length === expected.length &&
          response.every(function (id, index) { return id === expected[index]; }),
      );
    },
    cloze: function (question, response) {
      const names = Object.keys(question.correctResponse);
      const hits = names.filter(function (name) {
        return accepts(question.correctResponse[name], response[name] || "",
          question.blankCaseSensitive[name]);
      }).length;
      return share(question, hits, names.length);
    },
  };

  function shuffleChildren(parent) {
    const children = Array.from(parent.children);
    for (let index = children.length - 1; index > 0; index -= 1) {
      const other = Math.floor(Math.random() * (index + 1));
      [children[index], children[other]] = [children[other], children[index]];
    }
    children.forEach(function (child) { parent.appendChild(child); });
  }

  function setupQuiz() {
    const form = document.getElementById("lmsexport-quiz-form");
    const dataNode = document.getElementById("lmsexport-quiz");
    if (!form || !dataNode) {
      return null;
    }
    const data = JSON.parse(dataNode.textContent);
    const summary = document.getElementById("lmsexport-result");
    let startedAt = Date.now();
    let answeredAt = {};
    let attempts = 0;
    let submitted = false;
    let changedSinceCheck = false;
    let timedOut = false;

    function fieldsetOf(question) {
      return document.getElementById(question.ident);
    }

    if (data.shuffle) {
      shuffleChildren(form.querySelector(".questions"));
    }
    form.querySelectorAll("[data-shuffle=true]").forEach(shuffleChildren);

    function evaluate() {
      const questions = data.questions.map(function (question) {
        const fieldset = fieldsetOf(question);
        const response = readers[question.type](fieldset, question);
        /* correct stays null when a person must mark it (the quiz data says so). */
        const score = question.autoScored
          ? scorers[question.type](question, response, fieldset)
          : { earned: 0, correct: null };
        return {
          ident: question.ident,
          type: question.type,
          points: question.points,
          earned: round(score.earned),
          correct: score.correct,
          response: response,
          correctResponse: question.correctResponse,
          latencyMs: answeredAt[question.ident] || 0,
          text: question.text,
        };
      });
      const scored = questions.filter(function (q) { return q.correct !== null; });
      const scoreMax = round(scored.reduce(function (sum, q) { return sum + q.points; }, 0));
      const scoreRaw = round(scored.reduce(function (sum, q) { return sum + q.earned; }, 0));
      const passed = scoreMax === 0 || (scoreRaw * 100) / scoreMax >= data.passScore - 1e-9;
      return {
        scoreRaw: scoreRaw,
        scoreMax: scoreMax,
        passScore: data.passScore,
        passed: passed,
        questions: questions,
      };
    }

    function marks(result) {
      return { earned: pointsText(result.earned), points: pointsText(result.points) };
    }

    function showQuestion(result) {
      const fieldset = document.getElementById(result.ident);
      const line = fieldset.querySelector("[data-result]");
      fieldset.classList.remove("is-correct", "is-incorrect", "is-partial", "is-unscored");
      let status;
      if (result.correct === null) {
        status = "is-unscored";
        line.textContent = t("unscored");
      } else if (result.correct) {
        status = "is-correct";
        line.textContent = t("correct", marks(result));
      } else {
        status = result.earned > 0 ? "is-partial" : "is-incorrect";
        line.textContent = t(result.earned > 0 ? "partly_correct" : "incorrect", marks(result));
      }
      fieldset.classList.add(status);
      line.hidden = false;
      fieldset.querySelectorAll("[data-feedback]").forEach(function (block) {
        const kind = block.getAttribute("data-feedback");
        block.hidden = !(kind === "general" ||
          (kind === "correct" && result.correct === true) ||
          (kind === "incorrect" && result.correct === false));
      });
      const chosen = Array.isArray(result.response) ? result.response : [];
      fieldset.querySelectorAll("[data-choice-feedback]").forEach(function (block) {
        block.hidden = chosen.indexOf(block.getAttribute("data-choice-feedback")) < 0;
      });
    }

    function exhausted() {
      return data.attempts > 0 && attempts >= data.attempts;
    }

    /* Disable every control (and stop the countdown) once no attempt is left or the time is up. */
    function lockIfOver() {
      const over = timedOut || exhausted();
      form.querySelectorAll("input, select, textarea, button").forEach(function (control) {
        control.disabled = over;
      });
      if (over) {
        window.clearInterval(ticking);
      }
      return over;
    }

    /*
     * The score line names the same two totals as the quiz header: points the
     * script marked, and points (not autoScored) left to the teacher.  A quiz of essays
     * only gets no score and no pass verdict, since nothing was marked yet.
     */
    function scoreText(outcome) {
      const manual = round(outcome.questions
        .filter(function (q) { return q.correct === null; })
        .reduce(function (sum, q) { return sum + q.points; }, 0));
      if (outcome.scoreMax === 0 && manual > 0) {
        return t("score_by_teacher", { manual: pointsText(manual) });
      }
      const values = {
        raw: round(outcome.scoreRaw),
        max: pointsText(outcome.scoreMax),
        percent: outcome.scoreMax > 0 ? Math.round((outcome.scoreRaw * 100) / outcome.scoreMax) : 100,
        manual: pointsText(manual),
      };
      return t(manual > 0 ? "score_automatic" : "score", values) + " " +
        t(outcome.passed ? "passed" : "not_passed", { pass: data.passScore });
    }

    function show(outcome) {
      outcome.questions.forEach(showQuestion);
      summary.textContent = scoreText(outcome) +
        (lockIfOver() && exhausted() ? " " + t("no_attempts_left") : "");
      summary.classList.toggle("is-passed", outcome.passed);
      summary.classList.toggle("is-pending", outcome.scoreMax === 0);
    }

    form.addEventListener("change", function (event) {
      const fieldset = event.target.closest(".question");
      if (!fieldset) {
        return;
      }
      answeredAt[fieldset.id] = Date.now() - startedAt;
      changedSinceCheck = true;
      emit("lmsexport:answer-changed", { ident: fieldset.id });
    });

    function check() {
      attempts += 1;
      submitted = true;
      changedSinceCheck = false;
      const outcome = evaluate();
      show(outcome);
      markDone(pageIdent);
      emit("lmsexport:quiz-submitted", outcome);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!timedOut && !exhausted()) {
        check();
      }
    });

    /* ---------- time limit: a countdown from the first opening, answers checked at zero ---------- */

    const timer = data.timeLimit ? document.getElementById("lmsexport-timer") : null;
    let deadline = null;
    let ticking = null;
    let lastLeft = 0;

    function clockText(milliseconds) {
      const seconds = Math.ceil(milliseconds / 1000);
      const rest = seconds % 60;
      return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
    }

    function announce(text) {
      document.getElementById("lmsexport-timer-alert").textContent = text;
    }

    function timeUp() {
      window.clearInterval(ticking);
      if (!exhausted() && (!submitted || changedSinceCheck)) {
        check();
      }
      timedOut = true;
      lockIfOver();
      announce(t("time_up"));
    }

    function tick() {
      const left = Math.max(0, deadline - Date.now());
      document.getElementById("lmsexport-timer-clock").textContent = clockText(left);
      [5, 1].forEach(function (minutes) {
        if (left <= minutes * 60000 && lastLeft > minutes * 60000 && left > 0) {
          announce(tn("minutes_left", minutes));
        }
      });
      lastLeft = left;
      if (left === 0 && !timedOut) {
        timeUp();
      }
    }

    function startTimer(at) {
      window.clearInterval(ticking);
      deadline = at;
      lastLeft = deadline - Date.now();
      timer.hidden = false;
      tick();
      if (!timedOut) {
        ticking = window.setInterval(tick, 1000);
      }
    }

    if (timer) {
      startTimer(Date.now() + data.timeLimit * 60000);
    }

    return {
      getState: function () {
        const answers = {};
        data.questions.forEach(function (question) {
          answers[question.ident] = readers[question.type](fieldsetOf(question), question);
        });
        const state = { answers: answers, submitted: submitted, attempts: attempts };
        if (timer) {
          state.deadline = deadline;
        }
        return state;
      },
      restore: function (state) {
        if (!state || typeof state !== "object") {
          return;
        }
        const answers = state.answers && typeof state.answers === "object" ? state.answers : {};
        data.questions.forEach(function (question) {
          if (Object.prototype.hasOwnProperty.call(answers, question.ident)) {
            writers[question.type](fieldsetOf(question), answers[question.ident]);
          }
        });
        startedAt = Date.now();
        answeredAt = {};
        attempts = Number(state.attempts) || 0;
        submitted = state.submitted === true;
        changedSinceCheck = false;
        timedOut = false;
        if (submitted) {
          show(evaluate());
        } else {
          lockIfOver();
        }
        if (timer && !exhausted()) {
          startTimer(typeof state.deadline === "number" ? state.deadline : deadline);
        }
      },
    };
  }

  const quiz = pageKind === "quiz" ? setupQuiz() : null;
  if (pageKind === "lesson") {
    watchLessonEnd();
  }
  if (pageKind === "index") {
    showProgress();
  }

  window.lmsexport = {
    /* The learner's answers and attempt count, or null outside a quiz page. */
    getQuizState: function () {
      return quiz ? quiz.getState() : null;
    },
    /* Fill the inputs from getQuizState() output; re-show a submitted result silently. */
    restoreQuizState: function (state) {
      if (quiz) {
        quiz.restore(state);
      }
    },
  };
})();
