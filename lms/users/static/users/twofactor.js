// "Cetak" on the recovery codes page (templates/users/twofactor/recovery_codes.html): a file,
// not an inline script, for the Content-Security-Policy. Without JavaScript the button stays
// hidden and the browser's own print works (the page has print styles).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
