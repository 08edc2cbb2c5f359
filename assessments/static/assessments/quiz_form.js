// Quiz form (admin): the settings of the chosen kind only. The server already renders the
// panels of other kinds hidden and ignores what is posted for them (assessments.admin_forms.
// quizzes.KIND_ONLY); this follows the kind select without a round trip. A hidden panel's
// fields are disabled, so they are not posted; a new quiz without a kind shows everything.
(function () {
  "use strict";
  function start() {
    const select = document.getElementById("id_kind");
    if (!select) return;
    function follow() {
      const kind = select.value;
      document.querySelectorAll("[data-quiz-kinds]").forEach(function (panel) {
        const shown = !kind || panel.dataset.quizKinds.split(" ").indexOf(kind) !== -1;
        panel.hidden = !shown;
        panel.querySelectorAll("input, select, textarea").forEach(function (field) {
          field.disabled = !shown;
        });
      });
    }
    select.addEventListener("change", follow);
    follow();
    // the whole name of the bank a draw row takes, under its dropdown (which cuts it)
    document.querySelectorAll("[data-choice-label-for]").forEach(function (note) {
      const choice = document.getElementById(note.dataset.choiceLabelFor);
      if (!choice) return;
      choice.addEventListener("change", function () {
        const option = choice.options[choice.selectedIndex];
        note.textContent = option && option.value ? option.text : "";
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
