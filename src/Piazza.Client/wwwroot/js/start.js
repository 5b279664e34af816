// The app runs on this computer: if it does not answer within a few seconds it has stopped, so
// the page says "closed" quickly instead of retrying for minutes.
Blazor.start({
  circuit: {
    reconnectionOptions: { maxRetries: 5, retryIntervalMilliseconds: 1000 },
  },
});
