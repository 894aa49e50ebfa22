import { moduleBoundaries, readProjects } from './module-boundaries.js';
import { sharedRuleCopies } from './shared-rule-copies.js';

/** The workspace's ESLint plugin: `convis/module-boundaries`. */
export const plugin = { rules: { 'module-boundaries': moduleBoundaries } };
export { readProjects, sharedRuleCopies };
