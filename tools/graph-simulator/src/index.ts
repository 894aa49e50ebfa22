// Public entry of @convis/graph-simulator.
export { createSimulator } from './simulator.ts';
export { seedDemo, DEMO_API_VERSION, DEMO_RECIPIENTS } from './demo.ts';
export type { DemoOptions, DemoSeed, DemoTemplate } from './demo.ts';
export { signature256, serializeLikeMeta } from './webhooks.ts';
export { SimError } from './sim-error.ts';
export type * from './types.ts';
