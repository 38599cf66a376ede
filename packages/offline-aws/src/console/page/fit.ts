/** How the graph is fitted to its view. Pure (no DOM): unit-tested in Node. */

/** Scale and offsets (panzoom's units: pixels before scaling) that fit `content` in `viewport`, centred, at most 100 %. */
export function fitTransform(
  viewport: { width: number; height: number },
  content: { width: number; height: number },
  margin = 8,
): { scale: number; x: number; y: number } {
  const room = { width: Math.max(1, viewport.width - 2 * margin), height: Math.max(1, viewport.height - 2 * margin) };
  const scale = Math.min(1, room.width / Math.max(1, content.width), room.height / Math.max(1, content.height));
  // The wrapper is an HTML element: panzoom scales it about its centre (transform-origin 50% 50%).
  const offset = (outer: number, inner: number) => (outer - inner) / (2 * scale);
  return { scale, x: offset(viewport.width, content.width), y: offset(viewport.height, content.height) };
}
