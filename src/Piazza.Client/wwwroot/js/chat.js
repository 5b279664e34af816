// Scrolling, the Enter key, the window's attention and notifications: the few things the browser
// must do itself.

const NEAR_BOTTOM_PX = 32;
const logs = new WeakMap();

function isAtBottom(log) {
  return log.scrollHeight - log.scrollTop - log.clientHeight <= NEAR_BOTTOM_PX;
}

function toBottom(log) {
  log.scrollTop = log.scrollHeight;
}

// The log shows a window of the room's entries (the app renders only those); this keeps the
// reader's place as the window moves, and asks the app for more when the reader nears an edge.
//  - At the bottom, the log follows new entries.
//  - Elsewhere, the entry at the top of the view stays where it is on screen, whatever is added
//    or removed above or below it (older pages coming in, the window sliding).
//  - Near the top (or with too little to fill the view) it asks for earlier entries; near the
//    bottom of a window that does not reach the end, for later ones.
export function attachLog(log, app) {
  const state = {
    follow: true,
    anchor: null,
    anchorOffset: 0,
    askingTop: false,
    askingBottom: false,
    reportedBottom: true,
    frame: 0,
  };
  const edge = () => Math.max(400, log.clientHeight);
  // The app marks a window that does not reach the end of the room: its bottom is not the end.
  const moreBelow = () => log.dataset.moreBelow === "true";
  const following = () => isAtBottom(log) && !moreBelow();

  const remember = () => {
    state.anchor = null;
    const top = log.scrollTop;
    state.rememberedTop = top;
    state.rememberedHeight = log.scrollHeight;
    for (const child of log.children) {
      if (child.offsetTop + child.offsetHeight > top) {
        state.anchor = child;
        state.anchorOffset = child.offsetTop - top;
        break;
      }
    }
  };

  // force: the app may have changed its mind about following (a divider shown), so tell it again.
  const report = force => {
    const atBottom = isAtBottom(log);
    if (force === true || atBottom !== state.reportedBottom) {
      state.reportedBottom = atBottom;
      app.invokeMethodAsync("AtBottomChanged", atBottom).catch(() => {});
    }
  };

  const check = () => {
    if (!log.isConnected) {
      return;
    }
    // What changed while an answer was awaited is looked at again once it came (a reader left
    // at the top gets the next page); an answer that changed nothing ends the asking.
    if (!state.askingTop && log.scrollTop < edge()) {
      state.askingTop = true;
      state.changedTop = false;
      app.invokeMethodAsync("NearTop").catch(() => {}).finally(() => {
        state.askingTop = false;
        if (state.changedTop) {
          check();
        }
      });
    }
    const below = log.scrollHeight - log.scrollTop - log.clientHeight;
    if (!state.askingBottom && moreBelow() && below < edge()) {
      state.askingBottom = true;
      state.changedBottom = false;
      app.invokeMethodAsync("NearBottom").catch(() => {}).finally(() => {
        state.askingBottom = false;
        if (state.changedBottom) {
          check();
        }
      });
    }
  };

  const onScroll = () => {
    if (state.frame) {
      return;
    }
    state.frame = requestAnimationFrame(() => {
      state.frame = 0;
      state.follow = following();
      remember();
      report();
      check();
    });
  };

  const mutations = new MutationObserver(records => {
    state.changedTop = true;
    state.changedBottom = true;
    if (state.frame && log.scrollTop !== state.rememberedTop) {
      // The reader scrolled and entries came before that scroll was handled: whether they follow
      // is judged from where they scrolled to, against the height before these entries.
      state.follow = state.rememberedHeight - log.scrollTop - log.clientHeight <= NEAR_BOTTOM_PX && !moreBelow();
    }
    if (state.follow) {
      toBottom(log);
    } else {
      // Only from where the anchor was taken: a scroll since then (its event not handled yet) wins.
      if (state.anchor && state.anchor.isConnected && log.scrollTop === state.rememberedTop) {
        log.scrollTop = state.anchor.offsetTop - state.anchorOffset;
      }
      // Entries added below what the reader sees: the app offers the pill.
      const fold = log.scrollTop + log.clientHeight;
      const below = records.some(r => r.target === log
        && [...r.addedNodes].some(n => n.nodeType === 1 && n.offsetTop >= fold && !n.classList.contains("log-beginning")));
      if (below) {
        app.invokeMethodAsync("NewBelow").catch(() => {});
      }
    }
    remember();
    report();
    check();
  });

  // The composer growing or the window shrinking must not leave a reader stranded above the end.
  const resize = new ResizeObserver(() => {
    if (state.follow) {
      toBottom(log);
    }
    remember();
    check();
  });

  // The pill takes the reader to the end at once; the app then renders the end of the room.
  const onPill = e => {
    if (e.target instanceof Element && e.target.closest(".new-pill")) {
      state.follow = true;
      toBottom(log);
    }
  };

  log.addEventListener("scroll", onScroll, { passive: true });
  log.parentElement?.addEventListener("click", onPill);
  mutations.observe(log, { childList: true, subtree: true, characterData: true });
  resize.observe(log);
  toBottom(log);
  remember();
  check();
  logs.set(log, {
    state,
    remember,
    report,
    check,
    detach: () => {
      mutations.disconnect();
      resize.disconnect();
      log.removeEventListener("scroll", onScroll);
      log.parentElement?.removeEventListener("click", onPill);
      if (state.frame) {
        cancelAnimationFrame(state.frame);
      }
    },
  });
}

