/* LMS.BenarSalah 1.0: one statement answered "Benar" or "Salah", with feedback.
 *
 * Depends only on H5P core (h5p-standalone's frame.bundle.js): H5P.EventDispatcher and the
 * xAPI helpers on its prototype. H5P core finds a runnable library by walking the machine name
 * from window ("LMS.BenarSalah" -> window.LMS.BenarSalah, H5P.newRunnable), while
 * H5P.classFromName keeps only the last part (H5P.BenarSalah): both are set, plus
 * H5P.LmsBenarSalah for the project's own code.
 *
 * State (getCurrentState / extras.previousState): {answer: "true"|"false"|null, checked: bool}.
 * On "Periksa" the instance emits two top-level xAPI statements with result.score
 * (raw, max, scaled): "answered" then "completed".
 */
(function (H5P) {
  "use strict";

  var DEFAULTS = {
    question: "",
    correct: "true",
    feedbackCorrect: "Jawaban Anda benar.",
    feedbackWrong: "Jawaban Anda belum tepat.",
    l10n: { trueLabel: "Benar", falseLabel: "Salah", checkLabel: "Periksa", retryLabel: "Coba lagi" }
  };
  var counter = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function BenarSalah(params, contentId, extras) {
    H5P.EventDispatcher.call(this);
    params = params || {};
    this.params = {
      question: params.question || DEFAULTS.question,
      correct: params.correct === "false" ? "false" : "true",
      feedbackCorrect: params.feedbackCorrect || DEFAULTS.feedbackCorrect,
      feedbackWrong: params.feedbackWrong || DEFAULTS.feedbackWrong,
      l10n: {}
    };
    var l10n = params.l10n || {};
    for (var key in DEFAULTS.l10n) {
      this.params.l10n[key] = l10n[key] || DEFAULTS.l10n[key];
    }
    this.contentId = contentId;
    this.extras = extras || {};
    var previous = this.extras.previousState;
    this.answer = null;
    this.checked = false;
    if (previous && (previous.answer === "true" || previous.answer === "false")) {
      this.answer = previous.answer;
      this.checked = previous.checked === true;
    }
    this.uid = "lms-bs-" + contentId + "-" + counter++;
  }

  BenarSalah.prototype = Object.create(H5P.EventDispatcher.prototype);
  BenarSalah.prototype.constructor = BenarSalah;

  BenarSalah.prototype.attach = function ($container) {
    var root = $container.get ? $container.get(0) : $container;
    var self = this;
    var l10n = this.params.l10n;
    root.classList.add("lms-benar-salah");
    root.textContent = "";

    var question = el("div", "lms-bs-question");
    question.id = this.uid + "-question";
    question.innerHTML = this.params.question; // sanitised when the package is installed
    root.appendChild(question);

    var group = el("div", "lms-bs-options");
    group.setAttribute("role", "radiogroup");
    group.setAttribute("aria-labelledby", question.id);
    this.inputs = {};
    [["true", l10n.trueLabel], ["false", l10n.falseLabel]].forEach(function (pair) {
      var label = el("label", "lms-bs-option");
      var input = el("input");
      input.type = "radio";
      input.name = self.uid;
      input.value = pair[0];
      input.addEventListener("change", function () {
        if (self.checked) return;
        self.answer = input.value;
        self.render();
        self.trigger("resize");
      });
      label.appendChild(input);
      label.appendChild(el("span", "lms-bs-option-text", pair[1]));
      group.appendChild(label);
      self.inputs[pair[0]] = { input: input, label: label };
    });
    root.appendChild(group);

    this.feedback = el("div", "lms-bs-feedback");
    this.feedback.setAttribute("role", "status");
    this.feedback.setAttribute("aria-live", "polite");
    root.appendChild(this.feedback);

    var actions = el("div", "lms-bs-actions");
    this.checkButton = el("button", "lms-bs-button lms-bs-check", l10n.checkLabel);
    this.checkButton.type = "button";
    this.checkButton.addEventListener("click", function () { self.check(); });
    this.retryButton = el("button", "lms-bs-button lms-bs-retry", l10n.retryLabel);
    this.retryButton.type = "button";
    this.retryButton.addEventListener("click", function () {
      self.resetTask();
      self.inputs["true"].input.focus();
    });
    actions.appendChild(this.checkButton);
    actions.appendChild(this.retryButton);
    root.appendChild(actions);

    this.render();
    this.trigger("resize");
  };

  /* Brings the DOM in line with this.answer and this.checked. */
  BenarSalah.prototype.render = function () {
    if (!this.inputs) return;
    var correct = this.params.correct;
    for (var value in this.inputs) {
      var item = this.inputs[value];
      item.input.checked = this.answer === value;
      item.input.disabled = this.checked;
      item.label.classList.toggle("lms-bs-selected", this.answer === value);
      item.label.classList.toggle("lms-bs-right", this.checked && value === correct && this.answer === value);
      item.label.classList.toggle("lms-bs-wrong", this.checked && value !== correct && this.answer === value);
    }
    this.checkButton.disabled = this.answer === null;
    this.checkButton.hidden = this.checked;
    this.retryButton.hidden = !this.checked;
    if (this.checked) {
      var right = this.answer === correct;
      this.feedback.textContent = right ? this.params.feedbackCorrect : this.params.feedbackWrong;
      this.feedback.className = "lms-bs-feedback " + (right ? "lms-bs-feedback-right" : "lms-bs-feedback-wrong");
      this.feedback.hidden = false;
    } else {
      this.feedback.textContent = "";
      this.feedback.className = "lms-bs-feedback";
      this.feedback.hidden = true;
    }
  };

  BenarSalah.prototype.check = function () {
    if (this.answer === null || this.checked) return;
    this.checked = true;
    this.render();
    var score = this.getScore();
    var max = this.getMaxScore();
    var success = score === max;
    this.triggerXAPIScored(score, max, "answered", true, success);
    this.triggerXAPIScored(score, max, "completed", true, success);
    this.retryButton.focus();
    this.trigger("resize");
  };

  BenarSalah.prototype.getScore = function () {
    return this.checked && this.answer === this.params.correct ? 1 : 0;
  };

  BenarSalah.prototype.getMaxScore = function () {
    return 1;
  };

  BenarSalah.prototype.getAnswerGiven = function () {
    return this.answer !== null;
  };

  BenarSalah.prototype.getCurrentState = function () {
    return { answer: this.answer, checked: this.checked };
  };

  BenarSalah.prototype.resetTask = function () {
    this.answer = null;
    this.checked = false;
    this.render();
    this.trigger("resize");
  };

  BenarSalah.prototype.showSolutions = function () {
    this.answer = this.params.correct;
    this.checked = true;
    this.render();
    this.trigger("resize");
  };

  BenarSalah.prototype.getTitle = function () {
    return H5P.createTitle((this.extras.metadata && this.extras.metadata.title) || this.params.question);
  };

  window.LMS = window.LMS || {};
  window.LMS.BenarSalah = BenarSalah;
  H5P.BenarSalah = BenarSalah;
  H5P.LmsBenarSalah = BenarSalah;
})(H5P);
