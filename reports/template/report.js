/* sipvet report: verdict filters and search. Without JavaScript the page
 * shows every case and the filter bar stays hidden. */
(function () {
	"use strict";
	var bar = document.getElementById("filters");
	if (!bar)
		return;
	var boxes = bar.querySelectorAll("input[type=checkbox][data-v]");
	var q = document.getElementById("q");
	var shown = document.getElementById("shown");
	var cases = document.querySelectorAll("details.case");
	var areas = document.querySelectorAll("#cases .area");
	bar.hidden = false;

	function apply() {
		var on = {}, needle = q.value.trim().toLowerCase(), n = 0, i;
		for (i = 0; i < boxes.length; i++)
			on[boxes[i].getAttribute("data-v")] = boxes[i].checked;
		for (i = 0; i < cases.length; i++) {
			var c = cases[i];
			var ok = on[c.getAttribute("data-v")] !== false &&
			         (!needle || (c.getAttribute("data-s") || "").indexOf(needle) >= 0);
			c.hidden = !ok;
			if (ok)
				n++;
		}
		for (i = 0; i < areas.length; i++)
			areas[i].hidden = !areas[i].querySelector("details.case:not([hidden])");
		shown.textContent = n + " of " + cases.length + " shown";
	}

	function only(v) {
		for (var i = 0; i < boxes.length; i++) {
			var bv = boxes[i].getAttribute("data-v");
			boxes[i].checked = v === "fail" ? bv === "fail" || bv === "waived" : bv === v;
		}
		apply();
	}

	function openAll(open) {
		for (var i = 0; i < cases.length; i++)
			if (!cases[i].hidden)
				cases[i].open = open;
	}

	for (var i = 0; i < boxes.length; i++)
		boxes[i].addEventListener("change", apply);
	q.addEventListener("input", apply);
	document.getElementById("all").addEventListener("click", function () {
		for (var i = 0; i < boxes.length; i++)
			boxes[i].checked = true;
		q.value = "";
		apply();
	});
	document.getElementById("expand").addEventListener("click", function () { openAll(true); });
	document.getElementById("collapse").addEventListener("click", function () { openAll(false); });

	/* The summary cards narrow the list to their verdict. */
	var cards = document.querySelectorAll(".card[data-v]");
	for (i = 0; i < cards.length; i++)
		cards[i].addEventListener("click", function () { only(this.getAttribute("data-v")); });

	/* A link to a case opens it, even when it is filtered out. */
	function reveal() {
		var id = decodeURIComponent(location.hash.slice(1));
		var el = id && document.getElementById(id);
		if (el && el.classList.contains("case")) {
			if (el.hidden) {
				for (var i = 0; i < boxes.length; i++)
					boxes[i].checked = true;
				q.value = "";
				apply();
			}
			el.open = true;
			el.scrollIntoView();
		}
	}
	window.addEventListener("hashchange", reveal);
	apply();
	reveal();
})();