export function detachLog(log) {
  logs.get(log)?.detach();
  logs.delete(log);
}

// The reader asked for the end (the pill, or a message of their own): follow from now on.
export function followLog(log) {
  const entry = logs.get(log);
  toBottom(log);
  if (entry) {
    entry.state.follow = true;
    entry.remember();
    entry.report();
  }
}

// Opening a room with unread messages: the "New messages" divider near the top of the view.
export function revealDivider(log) {
  const divider = log.querySelector(".unread-divider");
  const entry = logs.get(log);
  if (!divider) {
    return;
  }
  log.scrollTop = Math.max(0, divider.offsetTop - 48);
  if (entry) {
    entry.state.follow = isAtBottom(log) && log.dataset.moreBelow !== "true";
    entry.remember();
    entry.report(true);
    entry.check();
  }
}

export function fitComposer(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = Math.min(textarea.scrollHeight + 2, 200) + "px";
}

export function attachComposer(textarea) {
  textarea.addEventListener("input", () => fitComposer(textarea));
  fitComposer(textarea);
}

export function focusElement(element) {
  element?.focus({ preventScroll: true });
}

// Whether the person is looking at this window: focused and not hidden. Reported on every change;
// returns the state now. The root element's data-attention says what the app has been told
// ("looking" or "away"), once it has taken it.
export function trackAttention(app) {
  let last = document.hasFocus() && document.visibilityState === "visible";
  const told = now => { document.documentElement.dataset.attention = now ? "looking" : "away"; };
  const report = now => {
    if (now !== last) {
      last = now;
      app.invokeMethodAsync("AttentionChanged", now).then(() => told(now), () => {});
    }
  };
  told(last);
  window.addEventListener("focus", () => report(document.visibilityState === "visible"));
  window.addEventListener("blur", () => report(false));
  document.addEventListener("visibilitychange", () => report(document.visibilityState === "visible" && document.hasFocus()));
  return last;
}

export function notificationPermission() {
  return "Notification" in window ? Notification.permission : "unsupported";
}

// Asks once; the answer is the browser's ("granted", "denied" or "default").
export async function askNotificationPermission() {
  if (!("Notification" in window)) {
    return "unsupported";
  }
  if (Notification.permission !== "default") {
    return Notification.permission;
  }
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

// A desktop notification; clicking it brings the window forward and opens the room.
export function notify(app, title, body, room) {
  if (!("Notification" in window) || Notification.permission !== "granted") {
    return false;
  }
  const note = new Notification(title, { body, tag: room });
  note.onclick = () => {
    window.focus();
    app.invokeMethodAsync("OpenRoom", room).catch(() => {});
    note.close();
  };
  return true;
}

export function showDialog(dialog) {
  if (dialog && !dialog.open) {
    dialog.showModal();
  }
}

export function closeDialog(dialog) {
  if (dialog && dialog.open) {
    dialog.close();
  }
}

// After Close: whatever the page shows from now on, it is the closed state.
export function markClosed() {
  document.documentElement.classList.add("piazza-closed");
  // An app window opened for this page may close itself; a browser tab keeps the closed screen.
  setTimeout(() => window.close(), 300);
}
