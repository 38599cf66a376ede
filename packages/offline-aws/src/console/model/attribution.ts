/**
 * Which state, and which Map iteration, each history event belongs to. AWS names the state on its
 * StateEntered/StateExited events, on EvaluationFailed (`state`) and on MapIteration* (`name`: the
 * Map); the other events (a Task's calls, MapStateStarted/Failed, ParallelStateSucceeded, MapRun*)
 * are found through their previousEventId chain: the Map or Parallel state that holds the event
 * before them (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html).
 */
import { containersOf, type DefinitionGraph } from './definition';
import { detailsOf, str, type HistoryEvent, type IterationFrame } from './events';

export interface EventPlace {
  state: string;
  frames: IterationFrame[];
}

const CONTAINER_EVENT = /^(Parallel|Map)State(Started|Succeeded|Failed|Aborted)$/;
const CONTAINER_END = /^(Parallel|Map)State(Succeeded|Failed|Aborted)$/;

/** The key of one entry of `state` in these iterations (the same across its events). */
export const placeKey = (place: EventPlace): string =>
  `${place.frames.map((f) => `${f.map}[${f.index}]`).join('/')}|${place.state}`;

/** Each event's state and iterations, by event id (events without a state, like ExecutionStarted, have none). */
export function attribute(events: readonly HistoryEvent[], graph: DefinitionGraph): Map<number, EventPlace> {
  const places = new Map<number, EventPlace>();
  // The iterations the events after an event run in (MapIterationStarted opens one).
  const context = new Map<number, IterationFrame[]>();
  const closed = new Set<string>();
  const open: EventPlace[] = [];
  // The frames of the Map states that hold `state` (and `state` itself with `self`); frames nest, outermost first.
  const within = (frames: IterationFrame[], state: string, self = false): IterationFrame[] => {
    const holders = new Set([...(self ? [state] : []), ...containersOf(graph, state)]);
    const kept: IterationFrame[] = [];
    for (const frame of frames) {
      if (!holders.has(frame.map)) break;
      kept.push(frame);
    }
    return kept;
  };
  for (const event of events) {
    const details = detailsOf(event);
    const previous = event.previousEventId === undefined ? undefined : places.get(event.previousEventId);
    const inherited = (event.previousEventId === undefined ? undefined : context.get(event.previousEventId)) ?? [];
    const named = str(details.name);
    let place: EventPlace | undefined;
    let next: IterationFrame[] | undefined;
    if (/StateEntered$|StateExited$/.test(event.type) && named !== undefined) {
      place = { state: named, frames: within(inherited, named) };
      if (event.type.endsWith('Entered')) {
        closed.delete(placeKey(place));
        open.push(place);
      } else removeOpen(open, place);
    } else if (event.type === 'EvaluationFailed' && str(details.state) !== undefined) {
      const state = str(details.state) as string;
      place = { state, frames: within(inherited, state) };
    } else if (event.type.startsWith('MapIteration') && named !== undefined) {
      place = { state: named, frames: within(inherited, named) };
      const index = typeof details.index === 'number' ? details.index : -1;
      next = event.type === 'MapIterationStarted' ? [...place.frames, { map: named, index }] : place.frames;
    } else if (CONTAINER_EVENT.test(event.type)) {
      place = containerOf(event, previous, inherited, graph, closed, open, within);
      if (place && CONTAINER_END.test(event.type)) closed.add(placeKey(place));
      if (place) next = place.frames;
    } else if (!event.type.startsWith('Execution') && previous) {
      place = previous;
      next = inherited;
    }
    if (!place) continue;
    places.set(event.id, place);
    context.set(event.id, next ?? place.frames);
  }
  return places;
}

function removeOpen(open: EventPlace[], place: EventPlace): void {
  const key = placeKey(place);
  const index = open.map(placeKey).lastIndexOf(key);
  if (index >= 0) open.splice(index, 1);
}

/**
 * The Map or Parallel state a MapState… or ParallelState… event is about: the innermost state of that
 * type holding (or being) the state of the event before it, and not already ended; else the
 * innermost one entered and not left (histories whose previousEventId says less).
 */
function containerOf(
  event: HistoryEvent,
  previous: EventPlace | undefined,
  inherited: IterationFrame[],
  graph: DefinitionGraph,
  closed: Set<string>,
  open: EventPlace[],
  within: (frames: IterationFrame[], state: string, self?: boolean) => IterationFrame[],
): EventPlace | undefined {
  const type = event.type.startsWith('Parallel') ? 'Parallel' : 'Map';
  const candidates = previous ? [previous.state, ...containersOf(graph, previous.state)] : [];
  for (const state of candidates) {
    if (graph.states.get(state)?.type !== type) continue;
    const place = { state, frames: within(inherited, state) };
    if (!closed.has(placeKey(place))) return place;
  }
  return [...open].reverse().find((o) => graph.states.get(o.state)?.type === type && !closed.has(placeKey(o)));
}
