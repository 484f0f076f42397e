// The console's own script: CSRF header for htmx, confirmations and dialogs, and the dashboard charts.
(function () {
  "use strict";

  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) event.detail.headers["X-CSRFToken"] = meta.content;
  });

  document.addEventListener("submit", function (event) {
    var message = (event.submitter && event.submitter.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // htmx leaves the page as it was on a refusal (4xx): say why, on top of the page, until the next action.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var text = "";
    if (xhr.status < 500 && xhr.responseText) {
      text = new DOMParser().parseFromString(xhr.responseText, "text/html").body.textContent.trim();
    }
    var box = document.getElementById("htmx-error");
    if (!box) {
      box = document.createElement("p");
      box.id = "htmx-error";
      box.className = "notice error";
      box.setAttribute("role", "alert");
      box.title = "点击关闭";
      box.addEventListener("click", function () { box.hidden = true; });
      document.body.appendChild(box);
    }
    box.textContent = text || "操作未完成，请刷新页面后重试";
    box.hidden = false;
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("htmx-error");
    if (box) box.hidden = true;
  });

  // A <dialog> asks before a weighty step: [data-open-dialog] opens it, [data-close-dialog] closes it. Delegated,
  // because htmx swaps the panel holding them.
  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-open-dialog]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-open-dialog"));
      if (dialog && dialog.showModal) dialog.showModal();
      return;
    }
    var closer = event.target.closest("[data-close-dialog]");
    if (closer && closer.closest("dialog")) closer.closest("dialog").close();
  });

  var palette = ["#1e6bb8", "#e07b24", "#2e9d57", "#c23b3b", "#7b55c7", "#8c6d31", "#d65fa6", "#5d6d7e",
                 "#17a2b8", "#b5a22a", "#4e79a7", "#f28e2b"];

  // Readable at arm's length on a 1,440 px screen: 13 px ticks, 14 px axis titles.
  function axisTitles(options, spec) {
    if (!options.scales) return;
    var title = function (text) { return {display: !!text, text: text || "", font: {size: 14, weight: "bold"}}; };
    ["x", "y"].forEach(function (axis) {
      var scale = options.scales[axis] = options.scales[axis] || {};
      scale.ticks = Object.assign({font: {size: 13}, autoSkip: false}, scale.ticks || {});
      // The data's titles name the category axis and the value axis as drawn.
      scale.title = title(axis === "x" ? spec.x_title : spec.y_title);
    });
  }

  function drawCharts() {
    var source = document.getElementById("chart-data");
    if (!source || typeof window.Chart === "undefined") return;
    window.Chart.defaults.font.size = 13;
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    var charts = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = charts[canvas.getAttribute("data-chart")];
      if (!spec) return;
      var datasets, type = spec.type, options = {responsive: true, maintainAspectRatio: false,
        plugins: {legend: {display: type === "doughnut" || type === "quota"}}};
      if (type === "quota") {
        type = "bar";
        datasets = [
          {label: spec.label, data: spec.values, backgroundColor: "#1e6bb8"},
          {label: "剩余名额", data: spec.limits.map(function (limit, i) { return Math.max(0, limit - spec.values[i]); }),
           backgroundColor: "#d5dde6"}
        ];
        options.indexAxis = "y";
        options.scales = {x: {stacked: true, ticks: {precision: 0}}, y: {stacked: true}};
      } else {
        datasets = [{label: spec.label, data: spec.values,
                     backgroundColor: type === "doughnut" ? palette : palette[0],
                     borderColor: palette[0], tension: 0.2}];
        if (type === "bar" || type === "line") options.scales = {[spec.horizontal ? "x" : "y"]: {beginAtZero: true, ticks: {precision: 0}}};
        if (spec.horizontal) options.indexAxis = "y";
      }
      axisTitles(options, spec);
      new window.Chart(canvas, {type: type, data: {labels: spec.labels, datasets: datasets}, options: options});
      canvas.setAttribute("data-drawn", "1");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawCharts);
  else drawCharts();
})();
