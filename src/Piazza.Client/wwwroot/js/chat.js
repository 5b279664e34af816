// Scrolling, the Enter key and the closed state: the few things the browser must do itself.

const NEAR_BOTTOM_PX = 32;
const logs = new WeakMap();
let followNext = false;

function isAtBottom(log) {
  return log.scrollHeight - log.scrollTop - log.clientHeight <= NEAR_BOTTOM_PX;
}

function toBottom(log) {
  log.scrollTop = log.scrollHeight;
}

// Follow new entries only when the reader is already at the bottom; otherwise show the pill.
export function attachLog(log, pill) {
  // The height of the content the reader last saw. Whether they were at the bottom is judged
  // against it when entries arrive, from the current scroll position: a scroll event may not
  // have been delivered yet (it waits for the next frame), so a flag set by it can be stale.
  const state = { atBottom: true, seenHeight: log.scrollHeight };
  const wasAtBottom = () => state.seenHeight - log.scrollTop - log.clientHeight <= NEAR_BOTTOM_PX;
  const onScroll = () => {
    state.atBottom = isAtBottom(log);
    state.seenHeight = log.scrollHeight;
    if (state.atBottom) {
      pill.hidden = true;
    }
  };
  const onPill = () => {
    toBottom(log);
    pill.hidden = true;
    log.focus({ preventScroll: true });
  };
  const mutations = new MutationObserver(records => {
    const added = records.some(r => r.addedNodes.length > 0);
    if (!added) {
      return;
    }
    if (wasAtBottom() || followNext) {
      followNext = false;
      toBottom(log);
      state.atBottom = true;
    } else {
      state.atBottom = false;
      pill.hidden = false;
    }
    state.seenHeight = log.scrollHeight;
  });
  // The composer growing or the window shrinking must not leave a reader stranded above the end.
  const resize = new ResizeObserver(() => {
    if (state.atBottom) {
      toBottom(log);
    }
    state.seenHeight = log.scrollHeight;
  });
  log.addEventListener("scroll", onScroll, { passive: true });
  pill.addEventListener("click", onPill);
  mutations.observe(log, { childList: true });
  resize.observe(log);
  toBottom(log);
  logs.set(log, () => {
    mutations.disconnect();
    resize.disconnect();
    log.removeEventListener("scroll", onScroll);
    pill.removeEventListener("click", onPill);
  });
}

export function detachLog(log) {
  logs.get(log)?.();
  logs.delete(log);
}

export function fitComposer(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = Math.min(textarea.scrollHeight + 2, 200) + "px";
}

// Your own message always brings the log to the end (Enter itself is handled in start.js).
export function attachComposer(textarea, form) {
  form.addEventListener("submit", () => { followNext = true; });
  textarea.addEventListener("input", () => fitComposer(textarea));
  fitComposer(textarea);
}

// After Close: whatever the page shows from now on, it is the closed state.
export function markClosed() {
  document.documentElement.classList.add("piazza-closed");
  // An app window opened for this page may close itself; a browser tab keeps the closed screen.
  setTimeout(() => window.close(), 300);
}
