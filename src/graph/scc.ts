/**
 * Strongly connected components by Tarjan's algorithm, run with an explicit stack so that a
 * 34,000-node dependency chain cannot overflow the call stack.
 */
import type { Digraph } from './digraph.js';

/** The strongly connected components of a {@link Digraph}, numbered by their smallest member. */
export interface Components {
  /** Number of components. */
  readonly count: number;
  /** `componentOf[v]`: the component of node `v`. */
  readonly componentOf: Int32Array;
  /** `members[c]`: the nodes of component `c`, ascending; `members[c][0] < members[c+1][0]`. */
  readonly members: readonly (readonly number[])[];
  /** Component ids, each after every component it needs (a topological order, dependencies first). */
  readonly dependenciesFirst: Int32Array;
  /** Ids of components with more than one member (the dependency cycles), ascending. */
  readonly cyclic: readonly number[];
}

/**
 * Finds the strongly connected components of `graph`, ignoring edge ids `e` with `removed[e] !== 0`.
 * Self-loops never make a component cyclic: they are not in the CSR rows (see `graph.selfLoops`).
 * Time O(n + m), memory O(n).
 */
export function stronglyConnected(graph: Digraph, removed?: Uint8Array): Components {
  const n = graph.nodeCount;
  const { outStart, edgeTo } = graph;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n); // Tarjan's stack of visited, unassigned nodes
  const callStack = new Int32Array(n); // the DFS path, replacing recursion
  const cursor = new Int32Array(n); // next out-edge to look at, per node on the path
  const tarjanId = new Int32Array(n); // component in order of completion: sinks first
  let sp = 0;
  let cp = 0;
  let counter = 0;
  let completed = 0;

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    cursor[root] = outStart[root];
    callStack[cp++] = root;
    while (cp > 0) {
      const v = callStack[cp - 1];
      if (cursor[v] < outStart[v + 1]) {
        const e = cursor[v]++;
        if (removed !== undefined && removed[e] !== 0) continue;
        const w = edgeTo[e];
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          cursor[w] = outStart[w];
          callStack[cp++] = w;
        } else if (onStack[w] !== 0 && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      cp--;
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          tarjanId[w] = completed;
        } while (w !== v);
        completed++;
      }
      if (cp > 0) {
        const u = callStack[cp - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
    }
  }

  // Renumber by smallest member so the numbering does not depend on the DFS.
  const renumber = new Int32Array(completed).fill(-1);
  const componentOf = new Int32Array(n);
  const members: number[][] = [];
  for (let v = 0; v < n; v++) {
    let c = renumber[tarjanId[v]];
    if (c === -1) {
      c = renumber[tarjanId[v]] = members.length;
      members.push([]);
    }
    componentOf[v] = c;
    members[c].push(v);
  }
  // Tarjan completes a component only after all it can reach: completion order is dependencies first.
  const dependenciesFirst = new Int32Array(completed);
  for (let t = 0; t < completed; t++) dependenciesFirst[t] = renumber[t];
  const cyclic: number[] = [];
  for (let c = 0; c < members.length; c++) if (members[c].length > 1) cyclic.push(c);
  return { count: completed, componentOf, members, dependenciesFirst, cyclic };
}
