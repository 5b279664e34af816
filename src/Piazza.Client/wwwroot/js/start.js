// Loaded with the page, before Blazor starts.

// Enter sends and Shift+Enter adds a line in any box marked data-enter-sends. Listening on the
// document (not on the box once rendered) means it works from the first keystroke; a composing
// IME keeps its Enter.
document.addEventListener("keydown", e => {
  const box = e.target;
  if (!(box instanceof HTMLTextAreaElement) || !box.hasAttribute("data-enter-sends")) {
    return;
  }
  if (e.key !== "Enter" || e.shiftKey || e.altKey || e.isComposing || e.keyCode === 229) {
    return;
  }
  e.preventDefault();
  if (!e.repeat) {
    box.form?.requestSubmit();
  }
});

// The app runs on this computer: if it does not answer within a few seconds it has stopped, so
// the page says "closed" quickly instead of retrying for minutes.
Blazor.start({
  circuit: {
    reconnectionOptions: { maxRetries: 5, retryIntervalMilliseconds: 1000 },
  },
});
