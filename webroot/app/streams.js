// Every EventSource of the front page's modules is opened here, so that all of them close when the page is left.
// A browser may keep a page it navigated away from in its back/forward cache, streams and all; those streams would
// go on holding connections out of the six per origin that the next page of the hub needs, and its own streams
// would wait forever in "connecting". A page shown again from that cache reloads, which opens its streams afresh.
const streams = new Set();

/** new EventSource(url), closed when the page is hidden for good. */
export function openStream(url) {
  for (const stream of streams) {
    if (stream.readyState === EventSource.CLOSED) streams.delete(stream);
  }
  const stream = new EventSource(url);
  streams.add(stream);
  return stream;
}

addEventListener("pagehide", () => {
  for (const stream of streams) stream.close();
  streams.clear();
});

addEventListener("pageshow", (event) => {
  if (event.persisted) location.reload();
});
