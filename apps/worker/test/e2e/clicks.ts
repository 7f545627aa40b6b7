// A small, readable catalogue and simulated searches with clicks. Users search with made-up brand
// words the base model cannot know (as real shops' private vocabulary), so only clicks can teach
// that "zorblax" means running shoes: a planted pattern the fine-tuned adapter must learn.
import { createRng, shuffle } from '@embedding-studio/random';

const TOPICS: Record<string, { query: string[]; items: string[] }> = {
  running: {
    query: ['zorblax', 'zorblax pro', 'new zorblax'],
    items: ['Cushioned road running shoe for long distances', 'Grippy trail runner with rock plate', 'Racing flat for marathon day', 'Breathable mesh training sneaker'],
  },
  coffee: {
    query: ['quintrel', 'quintrel deluxe', 'quintrel set'],
    items: ['Compact espresso maker with steam wand', 'Conical burr grinder with 40 settings', 'Glass pour-over dripper with paper filters', 'Stainless milk frothing pitcher'],
  },
  camping: {
    query: ['vardenko', 'vardenko lite', 'vardenko max'],
    items: ['Ultralight two-person backpacking tent', 'Down sleeping bag rated to minus ten', 'Folding gas stove for camping trips', 'Inflatable sleeping pad with pump sack'],
  },
  gardening: {
    query: ['plimsoth', 'plimsoth kit', 'plimsoth basic'],
    items: ['Bypass pruning shears with steel blades', 'Cedar raised bed for vegetables', 'Drip irrigation starter kit with timer', 'Kneeling pad and tool seat for weeding'],
  },
  audio: {
    query: ['hexabrim', 'hexabrim one', 'hexabrim ultra'],
    items: ['Over-ear headphones with active noise cancelling', 'Waterproof portable bluetooth speaker', 'Closed-back studio monitoring headphones', 'USB audio interface for recording'],
  },
};

export interface SimulatedSession {
  session: { session_id: string; search_query: string; search_results: { object_id: string; rank: number; meta: { text: string } }[] };
  clicks: string[];
}

/** `count` sessions; ids start with `prefix` so batches never collide. */
export function simulateSessions(prefix: string, count: number, seed: number): SimulatedSession[] {
  const rng = createRng(seed);
  const items = Object.entries(TOPICS).flatMap(([topic, t]) => t.items.map((text, i) => ({ id: `${topic}-${i}`, topic, text })));
  const topics = Object.keys(TOPICS);
  const out: SimulatedSession[] = [];
  for (let n = 0; n < count; n++) {
    const topic = topics[rng.int(topics.length)] as string;
    const t = TOPICS[topic] as { query: string[] };
    const query = t.query[rng.int(t.query.length)] as string;
    const own = items.filter((i) => i.topic === topic);
    const others = shuffle(items.filter((i) => i.topic !== topic), rng).slice(0, 6);
    const shown = shuffle([...own.slice(0, 2), ...others], rng);
    const clicks = shown.filter((i) => i.topic === topic && rng.next() < 0.9).map((i) => i.id);
    out.push({
      session: { session_id: `${prefix}-${n}`, search_query: query, search_results: shown.map((i, rank) => ({ object_id: i.id, rank, meta: { text: i.text } })) },
      clicks,
    });
  }
  return out;
}
