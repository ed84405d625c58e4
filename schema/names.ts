/**
 * The subgraphs, one per agency's domain and one for what they share: a module of its own, so that reading the
 * configuration loads no schema.
 */
export const SUBGRAPH_NAMES = ['shared', 'mib', 'police', 'procuratorate', 'court'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];
