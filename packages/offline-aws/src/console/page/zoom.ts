/**
 * Fit, zoom and pan for the graph, with @panzoom/panzoom (CSS transforms on the drawing's wrapper):
 * buttons (fit, zoom in, zoom out, 100 %), the mouse wheel, dragging, and the keyboard on the
 * focused viewport (+ and − zoom, 0 shows 100 %, F fits, the arrow keys pan).
 */
import Panzoom, { type PanzoomObject } from '@panzoom/panzoom';
import { h } from './dom';
import { fitTransform } from './fit';

export interface Zoomable {
  /** The toolbar and the viewport. */
  element: HTMLElement;
  /** The toolbar, for the caller's own controls. */
  toolbar: HTMLElement;
  /** Shows a new drawing (a new layout) and fits it. */
  show(content: SVGSVGElement): void;
  fit(): void;
  destroy(): void;
}

const PAN_STEP = 60;

export function zoomable(label: string): Zoomable {
  const content = h('div', { class: 'zoom-content' });
  const viewport = h(
    'div',
    {
      class: 'zoom-viewport',
      id: 'graph-viewport',
      tabindex: 0,
      role: 'region',
      'aria-label': `${label}. Drag or use the arrow keys to pan; wheel, + and − to zoom; F to fit; 0 for 100 %.`,
    },
    content,
  );
  const level = h('span', { class: 'zoom-level', id: 'zoom-level', 'aria-live': 'polite' }, '100 %');
  // Made when first used: Panzoom needs the element in the document.
  let instance: PanzoomObject | undefined;
  const pz = () =>
    (instance ??= Panzoom(content, {
      canvas: true,
      cursor: 'grab',
      minScale: 0.1,
      maxScale: 4,
      step: 0.25,
      // Keeps the default's preventDefault (no text selection while dragging) and lets clicks on states through.
      handleStartEvent: (event: Event) => event.preventDefault(),
    }));
  // Fitted to the view until the user zooms or pans: kept fitted when the viewport's size changes
  // (the page's columns settle, a hidden tab is shown, the window is resized).
  let auto = true;
  const manual = (action: () => void) => () => {
    auto = false;
    action();
  };
  const button = (id: string, text: string, title: string, action: () => void) =>
    h('button', { type: 'button', id, title, 'aria-label': title, onclick: action }, text);
  const fit = () => {
    const svg = content.querySelector('svg');
    const box = viewport.getBoundingClientRect();
    auto = true;
    if (!svg || !viewport.isConnected || box.width === 0) return;
    const size = { width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')) };
    const { scale, x, y } = fitTransform({ width: box.width, height: box.height }, size);
    pz().zoom(scale, { animate: false, force: true });
    pz().pan(x, y, { animate: false, force: true });
  };
  const actual = manual(() => {
    pz().zoom(1, { animate: false, force: true });
    pz().pan(0, 0, { animate: false, force: true });
  });
  const toolbar = h(
    'div',
    { class: 'zoom-toolbar', role: 'toolbar', 'aria-label': 'Graph view', 'aria-controls': 'graph-viewport' },
    button('graph-fit', 'Fit', 'Fit the graph to the view', fit),
    button(
      'graph-zoom-in',
      '+',
      'Zoom in',
      manual(() => pz().zoomIn()),
    ),
    button(
      'graph-zoom-out',
      '−',
      'Zoom out',
      manual(() => pz().zoomOut()),
    ),
    button('graph-reset', '100 %', 'Show at 100 %', actual),
    level,
  );
  content.addEventListener('panzoomchange', (event) => {
    const detail = (event as CustomEvent<{ scale: number }>).detail;
    level.textContent = `${Math.round(detail.scale * 100)} %`;
  });
  viewport.addEventListener('wheel', (event) => manual(() => pz().zoomWithWheel(event))());
  viewport.addEventListener('pointermove', (event) => {
    if (event.buttons !== 0) auto = false;
  });
  new ResizeObserver(() => {
    if (auto) fit();
  }).observe(viewport);
  viewport.addEventListener('keydown', (event) => {
    if (event.target !== viewport || event.ctrlKey || event.metaKey || event.altKey) return;
    const panzoom = pz();
    const { x, y } = panzoom.getPan();
    const step = PAN_STEP / panzoom.getScale();
    const keys: Record<string, () => void> = {
      '+': () => panzoom.zoomIn(),
      '=': () => panzoom.zoomIn(),
      '-': () => panzoom.zoomOut(),
      '0': actual,
      f: fit,
      F: fit,
      ArrowLeft: () => panzoom.pan(x + step, y, { force: true }),
      ArrowRight: () => panzoom.pan(x - step, y, { force: true }),
      ArrowUp: () => panzoom.pan(x, y + step, { force: true }),
      ArrowDown: () => panzoom.pan(x, y - step, { force: true }),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    if (action !== fit) auto = false;
    action();
  });
  return {
    element: h('div', { class: 'zoom' }, toolbar, viewport),
    toolbar,
    show(drawing) {
      content.replaceChildren(drawing);
      content.style.width = `${drawing.getAttribute('width')}px`;
      content.style.height = `${drawing.getAttribute('height')}px`;
      // Laid out once attached: fit on the next frame.
      requestAnimationFrame(fit);
    },
    fit,
    destroy: () => instance?.destroy(),
  };
}
