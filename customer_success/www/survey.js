// Sends the answer to the guest API, then shows the thank-you page (or the reason it was refused).
(function () {
	const form = document.getElementById("cs-survey-form");
	if (!form) return;
	const error = form.querySelector(".cs-survey-error");
	const button = form.querySelector("button[type=submit]");
	const t = window.__ || ((text) => text);

	function show_error(text) {
		error.textContent = text;
		error.hidden = false;
	}

	function server_message(data) {
		try {
			return JSON.parse(JSON.parse(data._server_messages)[0]).message;
		} catch (e) {
			return null;
		}
	}

	form.addEventListener("submit", async (event) => {
		event.preventDefault();
		error.hidden = true;
		const token = form.elements.token.value;
		const rating = form.querySelector("input[name=rating]:checked");
		if (!rating) {
			show_error(t("Choose a rating from 1 to 5 stars."));
			return;
		}
		button.disabled = true;
		try {
			const response = await fetch("/api/method/customer_success.api.survey.submit_response", {
				method: "POST",
				headers: {
					"Content-Type": "application/json",
					Accept: "application/json",
					// Only checked when someone logged in to Desk opens the link.
					"X-Frappe-CSRF-Token": (window.frappe && window.frappe.csrf_token) || "",
				},
				body: JSON.stringify({ token, rating: rating.value, comment: form.elements.comment.value }),
			});
			const data = await response.json().catch(() => ({}));
			if (response.ok || response.status === 409) {
				const thanks = response.ok ? "&thanks=1" : "";
				window.location.replace(`/survey?token=${encodeURIComponent(token)}${thanks}`);
				return;
			}
			show_error(server_message(data) || t("Your answer could not be sent. Please try again."));
		} catch (e) {
			show_error(t("Your answer could not be sent. Please check your connection and try again."));
		}
		button.disabled = false;
	});
})();
